using Modeling.Estimation.BeforeAfter;
using Modeling.Estimation.Data;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Tests.Regression;

namespace Modeling.Estimation.Tests.BeforeAfter;

/// <summary>Ratio of means and its clustered delta-method SE against Fixtures/twfe_oracle.R (R, computed independently).</summary>
public sealed class NaiveBeforeAfterTests
{
    private static void AssertMatches(string caseName, NaiveBeforeAfterResult result)
    {
        var o = TestData.OracleCase(caseName);
        TestData.Close(o.GetProperty("ratio").GetDouble(), result.Multiplier.Value, 1e-10, "ratio");
        TestData.Close(o.GetProperty("mean_after").GetDouble(), result.MeanAfter, 1e-10, "mean after");
        TestData.Close(o.GetProperty("mean_before").GetDouble(), result.MeanBefore, 1e-10, "mean before");
        TestData.Close(o.GetProperty("log_ratio_std_error").GetDouble(), result.LogRatio.StandardError, 1e-8, "SE");
        Assert.Equal(o.GetProperty("n_after").GetInt32(), result.ObservationsAfter);
        Assert.Equal(o.GetProperty("n_before").GetInt32(), result.ObservationsBefore);
        Assert.Equal(o.GetProperty("n_clusters").GetInt32(), result.ClusterCount);
        Assert.Equal(Math.Exp(result.LogRatio.CiLow), result.Multiplier.CiLow, 12);
    }

    [Fact]
    public void Castle_homicide_counts_match_the_oracle()
    {
        var t = TestData.Castle();
        AssertMatches("castle_naive_homicide_c",
            new NaiveBeforeAfter().Fit(TestData.Panel(t, "state", "year", "homicide_c", cohort: TestData.CastleCohort(t))));
    }

    [Fact]
    public void Simulated_counts_match_the_oracle_and_overstate_the_true_effect()
    {
        var t = TestData.CountPanel();
        var result = new NaiveBeforeAfter().Fit(TestData.Panel(t, "unit", "period", "y", cohort: t.Ints("cohort")));
        AssertMatches("count_naive", result);
        // make_count_panel.R: true multiplier exp(0.3) = 1.35 with a common trend exp(0.05 t) and a drifting covariate;
        // the naive ratio attributes the trend to adoption.
        Assert.True(result.Multiplier.Value > 1.6);
    }

    [Fact]
    public void Degenerate_inputs_have_clear_messages()
    {
        var none = new PanelData([0, 0, 1, 1], [1, 2, 1, 2], [1, 2, 3, 4], ["a", "b"], [0, 0, 0, 0]);
        Assert.Equal("No unit adopts within the panel (every cohort is 0): there is nothing to compare before and after.",
            Assert.Throws<EstimationException>(() => new NaiveBeforeAfter().Fit(none)).Message);
        var noBefore = new PanelData([0, 0, 1, 1], [1, 2, 1, 2], [1, 2, 3, 4], ["a", "b"], [1, 1, 0, 0]);
        Assert.Equal("Adopted units need observations both before and after adoption. Got 0 before and 2 after.",
            Assert.Throws<EstimationException>(() => new NaiveBeforeAfter().Fit(noBefore)).Message);
        var oneCluster = new PanelData([0, 0, 1, 1], [1, 2, 1, 2], [1, 2, 3, 4], ["a", "b"], [2, 2, 0, 0]);
        Assert.Equal("Team-clustered standard errors need at least 2 clusters (units). Got 1 instead.",
            Assert.Throws<EstimationException>(() => new NaiveBeforeAfter().Fit(oneCluster)).Message);
        var nan = new PanelData([0, 0, 1, 1], [1, 2, 1, 2], [1, double.NaN, 3, 4], ["a", "b"], [2, 2, 2, 2]);
        Assert.Equal("The 'y' column has the non-finite value NaN at row 1; every value must be a finite number.",
            Assert.Throws<EstimationException>(() => new NaiveBeforeAfter().Fit(nan)).Message);
    }
}
