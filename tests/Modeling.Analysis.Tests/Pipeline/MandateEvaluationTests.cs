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
        double alpha, ICollection<string> warnings)
    {
        string compared = MandateEvaluation.ComparedOutcome(m.Metric);
        var headline = effects.FirstOrDefault(e => e.Outcome == compared && e.Headline) is { } row ? new HeadlineEstimate(row, 60, null) : null;
        double? pretrend = pretrends.TryGetValue(compared, out var p) ? p : null;
        return MandateEvaluation.Row(MandateEvaluation.Evaluate(m, headline, pretrend, alpha, warnings), MandateContext.Empty);
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
            new Dictionary<string, double>(), 0.05, warnings);
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
            null, 0.05, new List<string>());
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
    public void A_rejected_pre_trend_test_makes_the_verdict_inconclusive_and_says_why()
    {
        var row = Judge(new MandateInput("m1", "all", "deployments", 3), [PerEngineer],
            new Dictionary<string, double> { ["deployments_per_engineer"] = 0.012 }, 0.05, new List<string>());
        Assert.Equal("inconclusive", row.Verdict);
        Assert.Equal("the pre-trend test rejects parallel trends (p = 0.012 < 0.05), so the estimate cannot be trusted", row.Reason);
        Assert.Null(row.ProbabilityTargetMet); // no probability from an estimate that cannot be trusted
        Assert.Equal(0.012, row.PretrendPValue);
    }

    [Fact]
    public void A_passed_pre_trend_test_leaves_the_verdict_to_the_interval()
    {
        // The estimate is 1.3 [1.1, 1.6]: 1.05 lies below the whole interval, 1.5 inside it.
        var pretrend = new Dictionary<string, double> { ["deployments_per_engineer"] = 0.4 };
        var reached = Judge(new MandateInput("m1", "all", "deployments", 1.05), [PerEngineer], pretrend, 0.05, new List<string>());
        Assert.Equal("supported", reached.Verdict);
        var open = Judge(new MandateInput("m1", "all", "deployments", 1.5), [PerEngineer], pretrend, 0.05, new List<string>());
        Assert.Equal("inconclusive", open.Verdict);
        Assert.NotNull(open.ProbabilityTargetMet);
    }

    [Fact]
    public void An_unknown_metric_is_inconclusive_with_a_warning()
    {
        var warnings = new List<string>();
        var row = Judge(new MandateInput("m9", "all", "happiness", 2), [PerEngineer],
            new Dictionary<string, double>(), 0.05, warnings);
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
