using Modeling.Analysis.Verdicts;

namespace Modeling.Analysis.Tests.Verdicts;

public class MandateJudgeTests
{
    // Evidence built on the log scale: log m = 0.2, se = 0.1, 95% interval = 0.2 ± 1.959963985 × 0.1.
    private const double Z975 = 1.959963984540054;
    private static readonly MultiplierEvidence Evidence =
        new(Math.Exp(0.2), Math.Exp(0.2 - Z975 * 0.1), Math.Exp(0.2 + Z975 * 0.1), 0.95);

    [Fact]
    public void Log_standard_error_is_recovered_from_the_interval() =>
        Assert.Equal(0.1, Evidence.LogStandardError, 12);

    [Fact]
    public void Target_equal_to_the_estimate_has_probability_one_half()
    {
        var judgement = MandateJudge.Judge(Math.Exp(0.2), Evidence);
        Assert.Equal(0.5, judgement.ProbabilityTargetMet!.Value, 12);
        // A target inside the interval is neither shown reached nor ruled out (CONTRACT §4, revised 2026-12).
        Assert.Equal(Verdict.Inconclusive, judgement.Verdict);
        Assert.Equal("the target lies inside the 95% interval: the data neither show it reached nor rule it out", judgement.Reason);
    }

    [Fact]
    public void Probability_matches_the_normal_tail_on_the_log_scale()
    {
        // z = 1.644853627 is the 95th percentile of N(0,1): P(M ≥ target) = 0.05.
        var judgement = MandateJudge.Judge(Math.Exp(0.2 + 1.6448536269514722 * 0.1), Evidence);
        Assert.Equal(0.05, judgement.ProbabilityTargetMet!.Value, 10);
    }

    [Fact]
    public void Target_above_the_interval_is_not_supported()
    {
        var judgement = MandateJudge.Judge(3.0, Evidence);
        Assert.Equal(Verdict.NotSupported, judgement.Verdict);
        Assert.Equal("not_supported", judgement.Verdict.ToContractName());
        Assert.Equal("the whole 95% interval lies below the target", judgement.Reason);
        Assert.True(judgement.ProbabilityTargetMet < 1e-20);
    }

    [Fact]
    public void Target_below_the_interval_is_supported()
    {
        var judgement = MandateJudge.Judge(1.0, Evidence);
        Assert.Equal(Verdict.Supported, judgement.Verdict);
        Assert.Equal("the whole 95% interval lies at or above the target", judgement.Reason);
    }

    [Fact]
    public void A_target_at_the_lower_bound_is_supported_and_just_above_it_is_not()
    {
        Assert.Equal(Verdict.Supported, MandateJudge.Judge(Evidence.CiLow, Evidence).Verdict);
        Assert.Equal(Verdict.Inconclusive, MandateJudge.Judge(Evidence.CiLow * (1 + 1e-12), Evidence).Verdict);
        Assert.Equal(Verdict.Inconclusive, MandateJudge.Judge(Evidence.CiHigh, Evidence).Verdict);
        Assert.Equal(Verdict.NotSupported, MandateJudge.Judge(Evidence.CiHigh * (1 + 1e-12), Evidence).Verdict);
    }

    [Fact]
    public void A_wide_interval_supports_no_target()
    {
        var wide = new MultiplierEvidence(1.5, 0.5, 4.5, 0.95);
        foreach (double target in new[] { 0.6, 1.0, 1.5, 3.0, 4.4 })
            Assert.Equal(Verdict.Inconclusive, MandateJudge.Judge(target, wide).Verdict);
    }

    [Fact]
    public void Missing_evidence_is_inconclusive()
    {
        var missing = MandateJudge.Judge(3.0, null);
        Assert.Equal(Verdict.Inconclusive, missing.Verdict);
        Assert.Null(missing.ProbabilityTargetMet);
        Assert.Equal("no estimate is available for this metric", missing.Reason);
    }

    [Fact]
    public void The_robust_interval_decides_where_there_is_one()
    {
        // Plain interval ×1.05–×1.5 rules out 1.6; the robust one (×0.9–×1.8) does not: inconclusive, and it says so.
        var plain = new MultiplierEvidence(1.25, 1.05, 1.5, 0.95);
        var robust = new TrendRobustness(1, 1.27, 0.9, 1.8, 12) { BreakdownValue = 1.6, BreakdownMbar = 0.4 };
        var j = MandateJudge.Judge(1.6, plain, robust);
        Assert.Equal(Verdict.Inconclusive, j.Verdict);
        Assert.Equal("the target lies inside the 95% interval that allows post-adoption trends to drift by up to 1× the largest pre-adoption change " +
            "(×0.9–×1.8): the data neither show it reached nor rule it out (the plain interval ×1.05–×1.5 settles it only if trends would have " +
            "stayed parallel); the interval also holds 1 (no change), so the data cannot tell the target from no change", j.Reason);
        Assert.Same(robust, j.Robust);
        Assert.NotNull(j.ProbabilityTargetMet);

        var met = MandateJudge.Judge(1.1, plain, robust with { CiLow = 1.15, BreakdownBeyondLimit = true, BreakdownMbar = 10 });
        Assert.Equal(Verdict.Supported, met.Verdict);
        Assert.EndsWith("lies wholly at or above the target; it stays met even at 10× (the largest drift examined)", met.Reason);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_targets_are_refused(double target)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MandateJudge.Judge(target, Evidence));
        Assert.StartsWith($"The 'targetMultiplier' parameter of MandateJudge.Judge must be a finite number greater than 0. Got {target} instead.", e.Message);
    }

    [Fact]
    public void A_t_interval_gives_its_probability_from_the_t_distribution()
    {
        // R: se <- (log(1.5) - log(0.9)) / (2 * qt(0.975, 19)); 1 - pt((log(1.3) - log(1.15)) / se, 19) = 0.163836369556
        var t = new MultiplierEvidence(1.15, 0.9, 1.5, 0.95) { DegreesOfFreedom = 19 };
        Assert.Equal(0.122030519117, t.LogStandardError, 11);
        Assert.Equal(0.163836369556, MandateJudge.Judge(1.3, t).ProbabilityTargetMet!.Value, 10);
    }

    [Fact]
    public void A_placebo_interval_gives_its_probability_from_the_placebo_errors()
    {
        // log m̂ = log 1.2; the multiplier reaches 1.1 where the error e ≤ log 1.2 − log 1.1 = 0.087: 3 of these 5 errors.
        var placebo = new MultiplierEvidence(1.2, 1.0, 1.5, 0.95) { PlaceboErrors = [-0.2, -0.05, 0.08, 0.09, 0.3] };
        Assert.Equal(0.6, placebo.ProbabilityAtLeast(1.1), 12);
        Assert.Equal(0.6, MandateJudge.Judge(1.1, placebo).ProbabilityTargetMet!.Value, 12);
    }

    [Fact]
    public void An_interval_holding_the_target_and_no_change_says_the_data_cannot_tell_them_apart()
    {
        var wide = new MultiplierEvidence(1.3, 0.8, 2.4, 0.95);
        var judgement = MandateJudge.Judge(2.0, wide, minimumDetectable: 2.61);
        Assert.Equal(Verdict.Inconclusive, judgement.Verdict);
        Assert.Equal("the target lies inside the 95% interval: the data neither show it reached nor rule it out; the interval also holds 1 " +
            "(no change), so the data cannot tell the target from no change (the smallest effect they would detect is ×2.61)", judgement.Reason);
    }

    [Fact]
    public void The_minimum_detectable_effect_is_the_sum_of_the_two_quantiles_times_the_standard_error()
    {
        // R: (qt(0.975, 10) + qt(0.8, 10)) * 0.1 = 0.310719668; (qnorm(0.975) + qnorm(0.8)) * 0.1 = 0.280158522
        var effect = new Estimation.Inference.Effect(0.05, 0.1, 0.95);
        Assert.Equal(0.280158522, HeadlineInference.DetectableByT(effect), 9);
        Assert.Equal(0.310719668, HeadlineInference.DetectableByT(effect with { DegreesOfFreedom = 10 }), 9);
    }
}
