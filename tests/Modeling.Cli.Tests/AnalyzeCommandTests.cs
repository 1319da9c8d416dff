using System.Text.Json;
using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

public class AnalyzeCommandTests
{
    private static string KeyFile() => Path.Combine(TestPaths.NewTempFolder("key"), "pseudonym.key");

    [Fact]
    public void Analyze_on_the_clean_sample_exits_0_prints_the_results_path_and_writes_the_outputs()
    {
        var output = TestPaths.NewTempFolder("analyze-out");
        var (exit, stdout, stderr) = Run("analyze", "--data", Path.Combine(TestPaths.DataSamples, "clean"), "--out", output,
            "--seed", "3", "--key-file", KeyFile());
        Assert.True(exit == 0, stderr);
        var results = Path.Combine(output, "results.json");
        Assert.Equal(results, stdout.TrimEnd());
        Assert.True(File.Exists(Path.Combine(output, "panel.csv")));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(results));
        Assert.Equal(3, doc.RootElement.GetProperty("seed").GetInt32());
        Assert.Contains("analyze: estimating merged_prs_per_engineer", stderr);
    }

    [Fact]
    public void A_folder_without_required_files_exits_2()
    {
        var data = TestPaths.NewTempFolder("analyze-empty");
        var (exit, stdout, stderr) = Run("analyze", "--data", data, "--out", TestPaths.NewTempFolder("analyze-out"), "--key-file", KeyFile());
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: ", stderr.Split('\n').Last(l => l.Length > 0));
    }

    [Fact]
    public void An_adoption_threshold_outside_0_1_exits_2()
    {
        var (exit, _, stderr) = Run("analyze", "--data", Path.Combine(TestPaths.DataSamples, "clean"), "--out",
            TestPaths.NewTempFolder("analyze-out"), "--adoption-threshold", "1.5");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: " + Modeling.Panel.AdoptionRule.InvalidThreshold(1.5) + "\n", stderr.ReplaceLineEndings("\n"));
    }
}
