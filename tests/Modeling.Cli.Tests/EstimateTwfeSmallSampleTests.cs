using System.Text.Json;
using System.Text.Json.Nodes;
using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

/// <summary>
/// <c>estimate --estimator twfe --ssc nested|full</c> against fixest 0.12.2 (Fixtures/fixest_twfe_oracle.R): unit-clustered
/// SEs with the unit effects nested in the clusters left out of K (fixest's default, and ours) or counted; coefficients and
/// SEs to 1e-9 relative for OLS, 1e-6 for Poisson (fixest stops its IRLS at a relative deviance change of 1e-8, ours at 1e-12).
/// </summary>
public class EstimateTwfeSmallSampleTests
{
    private static readonly Lazy<JsonElement> Oracle = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Cli.Tests", "Fixtures", "fixest_twfe_oracle.json")))
            .RootElement.GetProperty("cases"));

    [Theory]
    [InlineData("castle_ols", "castle_bacondecomp.csv", "state", "year", "l_homicide", "--cohort", "effyear", "ols")]
    [InlineData("castle_poisson", "castle_bacondecomp.csv", "state", "year", "homicide_c", "--cohort", "effyear", "poisson")]
    [InlineData("mpdta_ols", "mpdta.csv", "countyreal", "year", "lemp", "--cohort", "first.treat", "ols")]
    [InlineData("card_krueger_ols", "card_krueger_1994_long.csv", "id", "d", "fte", "--treatment", "d_nj", "ols")]
    public void Nested_and_full_small_sample_corrections_give_fixest_s_standard_errors(
        string name, string file, string unit, string time, string outcome, string treatmentOption, string treatment, string model)
    {
        var expected = Oracle.Value.GetProperty(name);
        foreach (var (ssc, key) in new[] { ((string?)null, "se_nested"), ("nested", "se_nested"), ("full", "se_full") })
        {
            string[] sscArgs = ssc is null ? [] : ["--ssc", ssc];
            var (exit, stdout, stderr) = Run(["estimate", "--panel", Path.Combine(TestPaths.RefData, file), "--unit", unit, "--time", time,
                "--outcome", outcome, treatmentOption, treatment, "--estimator", "twfe", "--model", model, .. sscArgs]);
            Assert.True(exit == 0, stderr);
            var ours = JsonNode.Parse(stdout)!;
            double tolerance = model == "poisson" ? 1e-6 : 1e-9;
            Relative(expected.GetProperty("coefficient").GetDouble(), ours["coefficient"]!.GetValue<double>(), tolerance, $"{name} coefficient");
            Relative(expected.GetProperty(key).GetDouble(), ours["se"]!.GetValue<double>(), tolerance, $"{name} {key}");
            Assert.Equal(expected.GetProperty("n_obs").GetInt64(), ours["n_obs"]!.GetValue<long>());
        }
    }

    private static void Relative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: ours {actual:R}, fixest {expected:R}");
}
