using Modeling.Cli;
using Modeling.Tests;
using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

/// <summary>The <c>modeling report</c> verb (CONTRACT §2).</summary>
[Collection("Chromium")]
public sealed class ReportCommandTests
{
    [Fact]
    public void Report_renders_any_results_json_to_the_out_file()
    {
        string folder = TestPaths.NewTempFolder("report-cli");
        string output = Path.Combine(folder, "report.html");
        var (code, stdout, stderr) = Run("report", "--results", FullPath, "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Equal(output + Environment.NewLine, stdout);
        Assert.Equal(Html(FullPath), File.ReadAllText(output));
    }

    [Fact]
    public void A_results_file_that_is_not_json_exits_2_with_the_reason()
    {
        string folder = TestPaths.NewTempFolder("report-cli");
        string bad = Path.Combine(folder, "results.json");
        File.WriteAllText(bad, "not json");
        var (code, _, stderr) = Run("report", "--results", bad, "--out", Path.Combine(folder, "r.html"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("error: The results file is not valid JSON (line 1, column 2): 'not json' is an invalid JSON literal.", stderr);
        Assert.False(File.Exists(Path.Combine(folder, "r.html")));
    }

    [Fact]
    public void A_missing_results_file_exits_2()
    {
        string folder = TestPaths.NewTempFolder("report-cli");
        string missing = Path.Combine(folder, "results.json");
        var (code, _, stderr) = Run("report", "--results", missing, "--out", Path.Combine(folder, "r.html"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"error: The results file '{missing}' does not exist. Pass the results.json written by 'modeling analyze' with --results.{Environment.NewLine}", stderr);
    }

    [Fact]
    public void Pdf_without_chromium_exits_2_and_still_writes_the_html()
    {
        string? before = Environment.GetEnvironmentVariable(PdfPrinter.ChromiumVariable);
        try
        {
            Environment.SetEnvironmentVariable(PdfPrinter.ChromiumVariable, "/nonexistent/chromium");
            string folder = TestPaths.NewTempFolder("report-cli");
            string output = Path.Combine(folder, "report.html");
            var (code, _, stderr) = Run("report", "--results", SamplePath, "--out", output, "--pdf", Path.Combine(folder, "report.pdf"));
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("error: Printing a PDF needs Chromium, which was not found", stderr);
            Assert.True(File.Exists(output));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PdfPrinter.ChromiumVariable, before);
        }
    }

    [SkippableFact]
    public void Pdf_is_printed_when_chromium_is_there()
    {
        _ = ChromiumRequirement.Path;
        string folder = TestPaths.NewTempFolder("report-cli");
        string pdf = Path.Combine(folder, "report.pdf");
        var (code, stdout, stderr) = Run("report", "--results", SamplePath, "--out", Path.Combine(folder, "report.html"), "--pdf", pdf);
        Assert.True(code == 0, stderr);
        Assert.EndsWith(pdf + Environment.NewLine, stdout);
        Assert.True(new FileInfo(pdf).Length > 100_000);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
