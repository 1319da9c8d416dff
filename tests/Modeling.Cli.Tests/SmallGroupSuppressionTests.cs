using System.Text.Json;
using System.Text.Json.Nodes;
using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

/// <summary>
/// Built once: data-samples/clean plus three teams of exactly 1, 4 and 5 engineers (members all of 2024–2025), then
/// <c>panel</c>, <c>analyze</c> and <c>retrain</c> on it with the default minimum group size.
/// </summary>
public sealed class SizedTeamsRuns
{
    public static readonly (string Team, int Engineers)[] AddedTeams = [("team-x-one", 1), ("team-x-four", 4), ("team-x-five", 5)];

    public SizedTeamsRuns()
    {
        KeyFile = Path.Combine(TestPaths.NewTempFolder("suppression-key"), "pseudonym.key");
        Data = TestPaths.NewTempFolder("suppression-data");
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.DataSamples, "clean")))
            File.Copy(file, Path.Combine(Data, Path.GetFileName(file)));
        foreach (var (team, engineers) in AddedTeams)
        {
            File.AppendAllText(Path.Combine(Data, "teams.csv"), $"{team},payments,{team}-svc,2,go\n");
            for (int i = 0; i < engineers; i++)
                File.AppendAllText(Path.Combine(Data, "roster.csv"), $"{team}-eng{i},{team},2023-06-01,,L4\n");
        }

        PanelFile = Path.Combine(TestPaths.NewTempFolder("suppression-panel"), "panel.csv");
        Panel = Run("panel", "--data", Data, "--out", PanelFile, "--key-file", KeyFile);
        AnalyzeFolder = TestPaths.NewTempFolder("suppression-analyze");
        Analyze = Run("analyze", "--data", Data, "--out", AnalyzeFolder, "--key-file", KeyFile, "--skip-ml");
        RunsFolder = Path.Combine(TestPaths.NewTempFolder("suppression-runs"), "runs");
        Retrain = Run("retrain", "--data", Data, "--runs", RunsFolder, "--as-of", "2025-12", "--key-file", KeyFile);
    }

    public string KeyFile { get; }
    public string Data { get; }
    public string PanelFile { get; }
    public string AnalyzeFolder { get; }
    public string RunsFolder { get; }
    public (int Exit, string Stdout, string Stderr) Panel { get; }
    public (int Exit, string Stdout, string Stderr) Analyze { get; }
    public (int Exit, string Stdout, string Stderr) Retrain { get; }
}

/// <summary>Small groups in every panel.csv people read (panel, analyze, retrain), and estimate reading it back.</summary>
public class SmallGroupSuppressionTests(SizedTeamsRuns runs) : IClassFixture<SizedTeamsRuns>
{
    /// <summary>Columns a suppressed row keeps (SmallGroups' descriptive columns).</summary>
    private static readonly string[] Kept =
        ["team_id", "period", "engineers", "adoption_period", "org", "service_tier", "primary_language", "members", "period_index", "cohort", "small_group", "suppressed"];

    private static List<Dictionary<string, string>> ReadPanel(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        Assert.Equal("suppressed", header[^1]);
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))];
    }

    /// <summary>The 1- and 4-engineer teams are blanked and marked in all 24 months; the 5-engineer team is shown.</summary>
    private static void AssertSuppressed(string path)
    {
        var rows = ReadPanel(path);
        foreach (var (team, engineers) in SizedTeamsRuns.AddedTeams)
        {
            var teamRows = rows.Where(r => r["team_id"] == team).ToList();
            Assert.Equal(24, teamRows.Count);
            foreach (var row in teamRows)
            {
                Assert.Equal(engineers.ToString(System.Globalization.CultureInfo.InvariantCulture), row["engineers"]);
                if (engineers < 5)
                {
                    Assert.Equal("true", row["suppressed"]);
                    Assert.Equal("payments", row["org"]);
                    Assert.All(row.Where(c => !Kept.Contains(c.Key)), c => Assert.True(c.Value.Length == 0, $"{team} {row["period"]} {c.Key}={c.Value}"));
                }
                else
                {
                    Assert.Equal("false", row["suppressed"]);
                    Assert.Equal("0", row["deployments"]);
                    Assert.Equal("0", row["ai_active_share"]);
                    Assert.Equal("0", row["merged_prs_per_engineer"]);
                }
            }
        }
        // Every row of the file follows the one rule: marked exactly when its engineer-months are below 5.
        Assert.All(rows, r => Assert.Equal(double.Parse(r["engineers"], System.Globalization.CultureInfo.InvariantCulture) < 5 ? "true" : "false", r["suppressed"]));
    }

    [Fact]
    public void Panel_blanks_and_marks_the_teams_of_one_and_four_engineers_but_not_the_team_of_five()
    {
        Assert.True(runs.Panel.Exit == 0, runs.Panel.Stderr);
        AssertSuppressed(runs.PanelFile);
    }

    [Fact]
    public void Analyze_writes_a_suppressed_panel_csv_and_records_the_minimum_in_results_json()
    {
        Assert.True(runs.Analyze.Exit == 0, runs.Analyze.Stderr);
        AssertSuppressed(Path.Combine(runs.AnalyzeFolder, "panel.csv"));
        using var results = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runs.AnalyzeFolder, "results.json")));
        Assert.Equal(5, results.RootElement.GetProperty("data").GetProperty("min_group_size").GetDouble());
    }

    [Fact]
    public void Retrain_writes_a_suppressed_panel_csv_in_the_run_folder()
    {
        Assert.True(runs.Retrain.Exit == 0, runs.Retrain.Stderr);
        AssertSuppressed(Path.Combine(runs.RunsFolder, "2025-12", "panel.csv"));
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runs.RunsFolder, "2025-12", "manifest.json")));
        Assert.Equal("5", manifest.RootElement.GetProperty("parameters").GetProperty("min_group_size").GetString());
    }

    [Fact]
    public void A_minimum_group_size_of_1_shows_every_team()
    {
        var path = Path.Combine(TestPaths.NewTempFolder("suppression-min1"), "panel.csv");
        var (exit, _, stderr) = Run("panel", "--data", runs.Data, "--out", path, "--key-file", runs.KeyFile, "--min-group-size", "1");
        Assert.True(exit == 0, stderr);
        var rows = ReadPanel(path);
        Assert.All(rows, r => Assert.Equal("false", r["suppressed"]));
        Assert.All(rows.Where(r => r["team_id"] == "team-x-one"), r => Assert.Equal("0", r["deployments"]));
        Assert.All(rows.Where(r => r["team_id"] == "team-x-four"), r => Assert.Equal("0", r["ai_active_share"]));
    }

    [Fact]
    public void Estimate_reads_analyzes_panel_csv_leaving_out_and_counting_the_suppressed_rows()
    {
        var path = Path.Combine(runs.AnalyzeFolder, "panel.csv");
        var rows = ReadPanel(path);
        int suppressed = rows.Count(r => r["suppressed"] == "true");
        Assert.True(suppressed >= 48, $"{suppressed} suppressed rows");
        var (exit, stdout, stderr) = Run("estimate", "--panel", path, "--unit", "team_id", "--time", "period_index",
            "--outcome", "merged_prs", "--cohort", "cohort");
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(suppressed, json.RootElement.GetProperty("dropped_rows").GetProperty("suppressed").GetInt32());
        // Every row is used or counted: teams with some periods suppressed are then unbalanced and left out as did would.
        long unbalanced = json.RootElement.GetProperty("dropped_rows").GetProperty("unbalanced_panel").GetInt64();
        Assert.Equal(rows.Count - suppressed - unbalanced, json.RootElement.GetProperty("n_obs").GetInt32());
        Assert.DoesNotContain("team-x-one", stdout);

        (exit, stdout, stderr) = Run("estimate", "--panel", path, "--unit", "team_id", "--time", "period_index",
            "--outcome", "merged_prs", "--treatment", "ai_active_share", "--estimator", "twfe");
        Assert.True(exit == 0, stderr);
        using var twfe = JsonDocument.Parse(stdout);
        Assert.Equal(suppressed, twfe.RootElement.GetProperty("dropped_rows").GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public void Estimate_says_so_when_every_row_is_suppressed()
    {
        var path = Path.Combine(TestPaths.NewTempFolder("suppression-all"), "panel.csv");
        File.WriteAllText(path, "team_id,period_index,merged_prs,cohort,suppressed\nt1,1,,,true\nt2,1,,,true\n");
        var (exit, _, stderr) = Run("estimate", "--panel", path, "--unit", "team_id", "--time", "period_index", "--outcome", "merged_prs", "--cohort", "cohort");
        Assert.Equal(2, exit);
        Assert.Equal($"error: {path}: all 2 data rows are marked suppressed (groups too small to show), so nothing is left to estimate.", stderr.TrimEnd());
    }

    [Fact]
    public void Estimate_rejects_a_suppressed_flag_that_is_neither_true_nor_false()
    {
        var path = Path.Combine(TestPaths.NewTempFolder("suppression-bad"), "panel.csv");
        File.WriteAllText(path, "team_id,period_index,merged_prs,cohort,suppressed\nt1,1,3,,yes\n");
        var (exit, _, stderr) = Run("estimate", "--panel", path, "--unit", "team_id", "--time", "period_index", "--outcome", "merged_prs", "--cohort", "cohort");
        Assert.Equal(2, exit);
        Assert.Equal($"error: {path}: line 2, column 'suppressed': value 'yes'; expected true or false.", stderr.TrimEnd());
    }

    [Theory]
    [InlineData("panel", "0")]
    [InlineData("analyze", "-3")]
    [InlineData("retrain", "2.5")]
    [InlineData("panel", "five")]
    public void A_minimum_group_size_below_1_or_not_an_integer_exits_2_with_the_standard_message(string verb, string value)
    {
        var folder = TestPaths.NewTempFolder("suppression-option");
        string[] target = verb switch
        {
            "panel" => ["--out", Path.Combine(folder, "panel.csv")],
            "analyze" => ["--out", folder],
            _ => ["--runs", Path.Combine(folder, "runs")],
        };
        var (exit, stdout, stderr) = Run([verb, "--data", runs.Data, .. target, "--min-group-size", value]);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"error: The '--min-group-size' option must be an integer of at least 1. Got {value} instead.", stderr.Split('\n')[0]);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }
}

/// <summary>The minimum group size changes what people read, never what is estimated.</summary>
public class SmallGroupEstimatesTests
{
    [Fact]
    public void Estimates_on_the_clean_sample_are_identical_whatever_the_minimum_group_size()
    {
        var key = Path.Combine(TestPaths.NewTempFolder("suppression-key"), "pseudonym.key");
        var data = Path.Combine(TestPaths.DataSamples, "clean");
        var byDefault = TestPaths.NewTempFolder("suppression-default");
        var showAll = TestPaths.NewTempFolder("suppression-all");
        foreach (var (folder, extra) in new[] { (byDefault, Array.Empty<string>()), (showAll, ["--min-group-size", "1"]) })
        {
            var (exit, _, stderr) = Run(["analyze", "--data", data, "--out", folder, "--key-file", key, "--skip-ml", .. extra]);
            Assert.True(exit == 0, stderr);
        }
        var a = JsonNode.Parse(File.ReadAllBytes(Path.Combine(byDefault, "results.json")))!;
        var b = JsonNode.Parse(File.ReadAllBytes(Path.Combine(showAll, "results.json")))!;
        Assert.Equal(5, (double)a["data"]!["min_group_size"]!);
        Assert.Equal(1, (double)b["data"]!["min_group_size"]!);
        foreach (var block in new[] { "effects", "event_study", "mandates" })
        {
            Assert.True(a[block] is JsonArray { Count: > 0 }, block);
            Assert.Equal(a[block]!.ToJsonString(), b[block]!.ToJsonString());
        }
        // ... while the clean sample's small teams are withheld from panel.csv only at the default minimum.
        Assert.Contains(",true\n", File.ReadAllText(Path.Combine(byDefault, "panel.csv")));
        Assert.DoesNotContain(",true\n", File.ReadAllText(Path.Combine(showAll, "panel.csv")));
    }
}
