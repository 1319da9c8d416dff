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
        Assert.Equal(Verdict.Supported, judgement.Verdict);
        Assert.Equal("the target lies inside the 95% interval", judgement.Reason);
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
        Assert.Equal("the whole 95% interval lies above the target", judgement.Reason);
    }

    [Fact]
    public void Missing_or_undermined_evidence_is_inconclusive()
    {
        var missing = MandateJudge.Judge(3.0, null);
        Assert.Equal(Verdict.Inconclusive, missing.Verdict);
        Assert.Null(missing.ProbabilityTargetMet);
        Assert.Equal("no estimate is available for this metric", missing.Reason);

        var undermined = MandateJudge.Judge(1.1, Evidence, "pre-adoption trends differ (p = 0.001)");
        Assert.Equal(Verdict.Inconclusive, undermined.Verdict);
        Assert.Equal("pre-adoption trends differ (p = 0.001)", undermined.Reason);
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
}
