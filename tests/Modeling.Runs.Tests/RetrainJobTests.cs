using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modeling.Tests;

namespace Modeling.Runs.Tests;

/// <summary>The job in process on data-samples/clean: two consecutive months, idempotence, --force, as-of filtering.</summary>
[Collection(HeavyCollection.Name)]
public class RetrainJobTests(TwoMonthRuns runs)
{
    private static readonly DateTimeOffset DecemberFirst = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Two_consecutive_months_give_two_complete_runs_latest_on_the_newer_and_a_comparison()
    {
        Assert.Equal(RetrainStatus.Published, runs.November.Outcome.Status);
        Assert.Equal(RetrainStatus.Published, runs.December.Outcome.Status);
        Assert.Equal(Path.Combine(runs.Runs, "2025-12"), runs.December.Outcome.RunFolder);
        Support.AssertConsistent(runs.Runs);
        var folder = new RunsFolder(runs.Runs);
        Assert.Equal([new AsOfMonth(2025, 11), new AsOfMonth(2025, 12)], folder.CompleteRuns());
        Assert.Equal(new AsOfMonth(2025, 12), folder.Latest());
        Assert.Equal("2025-12", new FileInfo(Path.Combine(runs.Runs, "latest")).LinkTarget);
        foreach (var file in new[] { "manifest.json", "panel.csv", "results.json", "changes.json", "changes.txt" })
            Assert.True(File.Exists(Path.Combine(runs.Runs, "2025-12", file)), file);

        // The first run has nothing to compare with.
        Assert.Equal("Run 2025-11 (periods 2024-01 to 2025-11). No previous complete run to compare with.\n",
            File.ReadAllText(Path.Combine(runs.Runs, "2025-11", "changes.txt")));

        using var changes = Json(Path.Combine(runs.Runs, "2025-12", "changes.json"));
        var c = changes.RootElement;
        Assert.Equal("2025-11", c.GetProperty("previous_as_of").GetString());
        Assert.Equal(["2024-01", "2025-11"], c.GetProperty("previous_periods").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["2024-01", "2025-12"], c.GetProperty("periods").EnumerateArray().Select(x => x.GetString()));

        // Data volume: rows usable by the fit grow by exactly December's rows, counted independently from the CSVs.
        var volume = c.GetProperty("data_volume").EnumerateArray().ToDictionary(v => v.GetProperty("file").GetString()!);
        foreach (var (file, december) in DecemberRows())
        {
            var v = volume[file];
            Assert.Equal(v.GetProperty("rows_read").GetInt64() - december, v.GetProperty("previous_rows").GetInt64());
            Assert.Equal(v.GetProperty("rows_read").GetInt64(), v.GetProperty("rows").GetInt64());
            Assert.Equal(december, v.GetProperty("change").GetInt64());
        }

        // Moved effects, recomputed from the two results.json files: the new multiplier outside the old interval.
        using var before = Json(Path.Combine(runs.Runs, "2025-11", "results.json"));
        using var after = Json(Path.Combine(runs.Runs, "2025-12", "results.json"));
        var old = before.RootElement.GetProperty("effects").EnumerateArray()
            .ToDictionary(e => (e.GetProperty("outcome").GetString(), e.GetProperty("estimator").GetString()));
        var expectedMoved = new List<string>();
        int compared = 0;
        foreach (var e in after.RootElement.GetProperty("effects").EnumerateArray())
        {
            if (!old.TryGetValue((e.GetProperty("outcome").GetString(), e.GetProperty("estimator").GetString()), out var o)) continue;
            if (e.GetProperty("multiplier").ValueKind != JsonValueKind.Number || o.GetProperty("ci_low").ValueKind != JsonValueKind.Number
                || o.GetProperty("ci_high").ValueKind != JsonValueKind.Number) continue;
            compared++;
            double m = e.GetProperty("multiplier").GetDouble();
            if (m < o.GetProperty("ci_low").GetDouble() || m > o.GetProperty("ci_high").GetDouble())
                expectedMoved.Add(e.GetProperty("outcome").GetString() + "/" + e.GetProperty("estimator").GetString());
        }
        Assert.True(compared > 20, $"only {compared} effects compared");
        var effects = c.GetProperty("effects");
        Assert.Equal(compared, effects.GetProperty("compared").GetInt32());
        Assert.Equal(expectedMoved.Order(StringComparer.Ordinal),
            effects.GetProperty("moved_beyond_previous_interval").EnumerateArray()
                .Select(m => m.GetProperty("outcome").GetString() + "/" + m.GetProperty("estimator").GetString()).Order(StringComparer.Ordinal));

        // New cohorts: those in December's adoption block that November did not have.
        var oldCohorts = before.RootElement.GetProperty("adoption").GetProperty("cohorts").EnumerateArray().ToDictionary(x => x.GetProperty("period").GetString()!, x => x.GetProperty("teams").GetInt32());
        var expectedCohorts = after.RootElement.GetProperty("adoption").GetProperty("cohorts").EnumerateArray()
            .Where(x => !oldCohorts.TryGetValue(x.GetProperty("period").GetString()!, out var n) || n != x.GetProperty("teams").GetInt32())
            .Select(x => x.GetProperty("period").GetString()).ToList();
        Assert.Equal(expectedCohorts, c.GetProperty("cohorts").EnumerateArray().Select(x => x.GetProperty("period").GetString()));
        Assert.StartsWith("Run 2025-12 compared with run 2025-11 (periods 2024-01 to 2025-12, previously 2024-01 to 2025-11).\n" +
            $"Effects: {expectedMoved.Count} of {compared} moved beyond the previous run's interval.\n",
            File.ReadAllText(Path.Combine(runs.Runs, "2025-12", "changes.txt")));

        // Month over month: December's results carry every mandate as each kept run judged it, read back from both files,
        // and its report draws them.
        var history = after.RootElement.GetProperty("run").GetProperty("history").EnumerateArray().ToList();
        foreach (var (run, doc) in new[] { ("2025-11", before), ("2025-12", after) })
            foreach (var m in doc.RootElement.GetProperty("mandates").EnumerateArray())
            {
                var point = history.Single(h => h.GetProperty("as_of").GetString() == run && h.GetProperty("mandate_id").GetString() == m.GetProperty("mandate_id").GetString());
                Assert.Equal(m.GetProperty("estimate").ToString(), point.GetProperty("estimate").ToString());
                Assert.Equal(m.GetProperty("verdict").GetString(), point.GetProperty("verdict").GetString());
            }
        Assert.Equal(before.RootElement.GetProperty("mandates").GetArrayLength() + after.RootElement.GetProperty("mandates").GetArrayLength(), history.Count);
        Assert.Contains("id=\"history\"", File.ReadAllText(Path.Combine(runs.Runs, "2025-12", "report.html")));
        Assert.DoesNotContain("id=\"history\"", File.ReadAllText(Path.Combine(runs.Runs, "2025-11", "report.html")));
    }

    [Fact]
    public void Results_carry_the_as_of_and_the_rows_after_it_and_the_manifest_the_input_hashes_and_counts()
    {
        using var results = Json(Path.Combine(runs.Runs, "2025-11", "results.json"));
        var run = results.RootElement.GetProperty("run");
        Assert.Equal("2025-11", run.GetProperty("as_of").GetString());
        var after = run.GetProperty("rows_after_as_of").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(DecemberRows(), after);
        Assert.Equal(["2024-01", "2025-11"], results.RootElement.GetProperty("data").GetProperty("periods").EnumerateArray().Select(x => x.GetString()));

        using var manifest = Json(Path.Combine(runs.Runs, "2025-11", "manifest.json"));
        var m = manifest.RootElement;
        Assert.Equal("2025-11", m.GetProperty("as_of").GetString());
        Assert.Equal(0, m.GetProperty("exit_status").GetInt32());
        Assert.Equal(20211, m.GetProperty("seed").GetInt32());
        Assert.Equal("2025-11-30", m.GetProperty("parameters").GetProperty("cutoff_day").GetString());
        Assert.True(m.GetProperty("packages").TryGetProperty("DuckDB.NET.Data", out _));
        foreach (var stage in new[] { "lock_and_cleanup", "hash_inputs", "analyze", "compare", "write", "total" })
            Assert.True(m.GetProperty("timings_seconds").GetProperty(stage).GetDouble() >= 0, stage);
        var inputs = m.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("file").GetString()!);
        foreach (var file in Directory.EnumerateFiles(TwoMonthRuns.CleanData))
        {
            var input = inputs[Path.GetFileName(file)];
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), input.GetProperty("sha256").GetString());
        }
        Assert.Equal(File.ReadLines(Path.Combine(TwoMonthRuns.CleanData, "deployments.csv")).Count() - 1, inputs["deployments.csv"].GetProperty("rows_read").GetInt64());
        Assert.Equal(DecemberRows()["deployments.csv"], inputs["deployments.csv"].GetProperty("rows_after_as_of").GetInt64());
    }

    [Fact]
    public void The_same_as_of_with_the_same_inputs_is_up_to_date_and_changes_nothing()
    {
        var copy = Support.CopyRuns(runs.Runs);
        var before = Support.Snapshot(copy);
        var (outcome, progress) = Support.Retrain(runs.Options(copy, new AsOfMonth(2025, 12)));
        Assert.Equal(RetrainStatus.UpToDate, outcome.Status);
        Assert.Contains(Messages.UpToDate(new AsOfMonth(2025, 12), Path.Combine(copy, "2025-12")), progress);
        Assert.DoesNotContain(progress, l => l.StartsWith("analyze:", StringComparison.Ordinal));
        Assert.Equal(before, Support.Snapshot(copy));
    }

    [Fact]
    public void Force_rebuilds_with_a_byte_identical_results_json_and_keep_removes_the_oldest_run()
    {
        var copy = Support.CopyRuns(runs.Runs);
        var (outcome, progress) = Support.Retrain(runs.Options(copy, new AsOfMonth(2025, 12), force: true, keep: 1));
        Assert.Equal(RetrainStatus.Published, outcome.Status);
        Assert.Contains(Messages.Rebuilding(new AsOfMonth(2025, 12)), progress);
        Assert.Contains(Messages.Removed("2025-11", 1), progress);
        foreach (var file in new[] { "results.json", "panel.csv", "changes.json", "changes.txt" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(runs.Runs, "2025-12", file)), File.ReadAllBytes(Path.Combine(copy, "2025-12", file)));
        Assert.False(Directory.Exists(Path.Combine(copy, "2025-11")));
        Assert.Equal([new AsOfMonth(2025, 12)], new RunsFolder(copy).CompleteRuns());
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(copy).Select(Path.GetFileName),
            n => n!.StartsWith(".incomplete", StringComparison.Ordinal) || n.StartsWith(".deleting", StringComparison.Ordinal));
        Support.AssertConsistent(copy);
    }

    /// <summary>
    /// Rows after the cut-off with absurd values (exactly at the first instant after it, and months later) must not reach
    /// the fit: panel.csv is byte-identical and results.json identical except the row counts; the counts say how many.
    /// Changed inputs also make the existing run out of date, so it is rebuilt (swapped in place).
    /// </summary>
    [Fact]
    public void Rows_after_the_as_of_month_are_counted_and_never_reach_the_fit()
    {
        var data = TestPaths.NewTempFolder("retrain-future");
        Support.CopyDirectory(TwoMonthRuns.CleanData, data);
        var added = AddAbsurdFutureRows(data);
        var copy = Support.CopyRuns(runs.Runs);
        var (outcome, progress) = Support.Retrain(runs.Options(copy, new AsOfMonth(2025, 11), data: data));
        Assert.Equal(RetrainStatus.Published, outcome.Status);
        Assert.Contains(Messages.InputsChanged(new AsOfMonth(2025, 11)), progress);

        var original = Path.Combine(runs.Runs, "2025-11");
        var rebuilt = Path.Combine(copy, "2025-11");
        Assert.Equal(File.ReadAllBytes(Path.Combine(original, "panel.csv")), File.ReadAllBytes(Path.Combine(rebuilt, "panel.csv")));
        var expected = JsonNode.Parse(File.ReadAllBytes(Path.Combine(original, "results.json")))!;
        var actual = JsonNode.Parse(File.ReadAllBytes(Path.Combine(rebuilt, "results.json")))!;
        foreach (var (file, n) in added)
        {
            Assert.Equal(expected["data"]!["rows_read"]![file]!.GetValue<long>() + n, actual["data"]!["rows_read"]![file]!.GetValue<long>());
            Assert.Equal(expected["data"]!["lines_read"]![file]!.GetValue<long>() + n, actual["data"]!["lines_read"]![file]!.GetValue<long>());
            Assert.Equal(expected["run"]!["rows_after_as_of"]![file]!.GetValue<long>() + n, actual["run"]!["rows_after_as_of"]![file]!.GetValue<long>());
        }
        // The future rows are read and checked like any other (a problem in them is reported), but never fitted:
        // they may only add warnings, and only in the files they were added to.
        var expectedProblems = expected["data"]!["problems"]!.AsArray().Select(p => p!.ToJsonString()).ToHashSet();
        foreach (var p in actual["data"]!["problems"]!.AsArray().Where(p => !expectedProblems.Contains(p!.ToJsonString())))
        {
            Assert.Equal("warning", p!["severity"]!.GetValue<string>());
            Assert.Contains(p["file"]!.GetValue<string>(), added.Keys);
        }
        foreach (var node in new[] { expected, actual })
        {
            node["data"]!.AsObject().Remove("rows_read");
            node["data"]!.AsObject().Remove("lines_read");
            node["data"]!.AsObject().Remove("rows_used");
            node["data"]!.AsObject().Remove("problems");
            node["run"]!.AsObject().Remove("rows_after_as_of");
        }
        Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
        Support.AssertConsistent(copy);
    }

    /// <summary>A run that fails (here: unusable input, exit 2 in the CLI) leaves no folder behind and the runs as they were.</summary>
    [Fact]
    public void A_failing_run_leaves_nothing_behind()
    {
        var copy = Support.CopyRuns(runs.Runs);
        var before = Support.Snapshot(copy);
        var empty = TestPaths.NewTempFolder("retrain-empty");
        Assert.Throws<Modeling.Ingest.DataFolderException>(() => Support.Retrain(runs.Options(copy, new AsOfMonth(2025, 12), data: empty)));
        Assert.Equal(before, Support.Snapshot(copy));
        Assert.Equal([RunLock.LockFileName], Directory.EnumerateFileSystemEntries(copy, ".*").Select(Path.GetFileName));
        Support.AssertConsistent(copy);
    }

    /// <summary>Appends rows dated after 2025-11 with absurd values, reusing existing teams and engineers; returns the counts.</summary>
    private static Dictionary<string, long> AddAbsurdFutureRows(string data)
    {
        string engineer = File.ReadLines(Path.Combine(data, "roster.csv")).Skip(1).First().Split(',')[0];
        File.AppendAllLines(Path.Combine(data, "ai_usage.csv"),
        [
            $"2025-12-01,{engineer},copilot,gpt-4.1,agent,900000000,900000000,900000000,900000000,900000000,900000000",
            $"2026-03-15,{engineer},newtool,newmodel,agent,900000000,1,1,1,1,1",
        ]);
        File.AppendAllLines(Path.Combine(data, "deployments.csv"),
        [
            "dep-future-1,team-0001,2025-12-01T00:00:00Z,success,svc,production,2025-11-30T23:00:00Z,99999,false,false,false",
            "dep-future-2,team-0002,2026-03-01T10:00:00+02:00,failure,svc,production,2020-01-01T00:00:00Z,99999,true,true,true",
        ]);
        File.AppendAllLines(Path.Combine(data, "incidents.csv"),
        [
            "inc-future-1,team-0001,2025-12-01T00:00:00Z,2026-01-01T00:00:00Z,1,incident,dep-future-1,true",
        ]);
        File.AppendAllLines(Path.Combine(data, "pull_requests.csv"),
        [
            $"pr-future-1,{engineer},2025-12-01T00:00:00Z,team-0001,repo,2025-11-01T00:00:00Z,2025-12-01T01:00:00Z,2025-12-01T02:00:00Z,9999999,9999999,999,99,true,true",
        ]);
        File.AppendAllLines(Path.Combine(data, "roster.csv"), [$"{engineer},team-0003,2026-01-01,,L9"]);
        return new() { ["ai_usage.csv"] = 2, ["deployments.csv"] = 2, ["incidents.csv"] = 1, ["pull_requests.csv"] = 1, ["roster.csv"] = 1 };
    }

    /// <summary>Rows of each dated input file dated on or after 2025-12-01 (UTC), counted from the CSVs.</summary>
    internal static Dictionary<string, long> DecemberRows()
    {
        long Count(string file, int column, bool timestamp) => File.ReadLines(Path.Combine(TwoMonthRuns.CleanData, file)).Skip(1)
            .Select(l => l.Split(',')[column])
            .Count(v => timestamp
                ? DateTimeOffset.Parse(v, CultureInfo.InvariantCulture) >= DecemberFirst
                : DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture) >= DateOnly.FromDateTime(DecemberFirst.UtcDateTime));
        return new()
        {
            ["roster.csv"] = Count("roster.csv", 2, false),
            ["ai_usage.csv"] = Count("ai_usage.csv", 0, false),
            ["deployments.csv"] = Count("deployments.csv", 2, true),
            ["incidents.csv"] = Count("incidents.csv", 2, true),
            ["pull_requests.csv"] = Count("pull_requests.csv", 2, true),
        };
    }

    private static JsonDocument Json(string path) => JsonDocument.Parse(File.ReadAllBytes(path));
}
