using System.Text.Json;
using Modeling.Simulation.Samples;
using Modeling.Tests;

namespace Modeling.Simulation.Tests;

/// <summary>
/// data-samples/ is what data-samples/README.md says: the clean organisation and its broken copy regenerate byte for byte
/// from the documented command, the clean one breaks no row rule, and the broken one breaks exactly the listed ones.
/// </summary>
public sealed class DataSamplesTests
{
    /// <summary>The options of the README command: modeling simulate --teams 60 --months 24 --seed 2024 --mean-team-size 5 --activity-scale 0.25 --usage-detail monthly.</summary>
    internal static readonly SimulationOptions SampleOptions = new()
    {
        Teams = 60, Months = 24, Seed = 2024, MeanTeamSize = 5, ActivityScale = 0.25, UsageDetail = UsageDetail.Monthly,
    };

    private static string Clean => Path.Combine(TestPaths.DataSamples, "clean");
    private static string Broken => Path.Combine(TestPaths.DataSamples, "broken");
    private static string BrokenExpected => Path.Combine(TestPaths.DataSamples, "broken-expected.json");

    [Fact]
    public void Samples_regenerate_byte_for_byte_from_the_documented_options()
    {
        string root = TestPaths.NewTempFolder("modeling-samples");
        try
        {
            Simulator.Run(SampleOptions, Path.Combine(root, "clean"));
            Simulator.Run(SampleOptions, Path.Combine(root, "broken"));
            BrokenSample.Inject(Path.Combine(root, "broken"), Path.Combine(root, "broken-expected.json"));
            foreach (var folder in new[] { "clean", "broken" })
            {
                var expectedFiles = Directory.GetFiles(Path.Combine(root, folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
                var actualFiles = Directory.GetFiles(Path.Combine(TestPaths.DataSamples, folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
                Assert.Equal(expectedFiles, actualFiles);
                foreach (var file in expectedFiles)
                    Assert.True(File.ReadAllBytes(Path.Combine(root, folder, file!)).AsSpan()
                        .SequenceEqual(File.ReadAllBytes(Path.Combine(TestPaths.DataSamples, folder, file!))), $"{folder}/{file} differs: regenerate with the README command");
            }
            Assert.Equal(File.ReadAllText(Path.Combine(root, "broken-expected.json")), File.ReadAllText(BrokenExpected));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void Clean_sample_breaks_no_row_rule() => Assert.Empty(ContractOracle.Check(Clean));

    [Fact]
    public void Broken_sample_breaks_exactly_the_listed_rules_at_the_listed_lines()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(BrokenExpected));
        var expected = doc.RootElement.EnumerateArray().Select(p => new ContractOracle.Problem(
            p.GetProperty("file").GetString()!, p.GetProperty("line").GetInt32(),
            p.GetProperty("column").GetString()!, p.GetProperty("severity").GetString()!, p.GetProperty("check").GetString()!)).ToArray();
        var found = ContractOracle.Check(Broken).OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToArray();
        Assert.Equal(expected, found);
    }

    [Fact]
    public void Broken_sample_covers_every_contract_row_rule_with_both_severities()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(BrokenExpected));
        var checks = doc.RootElement.EnumerateArray().Select(p => p.GetProperty("check").GetString()!).ToHashSet();
        Assert.Equal(BrokenSample.Checks.Keys.Order(StringComparer.Ordinal), checks.Order(StringComparer.Ordinal));
        Assert.All(doc.RootElement.EnumerateArray(), p =>
            Assert.Equal(BrokenSample.Checks[p.GetProperty("check").GetString()!].Rule, p.GetProperty("rule").GetString()));
        var severities = doc.RootElement.EnumerateArray().Where(p => p.GetProperty("check").GetString() == "negative_count")
            .Select(p => p.GetProperty("severity").GetString()).ToHashSet();
        Assert.Equal(["error", "warning"], severities.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Samples_stay_small_and_carry_truth_and_mandates()
    {
        long bytes = Directory.GetFiles(TestPaths.DataSamples, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes < 12_000_000, $"{bytes} bytes");
        Assert.True(File.Exists(Path.Combine(Clean, "truth.json")));
        var mandates = OrgData.Rows(Clean, "mandates.csv").ToArray();
        Assert.Contains(mandates, m => m[0] == "m1" && m[1] == "all" && m[2] == "deployments" && m[3] == "3");
        Assert.Contains(mandates, m => m[0] == "m2" && m[1].StartsWith("org:", StringComparison.Ordinal) && m[2] == "merged_prs" && m[3] == "10");
        var orgs = OrgData.Rows(Clean, "teams.csv").Select(t => t[1]).ToHashSet();
        Assert.Contains(mandates.Single(m => m[0] == "m2")[1][4..], orgs);
    }
}
