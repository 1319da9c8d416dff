using Modeling.Results;
using Modeling.Analysis.Verdicts;
using Modeling.Panel;

namespace Modeling.Analysis;

/// <summary>
/// Judges mandates against the headline estimates. A mandate on a count is compared with the per-engineer multiplier
/// (CONTRACT §3); a rejected staggered-DiD pre-trend test makes the verdict inconclusive.
/// </summary>
public static class MandateEvaluation
{
    /// <summary>The outcome a mandate's metric is compared on: <c>m_per_engineer</c> for a count, else the metric.</summary>
    public static string ComparedOutcome(string metric) =>
        PanelColumns.Outcomes.FirstOrDefault(o => o.Name == metric) is { ValueType: PanelValueType.Count } ? metric + "_per_engineer" : metric;

    /// <summary>
    /// Judges one mandate with the headline row for its compared outcome in <paramref name="effects"/> (for a scoped
    /// mandate, the caller passes the estimate for that scope).
    /// </summary>
    public static MandateRow Evaluate(MandateInput m, IReadOnlyList<EffectRow> effects,
        IReadOnlyDictionary<string, double> preTrendPValues, double preTrendAlpha, ICollection<string> warnings)
    {
        string compared = ComparedOutcome(m.Metric);
        var headline = effects.FirstOrDefault(e => e.Outcome == compared && e.Headline);
        if (headline is null) warnings.Add(Messages.NoEstimateForMandate(m.MandateId, m.Metric, m.Scope));

        MultiplierEvidence? evidence = headline is not { Multiplier: double value, CiLow: > 0 and double low, CiHigh: double high, CiLevel: double level }
            || !double.IsFinite(high)
            ? null
            : new MultiplierEvidence(value, low, high, level);
        double? pretrend = preTrendPValues.TryGetValue(compared, out var p) ? p : null;
        string? undermined = pretrend < preTrendAlpha ? Messages.PreTrendUndermines(p, preTrendAlpha) : null;
        var judgement = MandateJudge.Judge(m.TargetMultiplier, evidence, undermined);
        return new MandateRow
        {
            MandateId = m.MandateId, Scope = m.Scope, Metric = m.Metric, ComparedOutcome = compared, Estimator = Messages.HeadlineEstimator,
            TargetMultiplier = m.TargetMultiplier, Estimate = evidence?.Multiplier, CiLow = evidence?.CiLow, CiHigh = evidence?.CiHigh,
            ProbabilityTargetMet = judgement.ProbabilityTargetMet, Verdict = judgement.Verdict.ToContractName(), Reason = judgement.Reason,
            Checked = headline is not null, PretrendPValue = pretrend,
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
            Reason = Messages.MandateNotChecked(m.Line, m.Reason), Checked = false,
        };
}
