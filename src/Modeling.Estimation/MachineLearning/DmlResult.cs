using Modeling.Estimation.Inference;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// One cross-fitting repetition: residuals ỹ = Y − ℓ̂(X) and ṽ = D − m̂(X) (out of fold), θ_s = Σṽỹ / Σṽ², the
/// score ψ_i = (ỹ_i − θ_s·ṽ_i)·ṽ_i, the influence φ_i = n·ψ_i / Σṽ² (θ̂_s − θ ≈ mean φ), the cluster-robust SE and the
/// out-of-fold R² of both nuisance models.
/// </summary>
public sealed record DmlRepetition(
    double Theta,
    double StandardError,
    IReadOnlyList<int> FoldOfRow,
    IReadOnlyList<double> OutcomeResidual,
    IReadOnlyList<double> TreatmentResidual,
    IReadOnlyList<double> Score,
    IReadOnlyList<double> Influence,
    double OutcomeR2,
    double TreatmentR2);

/// <summary>
/// Result of <see cref="DoubleMachineLearning.Fit(DmlInput)"/>: θ of the partially linear model (median over repetitions),
/// its median-corrected standard error, normal-theory interval and p-value, counts, the folds used and every repetition.
/// </summary>
public sealed record DmlResult : IEffectEstimate
{
    public required DoubleMachineLearning Options { get; init; }
    public required string OutcomeName { get; init; }
    public required string TreatmentName { get; init; }
    public required IReadOnlyList<string> FeatureNames { get; init; }
    /// <summary>θ (effect of one unit of treatment on the outcome) with SE, interval and p-value at the options' level.</summary>
    public required Effect Effect { get; init; }
    public double Theta => Effect.Estimate;
    public double StandardError => Effect.StandardError;
    public double CiLow => Effect.CiLow;
    public double CiHigh => Effect.CiHigh;
    public double ConfidenceLevel => Effect.ConfidenceLevel;
    public double PValue => Effect.PValue;
    public required int ObservationCount { get; init; }
    public required int ClusterCount { get; init; }
    /// <summary>"cluster" with cluster ids, "heteroskedasticity" (each row its own cluster) without.</summary>
    public required string CovarianceType { get; init; }
    /// <summary>Learner name as written in outputs: fast_tree, light_gbm or linear.</summary>
    public required string LearnerName { get; init; }
    public required DmlFoldAssignment Folds { get; init; }
    public required IReadOnlyList<DmlRepetition> Repetitions { get; init; }
    public IReadOnlyList<double> RepetitionThetas => [.. Repetitions.Select(r => r.Theta)];
    /// <summary>Median over repetitions of the out-of-fold R² of ℓ̂(X) = E[Y|X].</summary>
    public required double OutcomeR2 { get; init; }
    /// <summary>Median over repetitions of the out-of-fold R² of m̂(X) = E[D|X].</summary>
    public required double TreatmentR2 { get; init; }
    /// <summary>Smallest observed treatment value (the dose-response flags extrapolation outside [min, max]).</summary>
    public required double TreatmentMin { get; init; }
    public required double TreatmentMax { get; init; }

    /// <summary>θ is the effect of one unit of treatment on the outcome's own scale: a multiplier only when the caller
    /// modelled a log outcome (Analysis does, and exponentiates).</summary>
    Multiplier? IEffectEstimate.Multiplier => null;

    /// <summary>The SE is the median over repetitions of cross-fitted score variances, not one influence function.</summary>
    IReadOnlyList<double>? IEffectEstimate.Influence => null;
    double IEffectEstimate.InfluenceVarianceFactor => double.NaN;
}
