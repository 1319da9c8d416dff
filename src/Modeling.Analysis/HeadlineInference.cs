using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Inference;
using Modeling.Results;

namespace Modeling.Analysis;

/// <summary>A headline estimate with how its interval was made, and why it has none when it has none.</summary>
/// <param name="Row">The effects row (its <see cref="EffectRow.CiLow"/>/<see cref="EffectRow.CiHigh"/> null without a valid interval).</param>
/// <param name="AdoptingTeams">Adopting teams the estimate rests on.</param>
/// <param name="NoIntervalReason">Why there is no valid interval, or null when there is one.</param>
/// <param name="MinimumDetectableMultiplier">The smallest multiplier above 1 the same inference would find (interval
/// wholly above 1) with 80 % power; null without a valid interval.</param>
public sealed record HeadlineEstimate(EffectRow Row, int AdoptingTeams, string? NoIntervalReason, double? MinimumDetectableMultiplier = null)
{
    /// <summary>Degrees of freedom of a cluster_t interval; null otherwise.</summary>
    public double? DegreesOfFreedom { get; init; }

    /// <summary>The placebo errors (log scale, ascending) behind a placebo interval; null otherwise.</summary>
    public IReadOnlyList<double>? PlaceboErrors { get; init; }
}

/// <summary>
/// How the headline (imputation) estimate gets an interval that holds at every scope, chosen by the number of adopting
/// teams G₁ it rests on. Cluster-robust intervals are only as good as the number of treated clusters (MacKinnon &amp;
/// Webb 2017): with one adopting team the treated part of the influence is exactly zero, and the audit of issue 18
/// measured 3–8 of 20 single-team intervals covering their truth.
/// <list type="bullet">
/// <item>G₁ ≥ <see cref="ClusterMinimum"/>: the influence-function variance with each team's treated residuals around the
/// other adopting teams' average (BJS's leave-out correction) and Student's t on G₁−1 degrees of freedom ("cluster_t").</item>
/// <item>Fewer: placebo (Conley–Taber) inference over the never-adopted teams ("placebo").</item>
/// <item>Too few never-adopted teams for the placebo at the level asked: no interval ("none"), with the reason.</item>
/// </list>
/// </summary>
public sealed record HeadlineInference(double ConfidenceLevel, int Seed)
{
    /// <summary>Adopting teams from which the cluster-robust interval is used.</summary>
    public const int ClusterMinimum = 20;

    public const string ClusterT = "cluster_t";
    public const string Placebo = "placebo";
    public const string None = "none";

    /// <summary>Placebo draws when the never-adopted teams allow more sets than this.</summary>
    public const int PlaceboDraws = 199;

    /// <summary>Fits the headline on <paramref name="data"/> (adopting teams and controls) with the inference its G₁ allows.</summary>
    /// <exception cref="Estimation.Regression.EstimationException">The estimator rejects the data.</exception>
    public HeadlineEstimate Fit(PanelData data, ImputationForm form, AdoptedWindow? window = null, PeriodRange? baseline = null)
    {
        window ??= AdoptedWindow.All;
        var estimator = new ImputationDid { Form = form, ConfidenceLevel = ConfidenceLevel, Window = window, AdopterBaseline = baseline };
        string scale = form == ImputationForm.Log ? "log" : "poisson";
        if (AdoptingUnits(data, window) >= ClusterMinimum)
        {
            var fit = (estimator with { Variance = ImputationVariance.LeaveUnitOut }).Fit(data);
            return new HeadlineEstimate(Row(data.OutcomeName, fit, fit.Multiplier, scale, ClusterT), fit.AdoptingUnits, null,
                Math.Exp(DetectableByT(fit.Overall))) { DegreesOfFreedom = fit.Overall.DegreesOfFreedom };
        }
        var placebo = new ImputationPlacebo { Estimator = estimator, MaxDraws = PlaceboDraws, Seed = Seed }.Fit(data);
        var actual = placebo.Actual;
        double value = Math.Exp(actual.Overall.Estimate);
        if (!placebo.HasInterval)
        {
            var bare = new Multiplier(value, double.NaN, double.NaN, ConfidenceLevel, double.NaN);
            return new HeadlineEstimate(Row(data.OutcomeName, actual, bare, scale, None) with { CiLow = null, CiHigh = null, PValue = placebo.PValue },
                placebo.AdoptingUnits, Messages.NoValidInterval(placebo.AdoptingUnits, placebo.ControlUnits, placebo.Draws, ConfidenceLevel));
        }
        var multiplier = new Multiplier(value, Math.Exp(placebo.CiLow!.Value), Math.Exp(placebo.CiHigh!.Value), ConfidenceLevel, placebo.PValue!.Value);
        return new HeadlineEstimate(Row(data.OutcomeName, actual, multiplier, scale, Placebo), placebo.AdoptingUnits, null,
            Math.Exp(placebo.MinimumDetectableEffect!.Value)) { PlaceboErrors = placebo.Errors };
    }

    /// <summary>
    /// The smallest effect (log scale) a two-sided t test at the effect's level detects with 80 % power:
    /// (t₁₋α/₂ + t₀.₈) · se on the effect's degrees of freedom (Bloom 1995).
    /// </summary>
    public static double DetectableByT(Effect effect)
    {
        double df = effect.DegreesOfFreedom ?? double.PositiveInfinity;
        double Quantile(double p) => double.IsPositiveInfinity(df)
            ? MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p)
            : MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, p);
        return (Quantile(0.5 + effect.ConfidenceLevel / 2) + Quantile(0.8)) * effect.StandardError;
    }

    /// <summary>Units with at least one adopted row (time at or after their cohort) inside <paramref name="window"/>.</summary>
    public static int AdoptingUnits(PanelData data, AdoptedWindow? window = null)
    {
        var cohort = data.Cohort ?? throw new ArgumentException("the panel has no cohort column", nameof(data));
        window ??= AdoptedWindow.All;
        var seen = new HashSet<int>();
        for (int i = 0; i < data.Count; i++)
            if (cohort[i] != PanelData.NeverTreated && data.Time[i] >= cohort[i] && window.Contains(data.Time[i] - cohort[i], data.Time[i]))
                seen.Add(data.Unit[i]);
        return seen.Count;
    }

    private static EffectRow Row(string outcome, ImputationDidResult fit, Multiplier multiplier, string scale, string inference) =>
        EffectRows.From(outcome, Messages.HeadlineEstimator, multiplier, fit, scale, headline: true) with { Inference = inference };
}
