using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.Tests.MachineLearning;

/// <summary>
/// The dose-response of a log-outcome DML fit: multiplier exp(θ·a), interval exp(θ·a ± z·a·SE) (delta method on the
/// log scale; z = 1.959963984540054 for 95%), and the share a target needs, a = ln(target)/θ. Expected values are
/// computed by hand below from those formulas.
/// </summary>
public class DoseResponseTests
{
    private const double Z95 = 1.959963984540054;

    // θ = ln 2: full adoption doubles the outcome; observed shares 0.1–0.8.
    private static DoseResponse Doubling(double se = 0.1) => new()
    {
        Theta = Math.Log(2), StandardError = se, ConfidenceLevel = 0.95, ObservedMin = 0.1, ObservedMax = 0.8,
    };

    [Fact]
    public void Multipliers_at_the_standard_shares_follow_exp_theta_a_with_log_scale_intervals()
    {
        var points = Doubling().Points;
        Assert.Equal([0.25, 0.5, 0.75, 1.0], points.Select(p => p.Adoption));
        foreach (var p in points)
        {
            Assert.Equal(Math.Pow(2, p.Adoption), p.Multiplier, 12);
            Assert.Equal(Math.Exp(Math.Log(2) * p.Adoption - Z95 * 0.1 * p.Adoption), p.CiLow, 12);
            Assert.Equal(Math.Exp(Math.Log(2) * p.Adoption + Z95 * 0.1 * p.Adoption), p.CiHigh, 12);
        }
        Assert.Equal([false, false, false, true], points.Select(p => p.Extrapolation));
    }

    [Theory]
    [InlineData(1.5, 0.584962500721156, AdoptionNeededStatus.WithinObservedRange)] // log2(1.5)
    [InlineData(1.8, 0.847996906554950, AdoptionNeededStatus.Extrapolation)]       // log2(1.8) > 0.8 observed max
    [InlineData(1.05, 0.070389327891398, AdoptionNeededStatus.Extrapolation)]      // below 0.1 observed min
    [InlineData(3.0, null, AdoptionNeededStatus.Unreachable)]                      // log2(3) = 1.58 > 100%
    [InlineData(0.9, null, AdoptionNeededStatus.Unreachable)]                      // needs a negative share
    public void Adoption_needed_for_a_target(double target, double? share, AdoptionNeededStatus status)
    {
        var needed = Doubling().AdoptionNeededFor(target);
        Assert.Equal(status, needed.Status);
        if (share is null) Assert.Null(needed.Share);
        else Assert.Equal(share.Value, needed.Share!.Value, 12);
    }

    [Fact]
    public void The_adoption_needed_has_the_interval_the_ends_of_thetas_interval_imply()
    {
        // θ = ln 2 ± 1.959964·0.1 → [0.497150, 0.889140]; target 1.5: ln 1.5 / 0.889140 = 0.456018, ln 1.5 / 0.497150 = 0.815578 (Python).
        var needed = Doubling().AdoptionNeededFor(1.5);
        Assert.Equal(Math.Log(1.5) / (Math.Log(2) + Z95 * 0.1), needed.ShareLow!.Value, 12);
        Assert.Equal(Math.Log(1.5) / (Math.Log(2) - Z95 * 0.1), needed.ShareHigh!.Value, 12);
        Assert.Equal(0.456018, needed.ShareLow.Value, 6);
        Assert.Equal(0.815578, needed.ShareHigh.Value, 6);
        // An interval for θ that holds 0 allows no effect: no finite bound on the share needed.
        var wide = Doubling(se: 0.5).AdoptionNeededFor(1.5);
        Assert.NotNull(wide.Share);
        Assert.Null(wide.ShareLow);
        Assert.Null(wide.ShareHigh);
    }

    [Fact]
    public void Status_names_are_the_results_json_vocabulary()
    {
        Assert.Equal("within_observed_range", Doubling().AdoptionNeededFor(1.5).StatusName);
        Assert.Equal("extrapolation", Doubling().AdoptionNeededFor(1.8).StatusName);
        Assert.Equal("unreachable", Doubling().AdoptionNeededFor(3).StatusName);
    }

    [Fact]
    public void A_zero_effect_reaches_no_target_but_1()
    {
        var flat = Doubling() with { Theta = 0 };
        Assert.Equal(AdoptionNeededStatus.Unreachable, flat.AdoptionNeededFor(2).Status);
        Assert.Equal(0.0, flat.AdoptionNeededFor(1).Share);
    }

    [Fact]
    public void E_value_of_full_adoption()
    {
        // exp(θ) = 2 → E = 2 + √2 = 3.41421; lower limit exp(ln2 − 1.96·0.1) = 1.6443 → 1.6443 + √(1.6443·0.6443).
        var e = Doubling().EValue;
        Assert.Equal(2 + Math.Sqrt(2), e.Point, 12);
        double low = Math.Exp(Math.Log(2) - Z95 * 0.1);
        Assert.Equal(low + Math.Sqrt(low * (low - 1)), e.ConfidenceLimit, 12);
    }

    [Fact]
    public void From_a_fit_takes_theta_se_level_and_the_observed_treatment_range()
    {
        var fit = new DoubleMachineLearning { Learner = DmlLearner.Linear, Repetitions = 1 }.Fit(DmlTestData.Load401k());
        var dose = DoseResponse.From(fit);
        Assert.Equal(fit.Theta, dose.Theta);
        Assert.Equal(fit.StandardError, dose.StandardError);
        Assert.Equal(0.0, dose.ObservedMin);
        Assert.Equal(1.0, dose.ObservedMax);
    }

    [Fact]
    public void Bad_shares_and_targets_are_refused_with_clear_messages()
    {
        Assert.Equal("The adoption share must be between 0 and 1. Got 1.5 instead.",
            Assert.Throws<EstimationException>(() => Doubling().At(1.5)).Message);
        Assert.Equal("The target multiplier must be greater than 0. Got -2 instead.",
            Assert.Throws<EstimationException>(() => Doubling().AdoptionNeededFor(-2)).Message);
    }
}
