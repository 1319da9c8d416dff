using System.Text.Json;
using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

public class ValidateCommandTests
{
    private const string Teams = "team_id,org\nt1,payments\n";
    private const string Roster = "engineer_id,team_id,valid_from\nalice@example.com,t1,2024-01-01\n";

    private static (string Folder, string KeyFile) Folder(string aiUsage)
    {
        var dir = TestPaths.NewTempFolder("validate");
        File.WriteAllText(Path.Combine(dir, "teams.csv"), Teams);
        File.WriteAllText(Path.Combine(dir, "roster.csv"), Roster);
        File.WriteAllText(Path.Combine(dir, "ai_usage.csv"), aiUsage);
        return (dir, Path.Combine(TestPaths.NewTempFolder("key"), "pseudonym.key"));
    }

    [Fact]
    public void Usable_data_with_row_problems_exits_0_with_counts_problems_and_pointer_to_the_full_list()
    {
        var rows = string.Concat(Enumerable.Range(0, 60).Select(i => $"2024-03-01,alice@example.com,copilot,{(i % 2 == 0 ? "-1" : "1")}\n"));
        var (folder, key) = Folder("date,engineer_id,tool,interactions\n" + rows);
        var output = TestPaths.NewTempFolder("validate-out");
        var (exit, stdout, stderr) = Run("validate", "--data", folder, "--out", output, "--key-file", key);
        Assert.Equal(0, exit);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n');
        Assert.Equal("teams.csv                                   1          1          0", lines[1]);
        Assert.Equal("ai_usage.csv                               60         30         30", lines[3]);
        Assert.Equal("30 errors (rows rejected), 0 warnings (rows kept, a field unknown):", lines[9]);
        Assert.Equal("  error ai_usage.csv line 2, column 'interactions': found '-1', expected a whole number, 0 or more [negative_count]", lines[10]);
        Assert.Contains($"Rejected rows were written to {Path.Combine(output, "rejects")}", stderr);
        Assert.EndsWith("The data are usable.\n", stderr.Replace("\r\n", "\n"));
        Assert.Equal(31, File.ReadAllLines(Path.Combine(output, "rejects", "ai_usage.csv")).Length);
        Assert.Equal(31, File.ReadAllLines(Path.Combine(output, "diagnostics.csv")).Length);
        Assert.DoesNotContain("alice@", stderr);
    }

    [Fact]
    public void More_than_50_problems_point_to_diagnostics_csv_or_to_out()
    {
        var rows = string.Concat(Enumerable.Range(0, 60).Select(_ => "2024-03-01,alice@example.com,copilot,x\n")) + "2024-03-01,alice@example.com,copilot,1\n";
        var (folder, key) = Folder("date,engineer_id,tool,interactions\n" + rows);
        var output = TestPaths.NewTempFolder("validate-out");
        var withOut = Run("validate", "--data", folder, "--out", output, "--key-file", key);
        Assert.Contains($"... and 10 more; the full list is in {Path.Combine(output, "diagnostics.csv")}\n", withOut.Stderr);
        var without = Run("validate", "--data", folder, "--key-file", key);
        Assert.Equal(0, without.Exit);
        Assert.Contains("... and 10 more; pass --out DIR to write the full list to DIR/diagnostics.csv\n", without.Stderr);
        Assert.Contains("Pass --out DIR to write the rejected rows to DIR/rejects/.", without.Stderr);
        Assert.Equal(50, without.Stderr.Split('\n').Count(l => l.StartsWith("  error ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Structural_problems_exit_2_with_the_message()
    {
        var (folder, key) = Folder("date,engineer_id,interactions\n2024-03-01,a,1\n");
        var (exit, _, stderr) = Run("validate", "--data", folder, "--key-file", key);
        Assert.Equal(2, exit);
        Assert.Equal("error: ai_usage.csv: the required column 'tool' is missing from the header (line 1). Add it; the columns found are: date, engineer_id, interactions.\n", stderr.Replace("\r\n", "\n"));
    }

    [Fact]
    public void No_usable_ai_usage_prints_the_problems_then_exits_2()
    {
        var (folder, key) = Folder("date,engineer_id,tool,interactions\n2024-02-30,alice@example.com,copilot,1\n");
        var (exit, _, stderr) = Run("validate", "--data", folder, "--key-file", key);
        Assert.Equal(2, exit);
        Assert.Contains("  error ai_usage.csv line 2, column 'date': found '2024-02-30', expected a date YYYY-MM-DD [invalid_value]\n", stderr);
        Assert.EndsWith("error: ai_usage.csv has no usable rows (1 read, 1 rejected). Fix the problems listed above and run again.\n", stderr.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Missing_data_option_is_a_usage_error()
    {
        var (exit, _, stderr) = Run("validate");
        Assert.Equal(2, exit);
        Assert.Contains("--data", stderr);
    }

    [Fact]
    public void Clean_sample_exits_0_without_errors()
    {
        var clean = Path.Combine(TestPaths.DataSamples, "clean");
        Assert.True(Directory.Exists(clean), "data-samples/clean is part of the repository");
        var key = Path.Combine(TestPaths.NewTempFolder("key"), "pseudonym.key");
        var (exit, _, stderr) = Run("validate", "--data", clean, "--key-file", key);
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("  error ", stderr);
    }

    /// <summary>The broken sample (another helper's data-samples/broken) names every injected problem and stays usable.</summary>
    [Fact]
    public void Broken_sample_names_every_injected_problem()
    {
        var broken = Path.Combine(TestPaths.DataSamples, "broken");
        var expectedFile = Path.Combine(TestPaths.DataSamples, "broken-expected.json");
        Assert.True(Directory.Exists(broken) && File.Exists(expectedFile), "data-samples/broken and broken-expected.json are part of the repository");
        var output = TestPaths.NewTempFolder("broken-out");
        var key = Path.Combine(TestPaths.NewTempFolder("key"), "pseudonym.key");
        var (exit, _, stderr) = Run("validate", "--data", broken, "--out", output, "--key-file", key);
        Assert.True(exit == 0, stderr);
        var diagnostics = File.ReadAllLines(Path.Combine(output, "diagnostics.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(f => (File: f[0], Line: long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), Column: f[2], Severity: f[3]))
            .ToHashSet();
        using var expected = JsonDocument.Parse(File.ReadAllText(expectedFile));
        var missing = expected.RootElement.EnumerateArray()
            .Select(e => (File: e.GetProperty("file").GetString()!, Line: e.GetProperty("line").GetInt64(), Column: e.GetProperty("column").GetString()!, Severity: e.GetProperty("severity").GetString()!))
            .Where(e => !diagnostics.Contains(e))
            .ToList();
        Assert.True(missing.Count == 0, "not reported: " + string.Join("; ", missing));
    }
}
