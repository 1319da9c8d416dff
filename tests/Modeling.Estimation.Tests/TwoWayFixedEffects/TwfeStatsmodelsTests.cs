using Modeling.Estimation.Regression;
using System.Text.Json;
using Modeling.Estimation.Tests.Regression;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Estimation.Tests.TwoWayFixedEffects;

/// <summary>
/// Second oracle: statsmodels 0.13.5 (Fixtures/twfe_oracle_statsmodels.py → twfe_oracle_statsmodels.json), dummies +
/// cov_type="cluster" with its default small-sample correction. Tolerance 1e-6 relative.
/// </summary>
public sealed class TwfeStatsmodelsTests
{
    private static JsonElement Case(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.FixturePath("twfe_oracle_statsmodels.json")));
        return doc.RootElement.GetProperty("cases").GetProperty(name).Clone();
    }

    [Fact]
    public void Mpdta_ols_matches_statsmodels()
    {
        var t = TestData.Mpdta();
        var r = new Twfe { FixedEffectsInK = FixedEffectsInK.Full }.Fit(TestData.Panel(t, "countyreal", "year", "lemp", cohort: t.Ints("first.treat")));
        var o = Case("mpdta_ols");
        TestData.Close(o.GetProperty("estimate").GetDouble(), r.Treatment!.Estimate, 1e-6, "estimate");
        TestData.Close(o.GetProperty("std_error").GetDouble(), r.Treatment.StandardError, 1e-6, "SE");
        Assert.Equal(o.GetProperty("k").GetInt32(), r.ParameterCount);
    }

    [Fact]
    public void Count_poisson_matches_statsmodels()
    {
        var t = TestData.CountPanel();
        var r = new Twfe { FixedEffectsInK = FixedEffectsInK.Full, Model = TwfeModel.Poisson, Covariates = ["x"] }.Fit(
            TestData.Panel(t, "unit", "period", "y", cohort: t.Ints("cohort"), covariates: ["x"]));
        var o = Case("count_poisson");
        var est = o.Array("estimate");
        var se = o.Array("std_error");
        TestData.Close(est[0], r.Treatment!.Estimate, 1e-6, "D");
        TestData.Close(se[0], r.Treatment.StandardError, 1e-6, "SE D");
        TestData.Close(est[1], r.Coefficients[1].Effect.Estimate, 1e-6, "x");
        TestData.Close(se[1], r.Coefficients[1].Effect.StandardError, 1e-6, "SE x");
        Assert.Equal(o.GetProperty("n_obs").GetInt32(), r.ObservationCount);
    }
}
