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
