using Modeling.Estimation.Data;
using Modeling.Estimation.GoodmanBacon;
using Modeling.Estimation.Regression;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Results;

namespace Modeling.Analysis;

/// <summary>
/// Why the static TWFE row is not the headline: for each headline outcome, the extended TWFE (Wooldridge 2023, one
/// coefficient per cohort and period, the count analogue of Callaway–Sant'Anna) as an effects row, and the
/// Goodman-Bacon decomposition of the static OLS TWFE estimate, which shows the weight it puts on comparisons against
/// already-treated teams. OLS on logs for strictly positive outcomes, on levels otherwise (the decomposition is of OLS).
/// </summary>
public static class TwfeDiagnostics
{
    public const string ExtendedName = "etwfe";

    public static (IReadOnlyList<EffectRow> Effects, IReadOnlyList<TwfeDiagnostic> Diagnostics) Run(
        IReadOnlyList<(string Name, OutcomeKind Kind, PanelData Data)> outcomes, double confidenceLevel, List<string> warnings)
    {
        var effects = new List<EffectRow>();
        var diagnostics = new List<TwfeDiagnostic>();
        foreach (var (name, kind, data) in outcomes)
        {
            bool positive = data.Outcome.All(v => v > 0);
            var logged = positive ? data.WithOutcome([.. data.Outcome.Select(v => Math.Log(v))], name) : data;
            if (kind != OutcomeKind.Count && !positive)
                warnings.Add(Messages.EstimatorFailed(ExtendedName, name, Messages.ExtendedTwfeNeedsPositive(name)));
            else
            {
                try
                {
                    var extended = kind == OutcomeKind.Count
                        ? new ExtendedTwfe { Model = TwfeModel.Poisson, ConfidenceLevel = confidenceLevel }.Fit(data)
                        : new ExtendedTwfe { Model = TwfeModel.Ols, OutcomeScale = OutcomeScale.Log, ConfidenceLevel = confidenceLevel }.Fit(logged);
                    effects.Add(EffectRows.From(name, ExtendedName, extended, kind == OutcomeKind.Count ? "poisson" : "log"));
                }
                catch (EstimationException e)
                {
                    warnings.Add(Messages.EstimatorFailed(ExtendedName, name, e.Message.Split('\n')[0].Trim()));
                }
            }
            try
            {
                var bacon = new BaconDecomposition().Fit(logged.WithWeight(null)); // defined for the unweighted TWFE regression
                var forbidden = bacon.ByType.FirstOrDefault(t => t.Type == BaconComparisonType.LaterVsEarlierTreated);
                diagnostics.Add(new TwfeDiagnostic
                {
                    Outcome = name,
                    Scale = positive ? "log" : "level",
                    TwfeEstimate = bacon.TwfeEstimate,
                    ForbiddenWeight = forbidden?.Weight ?? 0,
                    ForbiddenEstimate = forbidden?.AverageEstimate,
                    ByType = [.. bacon.ByType.Select(t => new ComparisonShare(ContractName(t.Type), t.Weight, t.AverageEstimate))],
                });
            }
            catch (EstimationException e)
            {
                warnings.Add(Messages.EstimatorFailed("goodman_bacon", name, e.Message.Split('\n')[0].Trim()));
            }
        }
        return (effects, diagnostics);
    }

    private static string ContractName(BaconComparisonType type) => type switch
    {
        BaconComparisonType.TreatedVsUntreated => "treated_vs_untreated",
        BaconComparisonType.EarlierVsLaterTreated => "earlier_vs_later_treated",
        BaconComparisonType.LaterVsEarlierTreated => "later_vs_earlier_treated",
        BaconComparisonType.LaterVsAlwaysTreated => "later_vs_always_treated",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
