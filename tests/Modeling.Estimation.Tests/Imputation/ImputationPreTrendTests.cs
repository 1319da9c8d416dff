using System.Text.Json;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Tests.Regression;

namespace Modeling.Estimation.Tests.Imputation;

/// <summary>
/// The BJS pre-trend test against Fixtures/imputation_pretrend_oracle.R (lm/glm with explicit dummies, sandwich
/// vcovCL HC1 clustered by unit): lead coefficients, SEs, Wald statistic and p-value to 1e-6 relative.
/// </summary>
public sealed class ImputationPreTrendTests
{
    private const double Tolerance = 1e-6;

    private static JsonElement Oracle(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.FixturePath("imputation_pretrend_oracle.json")));
        return doc.RootElement.GetProperty("cases").GetProperty(name).Clone();
    }

    private static void AssertMatches(string name, ImputationPreTrendResult r)
    {
        var o = Oracle(name);
        var test = r.Test ?? throw new Xunit.Sdk.XunitException("no Wald test");
        Assert.Equal(o.GetProperty("df").GetInt32(), test.DegreesOfFreedom);
        Assert.Equal(o.GetProperty("n_obs").GetInt32(), r.ObservationCount);
        var b = o.Array("coefficients");
        var se = o.Array("std_errors");
        for (int k = 0; k < b.Length; k++)
        {
            TestData.Close(b[k], r.Leads[k].Coefficient, Tolerance, $"{name} lead {k + 1}");
            TestData.Close(se[k], r.Leads[k].StandardError, Tolerance, $"{name} lead {k + 1} SE");
        }
        TestData.Close(o.GetProperty("wald").GetDouble(), test.Statistic, Tolerance, name + " Wald");
        TestData.Close(o.GetProperty("p_value").GetDouble(), test.PValue, Tolerance, name + " p");
        TestData.Close(o.GetProperty("detectable_slope").GetDouble(), r.DetectableSlope!.Value, Tolerance, name + " detectable slope");
    }

    [Fact]
    public void Mpdta_linear_form_matches_the_R_oracle()
    {
        var t = TestData.Mpdta();
        var panel = TestData.Panel(t, "countyreal", "year", "lemp", cohort: t.Ints("first.treat"));
        AssertMatches("mpdta_linear_3", new ImputationPreTrend { Form = ImputationForm.Linear, Leads = 3 }.Fit(panel));
    }

    [Fact]
    public void Count_panel_poisson_form_matches_the_R_oracle()
    {
        var t = TestData.CountPanel();
        var panel = TestData.Panel(t, "unit", "period", "y", cohort: t.Ints("cohort"));
        AssertMatches("counts_poisson_2", new ImputationPreTrend { Form = ImputationForm.Poisson, Leads = 2 }.Fit(panel));
    }

    [Fact]
    public void A_multiplicative_pre_trend_is_detected_and_its_absence_is_not()
    {
        // 120 units, 12 periods, cohorts at 6 and 8 and never; outcome exp(unit + period effects) Poisson-like noise.
        // With a pre-trend the treated units grow 5% per period before adoption.
        PanelData Build(bool preTrend)
        {
            var rng = new Random(5);
            var unit = new List<int>(); var time = new List<int>(); var y = new List<double>(); var cohort = new List<int>();
            for (int u = 0; u < 120; u++)
            {
                int g = u % 3 == 0 ? 0 : u % 3 == 1 ? 6 : 8;
                double level = 20 * Math.Exp(0.5 * (rng.NextDouble() - 0.5));
                for (int p = 1; p <= 12; p++)
                {
                    double trend = preTrend && g > 0 && p < g ? Math.Pow(1.05, p - g) : 1.0;
                    double mean = level * Math.Exp(0.02 * p) * trend * (g > 0 && p >= g ? 1.3 : 1.0);
                    unit.Add(u); time.Add(p); cohort.Add(g);
                    y.Add(Math.Round(mean * (1 + 0.05 * (rng.NextDouble() - 0.5))));
                }
            }
            return new PanelData(unit, time, y, [.. Enumerable.Range(0, 120).Select(u => $"u{u}")], cohort, outcomeName: "y");
        }
        var test = new ImputationPreTrend { Leads = 4 };
        Assert.True(test.Fit(Build(preTrend: true)).Test!.PValue < 1e-6);
        Assert.True(test.Fit(Build(preTrend: false)).Test!.PValue > 0.01);
    }

    [Fact]
    public void The_noncentral_chi_squared_behind_the_pre_test_power_matches_r()
    {
        // R 4.2.2: pchisq(10, 6, ncp = 3) = 0.643301014131; pchisq(2.5, 3, ncp = 0.7) = 0.428126339707;
        // uniroot(function(l) 1 - pchisq(qchisq(.95, 6), 6, ncp = l) - 0.8, c(0, 100), tol = 1e-14)$root = 13.6242861168 (df 1: 7.8488605093)
        Assert.Equal(0.643301014131, Estimation.Numerics.NoncentralChiSquared.Cdf(10, 6, 3), 11);
        Assert.Equal(0.428126339707, Estimation.Numerics.NoncentralChiSquared.Cdf(2.5, 3, 0.7), 11);
        Assert.Equal(13.6242861168, Estimation.Numerics.NoncentralChiSquared.NoncentralityForPower(6, 0.8), 7);
        Assert.Equal(7.8488605093, Estimation.Numerics.NoncentralChiSquared.NoncentralityForPower(1, 0.8), 7);
    }
}
