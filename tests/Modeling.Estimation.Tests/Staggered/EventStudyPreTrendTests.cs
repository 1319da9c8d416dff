using MathNet.Numerics.Distributions;
using Modeling.Estimation.Staggered;

namespace Modeling.Estimation.Tests.Staggered;

/// <summary>The event-study pre-test (Wald on the leads of the dynamic aggregation) checked on mpdta.</summary>
public sealed class EventStudyPreTrendTests
{
    private static readonly StaggeredDidResult Fit = new StaggeredDid { Bootstrap = null }.Fit(PanelCsv.Mpdta());

    [Fact]
    public void One_lead_is_the_squared_z_statistic_of_event_time_minus_one()
    {
        // Independent: with k = 1 the Wald statistic is (θ/se)² and its χ²(1) p-value is the two-sided normal p.
        var e = Fit.Dynamic[-1];
        var test = Fit.EventStudyPreTrend(leads: 1)!;
        Assert.Equal(1, test.DegreesOfFreedom);
        Assert.Equal(Math.Pow(e.Estimate / e.Effect.StandardError, 2), test.Statistic, 1e-10);
        Assert.Equal(2 * Normal.CDF(0, 1, -Math.Abs(e.Estimate / e.Effect.StandardError)), test.PValue, 1e-10);
        // mpdta e = −1: −0.0245 (SE 0.0138), refdata README; z ≈ −1.78.
        Assert.InRange(test.PValue, 0.05, 0.10);
    }

    [Fact]
    public void All_three_leads_of_mpdta_are_tested_and_more_leads_than_exist_change_nothing()
    {
        var three = Fit.EventStudyPreTrend(leads: 3)!;
        Assert.Equal(3, three.DegreesOfFreedom);
        Assert.Equal(three, Fit.EventStudyPreTrend(leads: 10));
        Assert.InRange(three.PValue, 0, 1);
        // A joint test of three leads is at least as large as the one-lead statistic (adding dimensions never lowers W).
        Assert.True(three.Statistic >= Fit.EventStudyPreTrend(leads: 1)!.Statistic - 1e-12);
    }

    [Fact]
    public void Leads_below_one_are_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Fit.EventStudyPreTrend(leads: 0));
        Assert.StartsWith("The 'leads' parameter of EventStudyPreTrend must be at least 1. Got 0 instead.", e.Message);
    }
}
