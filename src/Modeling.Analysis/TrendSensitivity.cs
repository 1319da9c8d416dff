using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Sensitivity;

namespace Modeling.Analysis;

/// <summary>
/// How far the headline survives a failure of parallel trends (Rambachan &amp; Roth 2023, relative magnitudes Δ^RM):
/// the robust interval at <see cref="Mbar"/> and the breakdown M̄ for a value.
/// </summary>
/// <param name="Mbar">Post-adoption trend changes allowed, in multiples of the largest pre-adoption change.</param>
/// <param name="Estimate">The event study's headline-weighted post-adoption average, as a multiplier.</param>
/// <param name="CiLow">Lower end of the robust interval (multiplier); null when the interval is empty.</param>
/// <param name="CiHigh">Upper end of the robust interval (multiplier); null when the interval is empty.</param>
/// <param name="PostBins">Post-adoption bins of <see cref="TrendSensitivity.BinWidth"/> periods the event study averages.</param>
public sealed record TrendRobustness(double Mbar, double Estimate, double? CiLow, double? CiHigh, int PostBins)
{
    /// <summary>The value the breakdown was sought for (a multiplier), or null.</summary>
    public double? BreakdownValue { get; init; }

    /// <summary>The largest M̄ at which the robust interval still excludes <see cref="BreakdownValue"/>; null when it holds
    /// it already at M̄ = 0.</summary>
    public double? BreakdownMbar { get; init; }

    /// <summary>True when the value is still excluded at <see cref="TrendSensitivity.BreakdownLimit"/>.</summary>
    public bool BreakdownBeyondLimit { get; init; }
}

/// <summary>
/// The Rambachan–Roth sensitivity of the headline: the imputation estimator's own event study (universal base period)
/// in bins of <see cref="BinWidth"/> periods — the <see cref="OutcomeEstimation.PreTrendLeads"/> pre-adoption periods make
/// two bins, the reference −3..−1 and −6..−4, and the first twelve post-adoption periods four — averaged with the headline's
/// weights, and HonestDiD's C-LF robust interval under Δ^RM(M̄): each quarter-to-quarter change in the trend difference
/// after adoption may be up to M̄ times the change between the two pre-adoption quarters. Monthly bins would set that
/// bound by the largest of six noisy month-to-month changes and let it cumulate over twelve months, which on clean
/// simulated data gives intervals of ×0.06–×26 at M̄ = 1. Used where the headline has
/// a cluster-robust interval (at least <see cref="HeadlineInference.ClusterMinimum"/> adopting teams): the robust
/// interval rests on the same influence functions, and with fewer teams their covariance is no more valid.
/// </summary>
public sealed record TrendSensitivity(double ConfidenceLevel, int Seed, double Mbar = TrendSensitivity.DefaultMbar)
{
    public const double DefaultMbar = 1;
    /// <summary>Periods per event-time bin (a quarter of months).</summary>
    public const int BinWidth = 3;
    /// <summary>The last post-adoption bin averaged: bins 0..3, the first twelve periods.</summary>
    public const int LastBin = 3;
    public const double BreakdownLimit = 10;
    public const double BreakdownTolerance = 0.01;

    /// <summary>What the robust intervals are, for results.json's methods and the report.</summary>
    public const string Method =
        "Rambachan & Roth (2023) relative magnitudes, HonestDiD 0.2.8's C-LF test, on the imputation estimator's event study in bins of 3 periods (universal base period: bins -6..-4 and -3..-1 before adoption, 0..11 after, averaged with the headline's weights)";

    /// <summary>
    /// The robust interval at <see cref="Mbar"/> (and at <paramref name="extraMbars"/>) and, when <paramref name="breakdownFor"/>
    /// is given (a multiplier), its breakdown M̄; null with a warning when the event study cannot be estimated.
    /// </summary>
    public IReadOnlyList<TrendRobustness>? Fit(PanelData data, ImputationForm form, double? breakdownFor, List<string> warnings,
        IReadOnlyList<double>? extraMbars = null)
    {
        try
        {
            var study = new ImputationEventStudy
            {
                Form = form, Leads = OutcomeEstimation.PreTrendLeads, LastEventTime = LastBin, BinWidth = BinWidth,
            }.Fit(data);
            var set = new RobustConfidenceSet
            {
                Target = study.HeadlineWeighted, ConfidenceLevel = ConfidenceLevel, Seed = Seed,
                Grid = GridPlacement.AroundIdentifiedSet, GridPoints = 60, RefineEnds = true,
            };
            var es = study.EventStudy;
            double theta = 0;
            for (int k = 0; k < study.PostWeights.Count; k++) theta += study.PostWeights[k] * es.Estimates[es.PreCount + k];
            SensitivityBreakdown? breakdown = breakdownFor is double value
                ? set.Breakdown(es, TrendRestriction.RelativeMagnitudes(0), Math.Log(value), BreakdownLimit, BreakdownTolerance)
                : null;
            return [.. new[] { Mbar }.Concat(extraMbars ?? []).Select(mbar =>
            {
                var interval = set.Fit(es, TrendRestriction.RelativeMagnitudes(mbar));
                return new TrendRobustness(mbar, Math.Exp(theta),
                    interval.IsEmpty ? null : Math.Exp(interval.Low), interval.IsEmpty ? null : Math.Exp(interval.High), study.PostWeights.Count)
                {
                    BreakdownValue = breakdownFor, BreakdownMbar = breakdown?.Mbar, BreakdownBeyondLimit = breakdown?.BeyondSearchLimit ?? false,
                };
            })];
        }
        catch (EstimationException e)
        {
            warnings.Add(Messages.EstimatorFailed(Messages.TrendSensitivityName, data.OutcomeName, e.Message.Split('\n')[0].Trim()));
            return null;
        }
    }
}
