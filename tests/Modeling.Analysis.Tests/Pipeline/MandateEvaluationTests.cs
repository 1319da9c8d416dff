using Modeling.Panel;
using Modeling.Results;

namespace Modeling.Analysis.Tests.Pipeline;

public class MandateEvaluationTests
{
    private static readonly EffectRow PerEngineer =
        Row("imputation", 1.3, 1.1, 1.6, headline: true);
    private static readonly EffectRow Naive =
        Row("naive_before_after", 3.5, 3.2, 3.9, headline: false);

    /// <summary>A mandate judged on the headline row of its compared outcome among <paramref name="effects"/> and written as its
    /// results row (nothing beside the verdict).</summary>
    private static MandateRow Judge(MandateInput m, IReadOnlyList<EffectRow> effects, IReadOnlyDictionary<string, double> pretrends,
        ICollection<string> warnings, TrendRobustness? robust = null)
    {
        string compared = MandateEvaluation.ComparedOutcome(m.Metric);
        var headline = effects.FirstOrDefault(e => e.Outcome == compared && e.Headline) is { } row ? new HeadlineEstimate(row, 60, null) : null;
        double? pretrend = pretrends.TryGetValue(compared, out var p) ? p : null;
        return MandateEvaluation.Row(MandateEvaluation.Evaluate(m, headline, pretrend, robust, warnings), MandateContext.Empty);
    }

    private static EffectRow Row(string estimator, double multiplier, double low, double high, bool headline) => new()
    {
        Outcome = "deployments_per_engineer", Estimator = estimator, Multiplier = multiplier, CiLow = low, CiHigh = high,
        CiLevel = 0.95, PValue = 0.001, NTeams = 60, NObs = 1440, Scale = "poisson", Headline = headline,
    };

    [Theory]
    [InlineData("deployments", "deployments_per_engineer")]
    [InlineData("merged_prs", "merged_prs_per_engineer")]
    [InlineData("lead_time_hours", "lead_time_hours")]
    [InlineData("change_failure_rate", "change_failure_rate")]
    public void Counts_are_compared_per_engineer_and_other_metrics_as_they_are(string metric, string compared) =>
        Assert.Equal(compared, MandateEvaluation.ComparedOutcome(metric));

    [Fact]
    public void Judges_the_headline_estimate()
    {
        var warnings = new List<string>();
        var row = Judge(new MandateInput("m1", "all", "deployments", 3), [Naive, PerEngineer],
            new Dictionary<string, double>(), warnings);
        Assert.Equal(1.3, row.Estimate);
        Assert.Equal("not_supported", row.Verdict);
        Assert.Empty(warnings);
    }

    [Fact]
    public void An_estimate_without_a_valid_interval_is_inconclusive_with_the_reason_and_no_probability()
    {
        // A team scope whose one adopting team cannot be compared with enough never-adopted teams: the point estimate is
        // shown, nothing is judged on it.
        string why = Messages.NoValidInterval(adopting: 1, neverAdopted: 12, draws: 0, level: 0.95);
        var bare = PerEngineer with { Multiplier = 5.2, CiLow = null, CiHigh = null, Inference = HeadlineInference.None };
        var judged = MandateEvaluation.Evaluate(new MandateInput("m1", "team:t1", "deployments", 3), new HeadlineEstimate(bare, 1, why),
            null, null, new List<string>());
        var row = MandateEvaluation.Row(judged, MandateContext.Empty);
        Assert.Equal("inconclusive", row.Verdict);
        Assert.Equal(why, row.Reason);
        Assert.Equal(5.2, row.Estimate);
        Assert.Null(row.CiLow);
        Assert.Null(row.ProbabilityTargetMet);
        Assert.Equal("none", row.Inference);
        Assert.Equal("no valid 95% interval: 1 team adopting, fewer than the 20 a cluster-robust interval needs, and the placebo comparison needs 39 " +
            "placebo estimates from never-adopted teams, while the 12 teams never adopted give too few", why);
    }

    [Fact]
    public void A_rejected_pre_trend_test_is_reported_but_does_not_gate_the_verdict()
    {
        var row = Judge(new MandateInput("m1", "all", "deployments", 3), [PerEngineer],
            new Dictionary<string, double> { ["deployments_per_engineer"] = 0.012 }, new List<string>());
        Assert.Equal("not_supported", row.Verdict);
        Assert.Equal(0.012, row.PretrendPValue);
        Assert.Equal("the whole 95% interval lies below the target; parallel trends could not be probed (the event study behind the sensitivity analysis could not be estimated)", row.Reason);
        Assert.Null(row.SensitivityMbar);
    }

    [Fact]
    public void A_rejected_pre_trend_test_with_a_robust_interval_far_below_the_target_is_not_supported_with_its_breakdown()
    {
        // Pre-adoption trends differ (p = 0.003), but even letting post-adoption trends drift as much as the worst
        // pre-adoption change, the effect is at most ×1.9 against a 3x target, and stays ruled out up to a 4.2× drift.
        var robust = new TrendRobustness(1, 1.32, 0.93, 1.9, 12) { BreakdownValue = 3, BreakdownMbar = 4.2 };
        var row = Judge(new MandateInput("m1", "all", "deployments", 3), [PerEngineer],
            new Dictionary<string, double> { ["deployments_per_engineer"] = 0.003 }, new List<string>(), robust);
        Assert.Equal("not_supported", row.Verdict);
        Assert.Equal("the 95% interval that allows post-adoption trends to drift by up to 1× the largest pre-adoption change (×0.93–×1.9) " +
            "lies wholly below the target; it stays ruled out up to a drift of 4.2×", row.Reason);
        Assert.Equal(1, row.SensitivityMbar);
        Assert.Equal(0.93, row.SensitivityCiLow);
        Assert.Equal(1.9, row.SensitivityCiHigh);
        Assert.Equal(4.2, row.BreakdownMbar);
        Assert.False(row.BreakdownBeyondLimit);
        Assert.Equal(1.1, row.CiLow); // the plain interval stays beside it
        Assert.Equal(0.003, row.PretrendPValue);
    }

    [Fact]
    public void A_passed_pre_trend_test_leaves_the_verdict_to_the_interval()
    {
        // The estimate is 1.3 [1.1, 1.6]: 1.05 lies below the whole interval, 1.5 inside it.
        var pretrend = new Dictionary<string, double> { ["deployments_per_engineer"] = 0.4 };
        var reached = Judge(new MandateInput("m1", "all", "deployments", 1.05), [PerEngineer], pretrend, new List<string>());
        Assert.Equal("supported", reached.Verdict);
        var open = Judge(new MandateInput("m1", "all", "deployments", 1.5), [PerEngineer], pretrend, new List<string>());
        Assert.Equal("inconclusive", open.Verdict);
        Assert.NotNull(open.ProbabilityTargetMet);
    }

    [Fact]
    public void An_unknown_metric_is_inconclusive_with_a_warning()
    {
        var warnings = new List<string>();
        var row = Judge(new MandateInput("m9", "all", "happiness", 2), [PerEngineer],
            new Dictionary<string, double>(), warnings);
        Assert.Equal("inconclusive", row.Verdict);
        Assert.Null(row.Estimate);
        Assert.Equal(
        [
            "mandate m9: no imputation estimate of 'happiness' for scope 'all' (not an outcome of CONTRACT §3, unavailable in this data, or not estimable)",
        ], warnings);
    }

    [Theory]
    [InlineData("all", null)]
    [InlineData("org:payments", "t1,t3")]
    [InlineData("team:t2", "t2")]
    [InlineData("team:nope", "")]
    [InlineData("division:x", "")]
    public void Scopes_select_their_teams(string scope, string? expected)
    {
        (string, string?)[] teams = [("t1", "payments"), ("t2", "search"), ("t3", "payments"), ("t4", null)];
        var selected = new MandateInput("m", scope, "deployments", 2).ScopeTeams(teams);
        Assert.Equal(expected, selected is null ? null : string.Join(",", selected.Order(StringComparer.Ordinal)));
    }
}
