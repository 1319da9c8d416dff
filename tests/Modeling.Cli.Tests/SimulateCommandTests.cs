using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

public sealed class SimulateCommandTests
{
    [Theory]
    [InlineData("--teams", "3", "error: The '--teams' option of simulate must be at least 4. Got 3 instead.")]
    [InlineData("--months", "5", "error: The '--months' option of simulate must be at least 6. Got 5 instead.")]
    [InlineData("--true-multiplier", "0", "error: The '--true-multiplier' option of simulate must be greater than 0. Got 0 instead.")]
    [InlineData("--true-multiplier", "-1.5", "error: The '--true-multiplier' option of simulate must be greater than 0. Got -1.5 instead.")]
    [InlineData("--start", "2024-13", "error: The '--start' option of simulate must be a month as YYYY-MM (e.g. 2024-01). Got '2024-13' instead.")]
    [InlineData("--never-adopting-share", "0", "error: The '--never-adopting-share' option of simulate must be between 0.05 and 0.9. Got 0 instead.")]
    [InlineData("--adopter-trend", "0.5", "error: The '--adopter-trend' option of simulate must be between -0.1 and 0.1. Got 0.5 instead.")]
    public void Bad_arguments_exit_2_with_a_message_naming_the_option_and_range(string option, string value, string message)
    {
        string folder = Path.Combine(TestPaths.NewTempFolder("modeling-cli-sim"), "org");
        var (exit, stdout, stderr) = Run("simulate", "--out", folder, option, value);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal(message, stderr.TrimEnd());
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Missing_out_is_a_usage_error()
    {
        var (exit, stdout, stderr) = Run("simulate", "--teams", "10");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--out", stderr);
    }

    [Fact]
    public void Non_empty_output_folder_exits_2()
    {
        string folder = TestPaths.NewTempFolder("modeling-cli-sim");
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "mine");
        try
        {
            var (exit, _, stderr) = Run("simulate", "--out", folder, "--teams", "4", "--months", "6");
            Assert.Equal(2, exit);
            Assert.Equal($"error: The output folder '{folder}' already holds files; choose an empty or new folder, or delete it first.", stderr.TrimEnd());
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void Writes_every_file_keeps_stdout_quiet_and_reports_progress_on_stderr()
    {
        string root = TestPaths.NewTempFolder("modeling-cli-sim");
        string folder = Path.Combine(root, "org");
        try
        {
            var (exit, stdout, stderr) = Run("simulate", "--out", folder, "--teams", "12", "--months", "8", "--seed", "3",
                "--true-multiplier", "1.5", "--start", "2023-05", "--usage-detail", "monthly", "--broken");
            Assert.Equal(0, exit);
            Assert.Equal("", stdout);
            Assert.Contains("simulate: 12/12 teams", stderr);
            Assert.Contains($"simulate: injected 23 problems into {folder}; listed in {folder}-expected.json", stderr);
            foreach (var file in new[] { "teams.csv", "roster.csv", "ai_usage.csv", "deployments.csv", "incidents.csv", "pull_requests.csv", "mandates.csv", "truth.json" })
                Assert.True(File.Exists(Path.Combine(folder, file)), file);
            Assert.True(File.Exists(folder + "-expected.json"));
            string truth = File.ReadAllText(Path.Combine(folder, "truth.json"));
            Assert.Contains("\"true_multiplier\": 1.5", truth);
            Assert.Contains("\"periods\": [\n    \"2023-05\",\n    \"2023-12\"\n  ]", truth.ReplaceLineEndings("\n"));
        }
        finally { Directory.Delete(root, true); }
    }
}
