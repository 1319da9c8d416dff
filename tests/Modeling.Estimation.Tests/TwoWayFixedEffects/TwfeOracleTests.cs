using Modeling.Estimation.Regression;
using Modeling.Estimation.Data;
using Modeling.Estimation.Tests.Regression;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Estimation.Tests.TwoWayFixedEffects;

/// <summary>
/// TWFE coefficients and CR1 clustered SEs against R (lm/glm with factor dummies + sandwich::vcovCL type HC1),
/// recorded by Fixtures/twfe_oracle.R in Fixtures/twfe_oracle.json. Tolerance: 1e-6 relative.
/// </summary>
public sealed class TwfeOracleTests
{
    private const double Tolerance = 1e-6;

    private static void AssertMatches(string caseName, TwfeResult result, string[] terms)
    {
        var oracle = TestData.OracleCase(caseName);
        var estimate = oracle.Array("estimate");
        var se = oracle.Array("std_error");
        for (int j = 0; j < terms.Length; j++)
        {
            var c = result.Coefficients.Single(x => x.Term == terms[j]);
            TestData.Close(estimate[j], c.Effect.Estimate, Tolerance, $"{caseName} {terms[j]} estimate");
            TestData.Close(se[j], c.Effect.StandardError, Tolerance, $"{caseName} {terms[j]} SE");
        }
        Assert.Equal(oracle.GetProperty("n_obs").GetInt32(), result.ObservationCount);
        Assert.Equal(oracle.GetProperty("k").GetInt32(), result.ParameterCount);
        Assert.Equal(oracle.GetProperty("n_clusters").GetInt32(), result.ClusterCount);
        if (oracle.TryGetProperty("dropped_units", out var dropped))
            Assert.Equal(dropped.EnumerateArray().Select(x => x.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
                result.DroppedUnits.Order(StringComparer.Ordinal));
    }

    private static PanelData Mpdta(string? weight = null)
    {
        var t = TestData.Mpdta();
        return TestData.Panel(t, "countyreal", "year", "lemp", cohort: t.Ints("first.treat"), weight: weight);
    }

    [Fact]
    public void Mpdta_ols_matches_sandwich_and_estimatr()
    {
        var result = new Twfe { FixedEffectsInK = FixedEffectsInK.Full, OutcomeScale = OutcomeScale.Log }.Fit(Mpdta());
        AssertMatches("mpdta_ols", result, [Twfe.TreatedTerm]);
        // estimatr lm_robust(se_type = "stata", fixed_effects = ~countyreal + year) gives the same K.
        TestData.Close(TestData.OracleCase("mpdta_ols").GetProperty("estimatr_std_error").GetDouble(), result.Treatment!.StandardError, Tolerance);
        Assert.Equal(Math.Exp(result.Treatment.Estimate), result.Multiplier!.Value, 15);
    }

    [Fact]
    public void Mpdta_weighted_ols_matches() =>
        AssertMatches("mpdta_ols_weighted_lpop", new Twfe { FixedEffectsInK = FixedEffectsInK.Full }.Fit(Mpdta(weight: "lpop")), [Twfe.TreatedTerm]);

    [Fact]
    public void Mpdta_event_study_matches()
    {
        var result = new Twfe { FixedEffectsInK = FixedEffectsInK.Full, Specification = TwfeSpecification.EventStudy }.Fit(Mpdta());
        AssertMatches("mpdta_event_study", result, ["rel_m4", "rel_m3", "rel_m2", "rel_p0", "rel_p1", "rel_p2", "rel_p3"]);
        Assert.Equal([-4, -3, -2, 0, 1, 2, 3], result.EventStudy.Select(e => e.RelativeTime));
        Assert.Null(result.Treatment);
    }

    [Fact]
    public void Castle_ols_matches_and_reproduces_bacondecomp_twfe()
    {
        var t = TestData.Castle();
        var result = new Twfe { FixedEffectsInK = FixedEffectsInK.Full }.Fit(TestData.Panel(t, "state", "year", "l_homicide", cohort: TestData.CastleCohort(t)));
        AssertMatches("castle_ols", result, [Twfe.TreatedTerm]);
        // bacondecomp vignette: "Two-way FE estimate = 0.0818".
        Assert.Equal(0.0818, result.Treatment!.Estimate, 4);
    }

    [Fact]
    public void Castle_population_weighted_ols_matches()
    {
        var t = TestData.Castle();
        AssertMatches("castle_ols_popwt",
            new Twfe { FixedEffectsInK = FixedEffectsInK.Full }.Fit(TestData.Panel(t, "state", "year", "l_homicide", cohort: TestData.CastleCohort(t), weight: "popwt")),
            [Twfe.TreatedTerm]);
    }

    [Fact]
    public void Castle_poisson_on_homicide_counts_matches()
    {
        var t = TestData.Castle();
        var result = new Twfe { FixedEffectsInK = FixedEffectsInK.Full, Model = TwfeModel.Poisson }.Fit(TestData.Panel(t, "state", "year", "homicide_c", cohort: TestData.CastleCohort(t)));
        AssertMatches("castle_poisson_counts", result, [Twfe.TreatedTerm]);
        Assert.Empty(result.DroppedUnits);
    }

    private static PanelData Counts(string? weight = null)
    {
        var t = TestData.CountPanel();
        return TestData.Panel(t, "unit", "period", "y", cohort: t.Ints("cohort"), treatment: "dose", covariates: ["x"], weight: weight);
    }

    [Fact]
    public void Count_poisson_with_covariate_matches_and_reports_all_zero_units()
    {
        var result = new Twfe { FixedEffectsInK = FixedEffectsInK.Full, Model = TwfeModel.Poisson, Covariates = ["x"] }.Fit(Counts());
        AssertMatches("count_poisson", result, [Twfe.TreatedTerm, "x"]);
        Assert.Equal(30, result.DroppedObservationCount);
        Assert.Equal(Math.Exp(result.Treatment!.Estimate), result.Multiplier!.Value, 15);
    }

    [Fact]
    public void Count_weighted_poisson_matches() =>
        AssertMatches("count_poisson_weighted", new Twfe { FixedEffectsInK = FixedEffectsInK.Full, Model = TwfeModel.Poisson, Covariates = ["x"] }.Fit(Counts(weight: "w")), [Twfe.TreatedTerm, "x"]);

    [Fact]
    public void Count_poisson_with_continuous_treatment_matches() =>
        AssertMatches("count_poisson_dose", new Twfe { FixedEffectsInK = FixedEffectsInK.Full, Model = TwfeModel.Poisson, Treatment = TwfeTreatment.Continuous }.Fit(Counts()), [Twfe.TreatmentTerm]);

    [Fact]
    public void Count_ols_in_levels_matches_and_has_no_multiplier()
    {
        var result = new Twfe { FixedEffectsInK = FixedEffectsInK.Full, Covariates = ["x"] }.Fit(Counts());
        AssertMatches("count_ols", result, [Twfe.TreatedTerm, "x"]);
        Assert.Null(result.Multiplier);
    }

    [Fact]
    public void Unbalanced_mpdta_ols_matches()
    {
        var t = TestData.Mpdta();
        var county = t.Ints("countyreal");
        var year = t.Ints("year");
        var rows = t.Where(i => (county[i] * 7 + year[i]) % 9 != 0); // the rows twfe_oracle.R keeps
        AssertMatches("mpdta_unbalanced_ols",
            new Twfe { FixedEffectsInK = FixedEffectsInK.Full }.Fit(TestData.Panel(rows, "countyreal", "year", "lemp", cohort: rows.Ints("first.treat"))), [Twfe.TreatedTerm]);
    }

    [Fact]
    public void Unbalanced_count_poisson_matches()
    {
        var t = TestData.CountPanel();
        var unit = t.Ints("unit");
        var period = t.Ints("period");
        var rows = t.Where(i => (unit[i] * 3 + period[i]) % 7 != 0);
        AssertMatches("count_unbalanced_poisson",
            new Twfe { FixedEffectsInK = FixedEffectsInK.Full, Model = TwfeModel.Poisson, Covariates = ["x"] }.Fit(
                TestData.Panel(rows, "unit", "period", "y", cohort: rows.Ints("cohort"), covariates: ["x"])), [Twfe.TreatedTerm, "x"]);
    }
}
