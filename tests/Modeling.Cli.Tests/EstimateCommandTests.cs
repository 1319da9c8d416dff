using System.Text.Json;
using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

public class EstimateCommandTests
{
    private static readonly string Mpdta = Path.Combine(TestPaths.RefData, "mpdta.csv");

    private static string Csv(string text)
    {
        var path = Path.Combine(TestPaths.NewTempFolder("estimate"), "panel.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Staggered_did_on_mpdta_reproduces_the_published_aggregations_and_pre_test()
    {
        // Published by R did (Callaway & Sant'Anna 2021) on mpdta, never-treated controls, no covariates:
        // simple ATT -0.0400, ATT(2004,2004) -0.0105, dynamic overall -0.0772, group overall -0.0310,
        // "P-value for pre-test of parallel trends assumption: 0.16812" (did's summary of att_gt).
        var (exit, stdout, stderr) = Run("estimate", "--panel", Mpdta, "--unit", "countyreal", "--time", "year",
            "--outcome", "lemp", "--cohort", "first.treat");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("staggered_did", root.GetProperty("estimator").GetString());
        Assert.Equal("lemp", root.GetProperty("outcome").GetString());
        Assert.Equal(2500, root.GetProperty("n_obs").GetInt32());
        Assert.Equal(500, root.GetProperty("n_units").GetInt32());
        var aggregations = root.GetProperty("aggregations");
        Assert.Equal(-0.0400, aggregations.GetProperty("simple").GetProperty("att").GetDouble(), 1e-4);
        Assert.Equal(-0.0772, aggregations.GetProperty("dynamic").GetProperty("overall").GetProperty("att").GetDouble(), 1e-4);
        Assert.Equal(-0.0310, aggregations.GetProperty("group").GetProperty("overall").GetProperty("att").GetDouble(), 1e-4);
        Assert.Equal(12, root.GetProperty("att_gt").GetArrayLength());
        var first = root.GetProperty("att_gt")[0];
        Assert.Equal(2004, first.GetProperty("group").GetInt32());
        Assert.Equal(2004, first.GetProperty("time").GetInt32());
        Assert.Equal(-0.0105, first.GetProperty("att").GetDouble(), 1e-4);
        Assert.Equal(0.168, root.GetProperty("pretrend_p_value").GetDouble(), 1e-3);
        Assert.Equal(7, aggregations.GetProperty("dynamic").GetProperty("by_event_time").GetArrayLength());
    }

    private static JsonElement ImputationOracle(string name)
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Estimation.Tests", "Fixtures", "imputation_oracle.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").GetProperty(name).Clone();
    }

    [Fact]
    public void Imputation_on_mpdta_matches_the_R_oracle_overall_and_by_event_time()
    {
        // Fixtures/imputation_oracle.R (dense lm fits, BJS Theorem 3 variance): overall and event times 0 and 3.
        var (exit, stdout, stderr) = Run("estimate", "--panel", Mpdta, "--unit", "countyreal", "--time", "year",
            "--outcome", "lemp", "--cohort", "first.treat", "--estimator", "imputation");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("imputation", root.GetProperty("estimator").GetString());
        Assert.Equal("ols", root.GetProperty("model").GetString());
        Assert.False(root.TryGetProperty("att_gt", out _));
        Assert.False(root.TryGetProperty("multiplier", out _)); // the linear form is on the outcome's own scale
        var simple = root.GetProperty("aggregations").GetProperty("simple");
        var overall = ImputationOracle("mpdta_linear");
        Assert.Equal(overall.GetProperty("estimate").GetDouble(), simple.GetProperty("att").GetDouble(), 1e-9);
        Assert.Equal(overall.GetProperty("std_error").GetDouble(), simple.GetProperty("se").GetDouble(), 1e-9);
        var byEvent = root.GetProperty("aggregations").GetProperty("dynamic").GetProperty("by_event_time").EnumerateArray()
            .ToDictionary(e => e.GetProperty("event_time").GetInt32());
        foreach (var (e, name) in new[] { (0, "mpdta_linear_e0"), (3, "mpdta_linear_e3") })
        {
            var o = ImputationOracle(name);
            Assert.Equal(o.GetProperty("estimate").GetDouble(), byEvent[e].GetProperty("att").GetDouble(), 1e-9);
            Assert.Equal(o.GetProperty("std_error").GetDouble(), byEvent[e].GetProperty("se").GetDouble(), 1e-9);
        }
        Assert.Equal(new[] { 0, 1, 2, 3 }, byEvent.Keys.Order());
        // The dynamic overall is the equal-weight average of the event-time effects.
        Assert.Equal(byEvent.Values.Average(v => v.GetProperty("att").GetDouble()),
            root.GetProperty("aggregations").GetProperty("dynamic").GetProperty("overall").GetProperty("att").GetDouble(), 1e-12);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("pretrend_p_value").ValueKind);
    }

    [Fact]
    public void Poisson_imputation_reports_its_multiplier()
    {
        var panel = Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Estimation.Tests", "Fixtures", "count_panel.csv");
        var (exit, stdout, stderr) = Run("estimate", "--panel", panel, "--unit", "unit", "--time", "period",
            "--outcome", "y", "--cohort", "cohort", "--estimator", "imputation", "--model", "poisson");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var o = ImputationOracle("count_poisson");
        double att = root.GetProperty("aggregations").GetProperty("simple").GetProperty("att").GetDouble();
        Assert.Equal(o.GetProperty("estimate").GetDouble(), att, 1e-8);
        Assert.Equal(Math.Exp(att), root.GetProperty("multiplier").GetDouble(), 1e-12);
        Assert.True(root.GetProperty("ci_low").GetDouble() < root.GetProperty("multiplier").GetDouble());
    }

    [Fact]
    public void Imputation_without_a_cohort_is_refused_with_a_clear_message()
    {
        var (exit, _, stderr) = Run("estimate", "--panel", Mpdta, "--unit", "countyreal", "--time", "year", "--outcome", "lemp",
            "--treatment", "treat", "--estimator", "imputation");
        Assert.Equal(2, exit);
        Assert.Contains("--estimator imputation needs --cohort (the first-treated period column).", stderr);
    }

    [Fact]
    public void Twfe_writes_coefficient_interval_and_cluster_count_to_the_out_file()
    {
        var output = Path.Combine(TestPaths.NewTempFolder("estimate-out"), "twfe.json");
        var (exit, stdout, stderr) = Run("estimate", "--panel", Mpdta, "--unit", "countyreal", "--time", "year",
            "--outcome", "lemp", "--cohort", "first.treat", "--estimator", "twfe", "--out", output);
        Assert.True(exit == 0, stderr);
        Assert.Equal("", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(output));
        var root = doc.RootElement;
        foreach (var field in new[] { "coefficient", "se", "ci_low", "ci_high", "p_value", "n_obs", "n_clusters" })
            Assert.True(root.TryGetProperty(field, out _), field);
        Assert.Equal(500, root.GetProperty("n_clusters").GetInt32());
        double b = root.GetProperty("coefficient").GetDouble(), se = root.GetProperty("se").GetDouble();
        Assert.Equal(b - 1.959963984540054 * se, root.GetProperty("ci_low").GetDouble(), 1e-12);
    }

    [Fact]
    public void A_non_numeric_value_is_a_user_error_naming_file_line_column_value_and_expectation()
    {
        var path = Csv("id,t,y,g\na,1,1.5,2\na,2,oops,2\n");
        var (exit, _, stderr) = Run("estimate", "--panel", path, "--unit", "id", "--time", "t", "--outcome", "y", "--cohort", "g");
        Assert.Equal(2, exit);
        Assert.Equal($"error: {path}: line 3, column 'y': value 'oops'; expected a finite number.", stderr.TrimEnd());
    }

    [Fact]
    public void A_missing_column_is_a_user_error_listing_the_header()
    {
        var path = Csv("id,t,y\na,1,1.5\n");
        var (exit, _, stderr) = Run("estimate", "--panel", path, "--unit", "id", "--time", "t", "--outcome", "y", "--cohort", "g");
        Assert.Equal(2, exit);
        Assert.Equal($"error: {path}: line 1: no column 'g'; the header has id, t, y.", stderr.TrimEnd());
    }

    [Fact]
    public void Degenerate_input_is_a_user_error_not_a_crash()
    {
        // Every unit treated in 2 and no never-treated units: no controls for staggered DiD.
        var path = Csv("id,t,y,g\na,1,1,2\na,2,2,2\nb,1,1,2\nb,2,3,2\n");
        var (exit, _, stderr) = Run("estimate", "--panel", path, "--unit", "id", "--time", "t", "--outcome", "y", "--cohort", "g");
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {path}: cannot estimate: ", stderr);
    }

    [Fact]
    public void Dml_without_covariates_is_refused_with_a_clear_message()
    {
        var (exit, _, stderr) = Run("estimate", "--panel", Mpdta, "--outcome", "lemp", "--treatment", "treat", "--estimator", "dml");
        Assert.Equal(2, exit);
        Assert.Equal("error: --estimator dml needs --covariates (the control columns of the nuisance models).", stderr.TrimEnd());
    }

    [Fact]
    public void Cohort_and_treatment_together_are_refused()
    {
        var (exit, _, stderr) = Run("estimate", "--panel", Mpdta, "--unit", "countyreal", "--time", "year", "--outcome", "lemp",
            "--cohort", "first.treat", "--treatment", "treat");
        Assert.Equal(2, exit);
        Assert.Equal("error: give exactly one of --cohort (first-treated period) or --treatment.", stderr.TrimEnd());
    }
}
