using System.Text;
using System.Text.Json;
using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

/// <summary>Broken inputs through the CLI: exit codes, the exact one-line errors, and what analyze says on stderr.</summary>
public class IngestFailureTests
{
    private const string Teams = "team_id,org\nt1,payments\n";
    private const string Roster = "engineer_id,team_id,valid_from,valid_to\nalice@example.com,t1,2024-01-01,\n";
    private const string AiUsage = "date,engineer_id,tool,interactions\n2024-03-01,alice@example.com,copilot,1\n";

    private static string KeyFile() => Path.Combine(TestPaths.NewTempFolder("key"), "pseudonym.key");

    private static string Folder(params (string Name, byte[] Content)[] files)
    {
        var dir = TestPaths.NewTempFolder("ingest-failure");
        File.WriteAllText(Path.Combine(dir, "teams.csv"), Teams);
        File.WriteAllText(Path.Combine(dir, "roster.csv"), Roster);
        File.WriteAllText(Path.Combine(dir, "ai_usage.csv"), AiUsage);
        foreach (var (name, content) in files) File.WriteAllBytes(Path.Combine(dir, name), content);
        return dir;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void A_folder_named_like_an_input_file_exits_2()
    {
        var folder = Folder();
        Directory.CreateDirectory(Path.Combine(folder, "deployments.csv"));
        var (exit, stdout, stderr) = Run("validate", "--data", folder, "--key-file", KeyFile());
        Assert.Equal((2, ""), (exit, stdout));
        Assert.Equal("error: deployments.csv is a folder, not a file. Put the export there as a file of that name, or remove the folder.\n", stderr);
    }

    public static TheoryData<string, byte[], string> NotUtf8 => new()
    {
        { "ai_usage.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(AiUsage)], "it starts with a UTF-16 or UTF-32 byte order mark" },
        { "deployments.csv", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "it is a zip archive" },
        { "incidents.csv", [0x1F, 0x8B, 0x08, 0x00, 0x00], "it is gzip-compressed" },
        { "roster.csv", Encoding.BigEndianUnicode.GetBytes(Roster), "it holds NUL bytes, as binary files and UTF-16 text do" },
    };

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public void A_csv_that_is_not_utf8_exits_2_with_one_line(string name, byte[] content, string what)
    {
        var (exit, _, stderr) = Run("validate", "--data", Folder((name, content)), "--key-file", KeyFile());
        Assert.Equal(2, exit);
        Assert.Equal($"error: {name} is not a UTF-8 CSV file ({what}). Export it again as UTF-8 CSV (RFC 4180, header row) or as Parquet.\n", stderr);
    }

    [Fact]
    public void White_space_ids_and_reversed_roster_ranges_are_rejected_rows()
    {
        var roster = Roster + "\" \",t1,2024-01-01,\nbob@example.com,t1,2024-05-01,2024-04-01\n";
        var (exit, _, stderr) = Run("validate", "--data", Folder(("roster.csv", Utf8(roster))), "--key-file", KeyFile());
        Assert.Equal(0, exit);
        Assert.Contains("roster.csv                                  3          1          2", stderr);
        Assert.Contains("  error roster.csv line 3, column 'engineer_id': found '", stderr);
        Assert.Contains("', expected a non-empty value [missing_value]\n", stderr);
        Assert.Contains("  error roster.csv line 4, column 'valid_to': found '2024-04-01', expected a date not before valid_from (2024-05-01) [timestamps_out_of_order]\n", stderr);
        Assert.Contains("WARNING: roster.csv: 2 of 3 rows (66.7 %) were rejected; results that use this file may be biased. Fix the file (see rejects/ and diagnostics.csv) and run again.\n", stderr);
        Assert.DoesNotContain("bob@", stderr);
    }

    [Fact]
    public void A_headerless_roster_exits_2_without_echoing_its_first_row()
    {
        var (exit, _, stderr) = Run("validate", "--data", Folder(("roster.csv", Utf8("alice.smith@corp.example,t1,2024-01-01\n"))), "--key-file", KeyFile());
        Assert.Equal(2, exit);
        Assert.Equal("error: roster.csv: the required column 'engineer_id' is missing from the header (line 1). Add it; none of the schema's columns were found (and 3 other header cells, not shown: is the header line missing?).\n", stderr);
    }

    /// <summary>The clean sample with deployments.csv cut to 390 lines, line 10 holding a stray quote; and a pull_requests.csv
    /// with a stray quote on every 10th line.</summary>
    private static string SampleWithStrayQuotes()
    {
        var dir = TestPaths.NewTempFolder("stray-quotes");
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.DataSamples, "clean"), "*.csv")) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        var deployments = File.ReadAllLines(Path.Combine(dir, "deployments.csv")).Take(390).ToArray();
        deployments[9] = deployments[9].Replace(",team-", ",\"team-");
        File.WriteAllText(Path.Combine(dir, "deployments.csv"), string.Join('\n', deployments) + "\n");
        var prs = File.ReadAllLines(Path.Combine(dir, "pull_requests.csv"));
        for (var i = 9; i < prs.Length; i += 10)
        {
            var at = prs[i].IndexOf(",20", StringComparison.Ordinal);
            prs[i] = prs[i][..(at + 1)] + "\"" + prs[i][(at + 1)..];
        }
        File.WriteAllText(Path.Combine(dir, "pull_requests.csv"), string.Join('\n', prs) + "\n");
        return dir;
    }

    [Fact]
    public void Analyze_with_stray_quotes_rejects_only_their_lines_calls_out_the_file_and_ends_with_a_line_per_file()
    {
        var data = SampleWithStrayQuotes();
        var output = TestPaths.NewTempFolder("analyze-out");
        var (exit, _, stderr) = Run("analyze", "--data", data, "--out", output, "--skip-ml", "--key-file", KeyFile());
        Assert.True(exit == 0, stderr);
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.Equal(
        [
            "WARNING: pull_requests.csv: 1196 of 11963 rows (10.0 %) were rejected; results that use this file may be biased. Fix the file (see rejects/ and diagnostics.csv) and run again.",
        ], lines.Where(l => l.StartsWith("WARNING: ", StringComparison.Ordinal)));
        Assert.Equal(
        [
            "teams.csv: 60 rows read, 60 used, 0 rejected (61 lines)",
            "roster.csv: 351 rows read, 351 used, 0 rejected (352 lines)",
            "ai_usage.csv: 19264 rows read, 19264 used, 0 rejected (19265 lines)",
            "deployments.csv: 389 rows read, 388 used, 1 rejected (390 lines)",
            "incidents.csv: 754 rows read, 754 used, 0 rejected (755 lines)",
            "pull_requests.csv: 11963 rows read, 10767 used, 1196 rejected (11964 lines)",
            "mandates.csv: 3 rows read, 3 used, 0 rejected (4 lines)",
        ], lines[^7..]);
        using var results = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "results.json")));
        var dataBlock = results.RootElement.GetProperty("data");
        Assert.Equal(390, dataBlock.GetProperty("lines_read").GetProperty("deployments.csv").GetInt64());
        Assert.Equal(389, dataBlock.GetProperty("rows_read").GetProperty("deployments.csv").GetInt64());
        // Every rejected pull request keeps its line and reason but not its raw text, which holds an author id.
        var authors = File.ReadAllLines(Path.Combine(TestPaths.DataSamples, "clean", "pull_requests.csv")).Skip(1).Select(l => l.Split(',')[1]).ToHashSet();
        var rejects = File.ReadAllLines(Path.Combine(output, "rejects", "pull_requests.csv"));
        Assert.Equal(1197, rejects.Length);
        Assert.All(rejects.Skip(1), r => Assert.StartsWith(",,,,,,,,,,,,,,", r));
        Assert.DoesNotContain(authors, a => rejects.Any(r => r.Contains(a, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_header_only_deployments_file_gives_the_unavailable_outcomes_of_an_absent_one()
    {
        string[] Unavailable(bool headerOnly)
        {
            var dir = TestPaths.NewTempFolder("header-only");
            foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.DataSamples, "clean"), "*.csv"))
                if (Path.GetFileName(file) != "deployments.csv") File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            if (headerOnly)
                File.WriteAllText(Path.Combine(dir, "deployments.csv"), File.ReadLines(Path.Combine(TestPaths.DataSamples, "clean", "deployments.csv")).First() + "\n");
            var output = TestPaths.NewTempFolder("analyze-out");
            var (exit, _, stderr) = Run("analyze", "--data", dir, "--out", output, "--skip-ml", "--key-file", KeyFile());
            Assert.True(exit == 0, stderr);
            using var results = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "results.json")));
            return [.. results.RootElement.GetProperty("data").GetProperty("unavailable_outcomes").EnumerateArray().Select(e => e.GetString()!)];
        }
        var headerOnly = Unavailable(headerOnly: true);
        Assert.Contains("deployments", headerOnly);
        Assert.Equal(Unavailable(headerOnly: false), headerOnly);
    }

    [Fact]
    public void Mandates_that_cannot_be_checked_keep_their_rows_are_said_on_stderr_and_head_the_report()
    {
        var data = TestPaths.NewTempFolder("unchecked-mandates");
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.DataSamples, "clean"), "*.csv")) File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        File.AppendAllText(Path.Combine(data, "mandates.csv"),
            "m4,all,velocity,3,,,,\n"            // line 5: unknown metric
            + "m5,org:nowhere,deployments,3,,,,\n" // line 6: unknown org
            + "m6,team:nope,deployments,x,,,,\n"   // line 7: unknown team and a bad target
            + "m1,all,velocity,3,,,,\n"            // line 8: a repeated id: m1 is the mandate of line 2
            + ",all,velocity,3,,,,\n");            // line 9: no id: nothing to name
        var output = TestPaths.NewTempFolder("analyze-out");
        var (exit, _, stderr) = Run("analyze", "--data", data, "--out", output, "--skip-ml", "--key-file", KeyFile());
        Assert.True(exit == 0, stderr);

        using var results = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "results.json")));
        var mandates = results.RootElement.GetProperty("mandates").EnumerateArray().ToList();
        Assert.Equal(["m1", "m2", "m3", "m4", "m5", "m6"], mandates.Select(m => m.GetProperty("mandate_id").GetString()));
        Assert.All(mandates.Take(3), m => Assert.True(m.GetProperty("checked").GetBoolean()));
        var m5 = mandates[4];
        Assert.Equal(("org:nowhere", "deployments", 3.0, "inconclusive", false, JsonValueKind.Null),
            (m5.GetProperty("scope").GetString(), m5.GetProperty("metric").GetString(), m5.GetProperty("target_multiplier").GetDouble(),
             m5.GetProperty("verdict").GetString(), m5.GetProperty("checked").GetBoolean(), m5.GetProperty("estimate").ValueKind));
        const string m5Reason = "could not be checked: mandates.csv line 6 was rejected (column 'scope': found 'org:nowhere', expected an org listed in teams [unknown_team])";
        Assert.Equal(m5Reason, m5.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, mandates[5].GetProperty("target_multiplier").ValueKind);
        Assert.StartsWith("could not be checked: mandates.csv line 7 was rejected (column 'scope': found 'team:nope', expected a team_id listed in teams [unknown_team]; column 'target_multiplier': found 'x'",
            mandates[5].GetProperty("reason").GetString());

        Assert.Contains($"warning: mandate m5: {m5Reason}\n", stderr);
        Assert.Contains("warning: mandate m4: could not be checked: mandates.csv line 5 was rejected (column 'metric': found 'velocity'", stderr);
        Assert.DoesNotContain("warning: mandate m1:", stderr);

        // The report opens with them, before any verdict, and with the input that lost more than 1 % of its rows.
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        var header = html[html.IndexOf("<header", StringComparison.Ordinal)..html.IndexOf("</header>", StringComparison.Ordinal)];
        Assert.Contains("<strong>3 mandates could not be checked:</strong>", header);
        Assert.Contains("<li>Mandate m5 (deployments, scope org:nowhere): could not be checked: mandates.csv line 6 was rejected (column &#39;scope&#39;: found &#39;org:nowhere&#39;", header);
        Assert.Contains("<li>mandates.csv: 5 of 8 rows (63%) were rejected; results that use this file may be biased.", header);
        Assert.Contains("<strong>3 mandates checked:</strong>", header);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(html, "<article class=\"verdict verdict-not-checked\""));
    }
}
