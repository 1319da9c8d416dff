using System.Text.Json.Serialization;

namespace Modeling.Results;

/// <summary>One estimator's multiplier for one outcome.</summary>
public sealed record EffectRow
{
    public required string Outcome { get; init; }
    public required string Estimator { get; init; }
    public double? Multiplier { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? CiLevel { get; init; }
    public double? PValue { get; init; }
    public int? NTeams { get; init; }
    public long? NObs { get; init; }
    public string? Scale { get; init; }
    public bool Headline { get; init; }

    /// <summary>
    /// What the multiplier is: <c>att</c>, the effect of adoption on the adopting teams (every estimator but DML), or
    /// <c>dose_response</c>, DML's multiplier from no engineer to every engineer using AI along its linear dose-response
    /// (a contrast over adoption shares, not an effect on adopters; never compared with a mandate's target).
    /// </summary>
    public string Estimand { get; init; } = EffectEstimands.Att;

    /// <summary>How the interval was made: cluster_t, placebo or none (no valid interval); null for estimators with one way.</summary>
    public string? Inference { get; init; }

    /// <summary>
    /// Holm-adjusted p-value over the headline rows of the outcomes no mandate names (the secondary family); null for the
    /// mandates' own outcomes (primary, judged unadjusted) and for other estimators.
    /// </summary>
    public double? PValueAdjusted { get; init; }
}

/// <summary>The values of <see cref="EffectRow.Estimand"/>.</summary>
public static class EffectEstimands
{
    public const string Att = "att";
    public const string DoseResponse = "dose_response";
}

/// <summary>One event time of the event study (a multiplier per event time).</summary>
public sealed record EventStudyRow
{
    public required string Outcome { get; init; }
    public string? Estimator { get; init; }
    public int EventTime { get; init; }
    public double? Multiplier { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }

    /// <summary>
    /// The simultaneous (uniform, sup-t bootstrap) band over all event times of the outcome: read these, not the pointwise
    /// interval, to say whether any event time differs from 1; null without a bootstrap.
    /// </summary>
    public double? UniformCiLow { get; init; }

    /// <inheritdoc cref="UniformCiLow"/>
    public double? UniformCiHigh { get; init; }
}

/// <summary>A mandate judged against the evidence.</summary>
public sealed record MandateRow
{
    public required string MandateId { get; init; }
    public string? Scope { get; init; }
    public required string Metric { get; init; }
    public string? ComparedOutcome { get; init; }
    public string? Estimator { get; init; }
    public double? TargetMultiplier { get; init; }
    public double? Estimate { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? ProbabilityTargetMet { get; init; }
    public string? Verdict { get; init; }
    public string? Reason { get; init; }

    /// <summary>
    /// The M̄ of the interval the verdict was judged on: post-adoption trends may drift by up to M̄ times the largest
    /// pre-adoption change (Rambachan–Roth relative magnitudes); null when the plain interval was judged (no sensitivity
    /// for the scope, e.g. fewer than 20 adopting teams).
    /// </summary>
    public double? SensitivityMbar { get; init; }

    /// <summary>The event study's post-adoption average the robust interval is about (a multiplier).</summary>
    public double? SensitivityEstimate { get; init; }

    /// <summary>The robust interval at <see cref="SensitivityMbar"/> (multipliers).</summary>
    public double? SensitivityCiLow { get; init; }

    /// <inheritdoc cref="SensitivityCiLow"/>
    public double? SensitivityCiHigh { get; init; }

    /// <summary>
    /// The largest M̄ at which the verdict still holds: the target stays outside the robust interval (ruled out or met);
    /// null when it is inside already at M̄ = 0 or there is no sensitivity.
    /// </summary>
    public double? BreakdownMbar { get; init; }

    /// <summary>True when the target is still outside the robust interval at the largest M̄ examined (10).</summary>
    public bool? BreakdownBeyondLimit { get; init; }

    /// <summary>False when the run could not check the mandate at all (see <see cref="Reason"/>); absent means true.</summary>
    public bool Checked { get; set; } = true;

    /// <summary>Teams in the mandate's scope that adopted AI in the data: how much evidence the estimate rests on.</summary>
    public int? AdoptingTeams { get; init; }

    /// <summary>The naive dashboard number like for like: after ÷ before adoption among the adopting teams of the
    /// mandate's own scope, on its compared outcome (no comparison group); null when it could not be computed.</summary>
    public double? NaiveMultiplier { get; init; }

    /// <inheritdoc cref="NaiveMultiplier"/>
    public double? NaiveCiLow { get; init; }

    /// <inheritdoc cref="NaiveMultiplier"/>
    public double? NaiveCiHigh { get; init; }

    /// <summary>How the estimate's interval was made: cluster_t, placebo or none (see <see cref="EffectRow.Inference"/>).</summary>
    public string? Inference { get; init; }

    /// <summary>The smallest multiplier above 1 the scope's data would detect with 80 % power; null without a valid interval.</summary>
    public double? MinimumDetectableMultiplier { get; init; }

    public double? PretrendPValue { get; init; }

    /// <summary>Null both when the run did not estimate it and when it is unreachable; see <see cref="AdoptionNeededStatus"/>.</summary>
    public double? AdoptionNeeded { get; init; }

    /// <summary>within_observed_range, extrapolation or unreachable; null when DML did not run.</summary>
    public string? AdoptionNeededStatus { get; init; }

    /// <summary>The adoption shares the ends of DML's interval for θ imply (ascending); null when that interval allows no effect.</summary>
    public double? AdoptionNeededCiLow { get; init; }

    /// <inheritdoc cref="AdoptionNeededCiLow"/>
    public double? AdoptionNeededCiHigh { get; init; }

    /// <summary>Headline estimates of the quality outcomes for the mandate's scope; null when the run did not write them.</summary>
    public IReadOnlyList<QualityCost>? QualityCost { get; init; }

    public IReadOnlyList<string>? GoodhartFlags { get; init; }

    /// <summary>
    /// The mandate's own estimand beside the overall effect: the scope's headline over adopted periods after
    /// <see cref="RampUpPeriods"/> ramp-up periods and up to <see cref="DeadlinePeriod"/> (the period holding the
    /// deadline); null when that window holds no adopted period.
    /// </summary>
    public double? ByDeadlineEstimate { get; init; }

    /// <inheritdoc cref="ByDeadlineEstimate"/>
    public double? ByDeadlineCiLow { get; init; }

    /// <inheritdoc cref="ByDeadlineEstimate"/>
    public double? ByDeadlineCiHigh { get; init; }

    /// <summary>How the by-deadline interval was made (see <see cref="EffectRow.Inference"/>).</summary>
    public string? ByDeadlineInference { get; init; }

    /// <summary>Adopted periods left out of the by-deadline estimate as ramp-up.</summary>
    public int? RampUpPeriods { get; init; }

    /// <summary>The period holding the mandate's deadline; null without a deadline.</summary>
    public string? DeadlinePeriod { get; init; }

    /// <summary>
    /// The mandate's baseline window (the periods holding baseline_from and baseline_to): the by-deadline estimate fits
    /// the adopting teams' levels on these periods only, so the target is read against what the baseline shows; null
    /// when mandates.csv gives no complete baseline.
    /// </summary>
    public string? BaselineFromPeriod { get; init; }

    /// <inheritdoc cref="BaselineFromPeriod"/>
    public string? BaselineToPeriod { get; init; }

    /// <summary>
    /// When a flagged gaming pattern can inflate the metric (release splitting for deployments): the outcome it cannot
    /// inflate (deployment_days_per_engineer) and the scope's headline estimate of it; null otherwise.
    /// </summary>
    public string? RobustOutcome { get; init; }

    /// <inheritdoc cref="RobustOutcome"/>
    public double? RobustEstimate { get; init; }

    /// <inheritdoc cref="RobustOutcome"/>
    public double? RobustCiLow { get; init; }

    /// <inheritdoc cref="RobustOutcome"/>
    public double? RobustCiHigh { get; init; }

    /// <summary>The outcome the estimate is about (the per-engineer form for counts).</summary>
    [JsonIgnore] public string Outcome => ComparedOutcome ?? Metric;
}

/// <summary>A quality outcome's headline estimate shown beside a mandate.</summary>
public sealed record QualityCost(string Outcome, double? Multiplier, double? CiLow, double? CiHigh)
{
    /// <summary>How the interval was made (see <see cref="EffectRow.Inference"/>).</summary>
    public string? Inference { get; init; }

    public double? PValue { get; init; }

    /// <summary>Holm-adjusted over the mandate's quality lines: what "better" or "worse" is read from.</summary>
    public double? PValueAdjusted { get; init; }
}

/// <summary>The multiplier the dose-response implies at one adoption level.</summary>
public sealed record DoseResponseRow(string Outcome, string? Treatment, double Adoption, double? Multiplier, double? CiLow, double? CiHigh, bool Extrapolation);

/// <summary>The observed range of the continuous treatment.</summary>
public sealed record DoseRange(string? Treatment, double? Min, double? Max);

/// <summary>The headline estimator refitted on one group of teams; no numbers when the group is suppressed.</summary>
public sealed record HeterogeneityRow
{
    public required string Outcome { get; init; }
    public required string Dimension { get; init; }
    public required string Group { get; init; }
    public double? Multiplier { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public int? NTeams { get; init; }

    /// <summary>Teams of the group that adopted AI: how many the group's estimate rests on.</summary>
    public int? AdoptingTeams { get; init; }

    public double? Engineers { get; init; }
    public bool Suppressed { get; init; }

    /// <summary>How the interval was made (see <see cref="EffectRow.Inference"/>).</summary>
    public string? Inference { get; init; }

    public double? PValue { get; init; }

    /// <summary>Holm-adjusted over every group of every grouping of the outcome: what "better" or "worse" is read from.</summary>
    public double? PValueAdjusted { get; init; }
}

/// <summary>One refutation of a headline estimate.</summary>
public sealed record RefutationRow
{
    public required string Outcome { get; init; }
    public required string Test { get; init; }
    public string? Parameter { get; init; }
    public double? Multiplier { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? PValue { get; init; }
    public double? Value { get; init; }
    public bool? Passed { get; init; }
    public string? Detail { get; init; }
}

/// <summary>One Goodhart flag: which teams show the pattern.</summary>
public sealed record GoodhartFlag
{
    public required string Flag { get; init; }
    public string? Scope { get; init; }
    public int? TeamsFlagged { get; init; }
    public int? TeamsChecked { get; init; }
    public IReadOnlyList<string> TeamIds { get; set; } = [];
    public string? Evidence { get; init; }
}

/// <summary>
/// How much of an outcome's static two-way fixed effects estimate rests on comparisons that staggered adoption makes
/// misleading: its Goodman-Bacon decomposition (OLS on the stated scale) by comparison type.
/// </summary>
public sealed record TwfeDiagnostic
{
    public required string Outcome { get; init; }

    /// <summary>log (OLS on the log outcome) or level.</summary>
    public string? Scale { get; init; }

    /// <summary>The static OLS TWFE coefficient the decomposition adds up to.</summary>
    public double? TwfeEstimate { get; init; }

    /// <summary>Weight on "later vs earlier treated" comparisons, whose controls are already treated (the forbidden ones).</summary>
    public double? ForbiddenWeight { get; init; }

    /// <summary>The weighted average of the forbidden comparisons' estimates.</summary>
    public double? ForbiddenEstimate { get; init; }

    public IReadOnlyList<ComparisonShare> ByType { get; set; } = [];
}

/// <summary>One comparison type's weight in a TWFE estimate and its weighted-average estimate.</summary>
public sealed record ComparisonShare(string Type, double? Weight, double? AverageEstimate);

/// <summary>One saved counterfactual model and its accuracy.</summary>
public sealed record CounterfactualModel
{
    public required string Outcome { get; init; }
    public string? ModelFile { get; init; }
    public double? CvR2 { get; init; }
    public double? CvMape { get; init; }
    public int? CvFolds { get; init; }
    public long? TrainingRows { get; init; }
    public IReadOnlyList<TeamUplift> PerTeam { get; set; } = [];
    public int? SuppressedTeams { get; init; }
}

/// <summary>One adopted team's uplift from the counterfactual model (teams under the small-group threshold are omitted).</summary>
public sealed record TeamUplift(string TeamId, double? Multiplier, double? CiLow, double? CiHigh, double? Engineers);

/// <summary>
/// Effects by AI tool: each adopting team is attributed to the first tool its members alone brought to the adoption
/// threshold, and the headline estimator is refitted per tool against the never-adopted teams (as a heterogeneity
/// group), with a test of the difference between each pair of tools.
/// </summary>
public sealed record ToolComparison
{
    /// <summary>How teams are attributed to tools: <c>first_tool</c>.</summary>
    public required string Attribution { get; init; }

    /// <summary>Adopting teams per first tool; <c>several</c> for teams whose first period reached it with more than one
    /// tool, <c>no_single_tool</c> for teams that adopted with a mix no one tool reached the threshold with.</summary>
    public IReadOnlyList<ToolTeams> Teams { get; init; } = [];

    /// <summary>The headline estimator per first tool and outcome (dimension <c>first_tool</c>; suppressed like any group).</summary>
    public IReadOnlyList<HeterogeneityRow> Estimates { get; init; } = [];

    public IReadOnlyList<ToolDifference> Differences { get; init; } = [];
}

/// <summary>How many adopting teams a tool was the first of.</summary>
public sealed record ToolTeams(string Tool, int AdoptingTeams);

/// <summary>
/// One tool's effect over another's on one outcome: the ratio of their multipliers with its interval and p-value, or why
/// it was not tested.
/// </summary>
public sealed record ToolDifference
{
    public required string Outcome { get; init; }
    public required string Tool { get; init; }
    public required string Versus { get; init; }
    /// <summary>Tool's multiplier ÷ versus's.</summary>
    public double? Ratio { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? PValue { get; init; }
    public double? DegreesOfFreedom { get; init; }
    public string? NotTestedReason { get; init; }
}

/// <summary>
/// A dated policy of policies.csv and what followed it: each measure (usage, then the headline outcomes) for the teams
/// it covered against those it did not (<c>covered_vs_uncovered</c>, the headline estimator with the policy date as
/// the adoption date), or before against after when it covered every team (<c>before_after</c>: no comparison group,
/// so anything else that changed then is in it); and, after a <c>usage_in_reviews</c> policy, the adoption-inflation check.
/// </summary>
public sealed record PolicyEffects
{
    public required string PolicyId { get; init; }
    public required string Date { get; init; }
    public required string Scope { get; init; }
    public required string Kind { get; init; }
    public string? Tool { get; init; }
    public string? Description { get; init; }
    public string? Period { get; init; }
    public int CoveredTeams { get; init; }
    public int ComparisonTeams { get; init; }
    public required string Design { get; init; }
    public IReadOnlyList<PolicyEstimate> Estimates { get; init; } = [];

    /// <summary>usage_in_reviews only: interactions per engineer up while the acceptance rate fell (both intervals
    /// clear of 1). Null for other kinds or when either measure could not be estimated.</summary>
    public bool? AdoptionInflated { get; init; }
}

/// <summary>One measure after a policy: its multiplier with interval, or why there is none.</summary>
public sealed record PolicyEstimate
{
    public required string Measure { get; init; }
    public double? Multiplier { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? PValue { get; init; }
    public string? Inference { get; init; }
    public string? NotEstimatedReason { get; init; }

    /// <summary>The event study around the policy (covered against uncovered teams, Callaway–Sant'Anna's dynamic
    /// aggregation, periods −6 to +6): leads near 1 say the covered teams were not already moving apart. Empty for
    /// before–after readings.</summary>
    public IReadOnlyList<EventStudyRow> ByEventTime { get; init; } = [];
}
