using Modeling.Estimation.Regression;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Tests.Regression;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Estimation.Tests.TwoWayFixedEffects;

/// <summary>Extended TWFE against Fixtures/twfe_oracle.R (glm/lm with cell dummies, vcovCL HC1, delta method); 1e-6 relative.</summary>
public sealed class ExtendedTwfeTests
{
    private static PanelData Counts()
    {
        var t = TestData.CountPanel();
        return TestData.Panel(t, "unit", "period", "y", cohort: t.Ints("cohort"));
    }

    private static PanelData Mpdta()
    {
        var t = TestData.Mpdta();
        return TestData.Panel(t, "countyreal", "year", "lemp", cohort: t.Ints("first.treat"));
    }

    private static void AssertMatches(string name, Inference.Effect effect)
    {
        var o = TestData.OracleCase(name);
        TestData.Close(o.GetProperty("estimate").GetDouble(), effect.Estimate, 1e-6, name + " estimate");
        TestData.Close(o.GetProperty("std_error").GetDouble(), effect.StandardError, 1e-6, name + " SE");
    }

    [Fact]
    public void Poisson_form_matches_overall_and_by_horizon()
    {
        var r = new ExtendedTwfe { FixedEffectsInK = FixedEffectsInK.Full }.Fit(Counts());
        AssertMatches("etwfe_count_poisson", r.Overall);
        AssertMatches("etwfe_count_poisson_e1", r.ByHorizon.Single(h => h.RelativeTime == 1).Effect);
        Assert.Equal(15, r.Cells.Count);
        Assert.Equal(["3", "41", "77"], r.DroppedUnits.Order(StringComparer.Ordinal));
        Assert.Equal(Math.Exp(r.Overall.Estimate), r.Multiplier!.Value, 14);
    }

    [Fact]
    public void Ols_form_on_logs_matches()
    {
        var r = new ExtendedTwfe { FixedEffectsInK = FixedEffectsInK.Full, Model = TwfeModel.Ols, OutcomeScale = OutcomeScale.Log }.Fit(Mpdta());
        AssertMatches("etwfe_mpdta_ols", r.Overall);
        AssertMatches("etwfe_mpdta_ols_e0", r.ByHorizon.Single(h => h.RelativeTime == 0).Effect);
    }

    [Fact]
    public void Point_estimates_equal_the_imputation_estimator()
    {
        // Wooldridge (2021, "Two-way fixed effects, the two-way Mundlak regression, and DiD estimators") shows the
        // saturated TWFE regression equals the BJS imputation estimator for OLS; Wooldridge (2023) gives the Poisson
        // (canonical link) analogue for the aggregated effects. Checked numerically here (R agrees: 0.319093727091).
        var counts = Counts();
        Assert.Equal(new ImputationDid { Form = ImputationForm.Poisson }.Fit(counts).Overall.Estimate,
            new ExtendedTwfe { FixedEffectsInK = FixedEffectsInK.Full }.Fit(counts).Overall.Estimate, 1e-9);
        var mpdta = Mpdta();
        Assert.Equal(new ImputationDid { Form = ImputationForm.Linear }.Fit(mpdta).Overall.Estimate,
            new ExtendedTwfe { FixedEffectsInK = FixedEffectsInK.Full, Model = TwfeModel.Ols }.Fit(mpdta).Overall.Estimate, 1e-10);
    }
}
