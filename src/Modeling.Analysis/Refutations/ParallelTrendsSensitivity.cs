using Modeling.Results;
using Modeling.Estimation.Data;

namespace Modeling.Analysis.Refutations;

/// <summary>
/// Rambachan &amp; Roth (2023) relative-magnitude sensitivity of the headline (<see cref="TrendSensitivity"/>: the
/// imputation estimator's own event study in quarters, HonestDiD's C-LF robust interval): one row per M̄ (passed: the
/// robust interval still excludes no effect) and a breakdown row (value = the largest M̄ at which it does; passed when
/// ≥ 1, i.e. the effect survives post-adoption trend changes as large as the change seen before adoption).
/// </summary>
public static class ParallelTrendsSensitivity
{
    public const string Test = "parallel_trends_sensitivity";
    public static readonly IReadOnlyList<double> Mbars = [0.5, 1, 2];

    public static IReadOnlyList<RefutationRow> Rows(PanelData data, OutcomeKind kind, double confidenceLevel, int seed)
    {
        string outcome = data.OutcomeName;
        var warnings = new List<string>();
        var fits = new TrendSensitivity(confidenceLevel, seed, Mbars[0])
            .Fit(data, OutcomeEstimation.HeadlineForm(data, kind), breakdownFor: 1, warnings, extraMbars: Mbars.Skip(1).ToArray());
        if (fits is null) return [Breakdown(outcome, Messages.RefutationNotEstimated)];
        var rows = new List<RefutationRow>();
        foreach (var fit in fits)
        {
            bool survives = fit.CiLow > 1 || fit.CiHigh < 1;
            rows.Add(new RefutationRow
            {
                Outcome = outcome, Test = Test, Parameter = "Mbar=" + fit.Mbar.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                Multiplier = fit.Estimate, CiLow = fit.CiLow, CiHigh = fit.CiHigh, Value = fit.Mbar, Passed = survives,
                Detail = Messages.SensitivityDetail(fit.Mbar, fit.CiLow, fit.CiHigh, survives),
            });
        }
        var first = fits[0];
        rows.Add(Breakdown(outcome, Messages.BreakdownDetail(first.BreakdownMbar, first.BreakdownBeyondLimit)) with
        {
            Multiplier = first.Estimate, Value = first.BreakdownMbar ?? 0, Passed = (first.BreakdownMbar ?? 0) >= 1,
        });
        return rows;
    }

    private static RefutationRow Breakdown(string outcome, string detail) =>
        new() { Outcome = outcome, Test = Test, Parameter = "breakdown", Detail = detail };
}
