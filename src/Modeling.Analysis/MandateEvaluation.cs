using Modeling.Results;
using Modeling.Analysis.Verdicts;
using Modeling.Panel;

namespace Modeling.Analysis;

/// <summary>
/// Judges mandates against the headline estimates. A mandate on a count is compared with the per-engineer multiplier
/// (CONTRACT §3); the interval judged is the one robust to parallel-trends violations where the scope allows it
/// (CONTRACT §4); pre-trend tests are reported beside the verdict, never used as a gate.
/// </summary>
public static class MandateEvaluation
{
    /// <summary>The outcome a mandate's metric is compared on: <c>m_per_engineer</c> for a count, else the metric.</summary>
    public static string ComparedOutcome(string metric) =>
        PanelColumns.Outcomes.FirstOrDefault(o => o.Name == metric) is { ValueType: PanelValueType.Count } ? metric + "_per_engineer" : metric;

    /// <summary>
    /// Judges one mandate on the headline estimate of its compared outcome for its scope (null when there is none). The
    /// results row is written later, once, by <see cref="Row"/> with what is shown beside the verdict.
    /// </summary>
    /// <param name="m">The mandate.</param>
    /// <param name="headline">The headline estimate of its compared outcome for its scope, or null.</param>
    /// <param name="pretrend">The pre-trend test of that outcome for the same scope, or null when not tested.</param>
    /// <param name="robust">The robust interval at the stated M̄ with the target's breakdown, or null.</param>
    /// <param name="warnings">Where a missing estimate is said.</param>
    public static MandateJudged Evaluate(MandateInput m, HeadlineEstimate? headline,
        double? pretrend, TrendRobustness? robust, ICollection<string> warnings)
    {
        string compared = ComparedOutcome(m.Metric);
        if (headline is null) warnings.Add(Messages.NoEstimateForMandate(m.MandateId, m.Metric, m.Scope));

        var row = headline?.Row;
        MultiplierEvidence? evidence = row is not { Multiplier: double value, CiLow: > 0 and double low, CiHigh: double high, CiLevel: double level }
            || !double.IsFinite(high)
            ? null
            : new MultiplierEvidence(value, low, high, level) { DegreesOfFreedom = headline!.DegreesOfFreedom, PlaceboErrors = headline.PlaceboErrors };
        // An empty robust interval judges nothing: the plain interval is judged, and the reason says why.
        var usable = robust is { CiLow: not null } ? robust : null;
        string? noRobust = usable is not null ? null
            : headline is { AdoptingTeams: < HeadlineInference.ClusterMinimum } ? Messages.TrendSensitivityNeedsTeams(headline.AdoptingTeams)
            : Messages.NoTrendSensitivity;
        var judgement = headline?.NoIntervalReason is { } why
            ? MandateJudge.WithoutInterval(m.TargetMultiplier, why)
            : MandateJudge.Judge(m.TargetMultiplier, evidence, usable, noRobust, headline?.MinimumDetectableMultiplier);
        return new MandateJudged(m, compared, judgement, pretrend, Checked: headline is not null, row?.Multiplier, row?.Inference,
            headline?.MinimumDetectableMultiplier);
    }

    /// <summary>The mandate's results row: its verdict and what is shown beside it.</summary>
    public static MandateRow Row(MandateJudged judged, MandateContext context)
    {
        ArgumentNullException.ThrowIfNull(judged);
        ArgumentNullException.ThrowIfNull(context);
        var (m, j) = (judged.Mandate, judged.Judgement);
        return new MandateRow
        {
            MandateId = m.MandateId, Scope = m.Scope, Metric = m.Metric, ComparedOutcome = judged.ComparedOutcome, Estimator = Messages.HeadlineEstimator,
            TargetMultiplier = m.TargetMultiplier, Estimate = j.Evidence?.Multiplier ?? judged.PointEstimate, CiLow = j.Evidence?.CiLow, CiHigh = j.Evidence?.CiHigh,
            SensitivityMbar = j.Robust?.Mbar, SensitivityEstimate = j.Robust?.Estimate, SensitivityCiLow = j.Robust?.CiLow, SensitivityCiHigh = j.Robust?.CiHigh,
            BreakdownMbar = j.Robust?.BreakdownMbar, BreakdownBeyondLimit = j.Robust is null ? null : j.Robust.BreakdownBeyondLimit,
            ProbabilityTargetMet = j.ProbabilityTargetMet, Verdict = j.Verdict.ToContractName(),
            Reason = context.Robust is { } robust ? j.Reason + Messages.RobustReading(m.Metric, robust) : j.Reason,
            ByDeadlineEstimate = judged.ByDeadline?.Estimate.Row.Multiplier, ByDeadlineCiLow = judged.ByDeadline?.Estimate.Row.CiLow,
            ByDeadlineCiHigh = judged.ByDeadline?.Estimate.Row.CiHigh, ByDeadlineInference = judged.ByDeadline?.Estimate.Row.Inference,
            RampUpPeriods = judged.ByDeadline?.RampUpPeriods, DeadlinePeriod = judged.ByDeadline?.DeadlinePeriod,
            BaselineFromPeriod = judged.ByDeadline?.BaselineFromPeriod, BaselineToPeriod = judged.ByDeadline?.BaselineToPeriod,
            RobustOutcome = context.Robust?.Outcome, RobustEstimate = context.Robust?.Multiplier,
            RobustCiLow = context.Robust?.CiLow, RobustCiHigh = context.Robust?.CiHigh,
            Checked = judged.Checked, AdoptingTeams = context.AdoptingTeams, Inference = judged.Inference,
            MinimumDetectableMultiplier = judged.MinimumDetectableMultiplier, PretrendPValue = judged.PretrendPValue,
            AdoptionNeeded = context.AdoptionNeeded, AdoptionNeededStatus = context.AdoptionNeededStatus,
            AdoptionNeededCiLow = context.AdoptionNeededCiLow, AdoptionNeededCiHigh = context.AdoptionNeededCiHigh,
            QualityCost = context.QualityCost, GoodhartFlags = context.GoodhartFlags,
        };
    }

    /// <summary>
    /// The row of a mandate that could not be checked: its mandates.csv row was rejected (unknown metric or scope, bad
    /// target), so it is kept as inconclusive with the reason rather than dropped.
    /// </summary>
    public static MandateRow NotChecked(Ingest.UncheckedMandate m) =>
        new()
        {
            MandateId = m.MandateId, Scope = m.Scope, Metric = m.Metric, ComparedOutcome = ComparedOutcome(m.Metric), Estimator = Messages.HeadlineEstimator,
            TargetMultiplier = m.TargetMultiplier ?? double.NaN, Verdict = Verdict.Inconclusive.ToContractName(),
            Reason = Messages.MandateNotChecked(m.Line, m.Reason), Checked = false, QualityCost = [], GoodhartFlags = [],
        };
}

/// <summary>What a mandate's verdict rests on, before its results row is written.</summary>
/// <param name="Mandate">The mandate.</param>
/// <param name="ComparedOutcome">The outcome its metric is compared on.</param>
/// <param name="Judgement">The verdict, the evidence and the reason.</param>
/// <param name="PretrendPValue">The pre-trend test of the compared outcome, if any.</param>
/// <param name="Checked">False when no estimate exists for the metric and scope.</param>
/// <param name="PointEstimate">The estimate's multiplier, shown also when it has no valid interval.</param>
/// <param name="Inference">How the estimate's interval was made (<see cref="HeadlineInference"/>).</param>
/// <param name="MinimumDetectableMultiplier">The smallest multiplier the scope's data detect with 80 % power.</param>
public sealed record MandateJudged(MandateInput Mandate, string ComparedOutcome, MandateJudgement Judgement, double? PretrendPValue, bool Checked,
    double? PointEstimate = null, string? Inference = null, double? MinimumDetectableMultiplier = null)
{
    /// <summary>The mandate's own estimand (after the ramp-up, up to the deadline), shown beside the verdict; null without one.</summary>
    public DeadlineEstimate? ByDeadline { get; init; }
}

/// <summary>The headline over a mandate's window: adopted periods after <paramref name="RampUpPeriods"/>, up to <paramref name="DeadlinePeriod"/>.</summary>
/// <param name="Estimate">The estimate with its inference.</param>
/// <param name="RampUpPeriods">Adopted periods left out at the start.</param>
/// <param name="DeadlinePeriod">The period holding the deadline (label), or null without a deadline.</param>
public sealed record DeadlineEstimate(HeadlineEstimate Estimate, int RampUpPeriods, string? DeadlinePeriod)
{
    /// <summary>The first period of the mandate's baseline window (label), or null without one.</summary>
    public string? BaselineFromPeriod { get; init; }

    /// <summary>The last period of the mandate's baseline window (label), or null without one.</summary>
    public string? BaselineToPeriod { get; init; }
}

/// <summary>What a mandate's row shows beside the verdict.</summary>
/// <param name="AdoptingTeams">Adopting teams in the mandate's scope.</param>
/// <param name="QualityCost">The quality outcomes' headline estimates for the scope.</param>
/// <param name="GoodhartFlags">Gaming patterns relevant to the metric that fire in the scope.</param>
/// <param name="AdoptionNeeded">The adoption share DML's dose-response says the target needs, if estimated and reachable.</param>
/// <param name="AdoptionNeededStatus">within_observed_range, extrapolation or unreachable; null without DML.</param>
public sealed record MandateContext(int? AdoptingTeams, IReadOnlyList<QualityCost> QualityCost, IReadOnlyList<string> GoodhartFlags,
    double? AdoptionNeeded, string? AdoptionNeededStatus)
{
    /// <summary>The adoption shares the ends of DML's interval imply; null when that interval allows no effect.</summary>
    public double? AdoptionNeededCiLow { get; init; }

    /// <inheritdoc cref="AdoptionNeededCiLow"/>
    public double? AdoptionNeededCiHigh { get; init; }

    /// <summary>The scope's headline estimate of an outcome the flagged gaming cannot inflate (deployment days for release
    /// splitting), or null when no such flag fires.</summary>
    public EffectRow? Robust { get; init; }

    public static MandateContext Empty { get; } = new(null, [], [], null, null);
}
