using Modeling.Results;
using Modeling.Estimation.Data;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Sensitivity;
using Modeling.Estimation.Staggered;

namespace Modeling.Analysis.Refutations;

/// <summary>
/// Rambachan &amp; Roth (2023) relative-magnitude bounds on the staggered DiD event study (log scale, universal base
/// period, not-yet-treated controls): the average effect over the first six months after adoption when post-adoption trends
/// may differ by up to M̄ times the largest pre-adoption change. One row per M̄ (passed: the robust interval still
/// excludes no effect) and a breakdown row (value = the largest M̄ at which it does; passed when ≥ 1, i.e. the effect
/// survives trend violations as large as the worst one seen before adoption).
/// </summary>
public static class ParallelTrendsSensitivity
{
    public const string Test = "parallel_trends_sensitivity";
    public static readonly IReadOnlyList<double> Mbars = [0.5, 1, 2];
    public const int FirstEventTime = -OutcomeEstimation.PreTrendLeads;
    // Six months: every bound grows with the number of post periods averaged (each may drift by M̄ times the
    // largest pre-adoption change, cumulatively), so a year-long average breaks down early even on clean data.
    public const int LastEventTime = 5;

    public static IReadOnlyList<RefutationRow> Rows(PanelData data, double confidenceLevel)
    {
        string outcome = data.OutcomeName;
        if (!data.Outcome.All(v => v > 0))
            return [Breakdown(outcome, Messages.SensitivityNeedsLogScale)];
        try
        {
            var logData = data.WithOutcome([.. data.Outcome.Select(v => Math.Log(v))], outcome);
            var cs = new StaggeredDid
            {
                ControlGroup = ControlGroup.NotYetTreated,
                BasePeriod = BasePeriod.Universal,
                ConfidenceLevel = confidenceLevel,
                Bootstrap = null,
            }.Fit(logData);
            var result = new RelativeMagnitudeBounds { Mbars = Mbars, ConfidenceLevel = confidenceLevel }
                .Fit(EventStudyEstimates.FromStaggered(cs, FirstEventTime, LastEventTime));
            double m = Math.Exp(result.PointEstimate);
            var rows = new List<RefutationRow>();
            foreach (var row in result.Rows)
            {
                bool survives = row.CiLow > 0 || row.CiHigh < 0;
                rows.Add(new RefutationRow
                {
                    Outcome = outcome, Test = Test, Parameter = "Mbar=" + row.Mbar.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                    Multiplier = m, CiLow = Math.Exp(row.CiLow), CiHigh = Math.Exp(row.CiHigh), Value = row.Mbar, Passed = survives,
                    Detail = Messages.SensitivityDetail(row.Mbar, Math.Exp(row.CiLow), Math.Exp(row.CiHigh), survives),
                });
            }
            var breakdown = result.Breakdown;
            rows.Add(Breakdown(outcome, Messages.BreakdownDetail(breakdown.Mbar, breakdown.BeyondSearchLimit)) with
            {
                Multiplier = m, Value = breakdown.Mbar ?? 0, Passed = (breakdown.Mbar ?? 0) >= 1,
            });
            return rows;
        }
        catch (EstimationException)
        {
            return [Breakdown(outcome, Messages.RefutationNotEstimated)];
        }
    }

    private static RefutationRow Breakdown(string outcome, string detail) =>
        new() { Outcome = outcome, Test = Test, Parameter = "breakdown", Detail = detail };
}
