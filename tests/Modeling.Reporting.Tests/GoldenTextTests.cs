using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

/// <summary>
/// Golden files of the page's visible text (scripts, styles and tags stripped). The page has no timestamps or random
/// ids, so any difference is a real change of what readers see.
/// To regenerate after an intended change:
///   MODELING_UPDATE_GOLDEN=1 dotnet test tests/Modeling.Reporting.Tests -c Release --filter "FullyQualifiedName~GoldenTextTests"
/// then review the diff of tests/Modeling.Reporting.Tests/Fixtures/golden/*.txt before committing it.
/// </summary>
public sealed class GoldenTextTests
{
    [Theory]
    [InlineData("sample-results.json", "sample-report.txt")]
    [InlineData("sample-ext-results.json", "sample-ext-report.txt")]
    [InlineData("full-results.json", "full-report.txt")]
    [InlineData("minimal-results.json", "minimal-report.txt")]
    public void Visible_text_matches_the_golden_file(string fixture, string golden)
    {
        string actual = VisibleText(Html(Path.Combine(Folder, fixture)));
        string goldenPath = Path.Combine(Folder, "golden", golden);
        if (Environment.GetEnvironmentVariable("MODELING_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(goldenPath)!);
            File.WriteAllText(goldenPath, actual);
        }
        Assert.True(File.Exists(goldenPath), $"Golden file {goldenPath} is missing; run with MODELING_UPDATE_GOLDEN=1 to create it.");
        string expected = File.ReadAllText(goldenPath).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            int line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"{golden} differs first at line {line + 1}:\n expected: {(line < e.Length ? e[line] : "<end>")}\n actual:   {(line < a.Length ? a[line] : "<end>")}");
        }
    }
}
