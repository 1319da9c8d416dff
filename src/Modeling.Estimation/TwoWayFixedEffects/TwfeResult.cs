using Modeling.Estimation.Inference;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.TwoWayFixedEffects;

/// <summary>One regressor's estimate; the multiplier is exp(β) when the model is multiplicative (Poisson, OLS on logs).</summary>
public sealed record TwfeCoefficient(string Term, Effect Effect, Multiplier? Multiplier);

/// <summary>Event-study coefficient for relative period e = period − cohort (reference e = −1).</summary>
public sealed record EventTimeCoefficient(int RelativeTime, Effect Effect, Multiplier? Multiplier);

/// <summary>
/// Result of <see cref="Twfe.Fit"/>. Intervals and p-values are normal-theory (<see cref="Effect"/>) on the
/// CR1 standard error; see <see cref="FixedEffectsFit"/> for the covariance and its K.
/// </summary>
public sealed record TwfeResult : IEffectEstimate
{
    public required Twfe Options { get; init; }
    public required string OutcomeName { get; init; }
    /// <summary>The treatment coefficient (static specification); null for the event study.</summary>
    public required Effect? Treatment { get; init; }
    /// <summary>exp of the treatment coefficient with its interval, when the model is multiplicative.</summary>
    public required Multiplier? Multiplier { get; init; }
    /// <summary>Every kept regressor (treatment or event-time dummies first, then covariates).</summary>
    public required IReadOnlyList<TwfeCoefficient> Coefficients { get; init; }
    /// <summary>Event-study coefficients in relative-time order (empty for the static specification).</summary>
    public required IReadOnlyList<EventTimeCoefficient> EventStudy { get; init; }
    public required int ObservationCount { get; init; }
    public required int ClusterCount { get; init; }
    /// <summary>K of the CR1 factor G/(G−1)·(N−1)/(N−K).</summary>
    public required int ParameterCount { get; init; }
    public required string CovarianceType { get; init; }
    public required IReadOnlyList<DroppedTerm> DroppedTerms { get; init; }
    /// <summary>Units dropped because their outcome is zero throughout (Poisson), by label.</summary>
    public required IReadOnlyList<string> DroppedUnits { get; init; }
    /// <summary>Periods dropped because the outcome is zero in every kept unit (Poisson).</summary>
    public required IReadOnlyList<int> DroppedPeriods { get; init; }
    public required int DroppedObservationCount { get; init; }
    public required int Iterations { get; init; }
    /// <summary>Labels of the clusters (units) used, in the order of <see cref="TreatmentInfluence"/>.</summary>
    public required IReadOnlyList<string> ClusterUnits { get; init; }
    /// <summary>
    /// Per-unit influence on the treatment coefficient (static only): Σ ψ² times the CR1 factor is its variance.
    /// </summary>
    public required IReadOnlyList<double> TreatmentInfluence { get; init; }

    /// <summary>The treatment coefficient; the event-study specification has none (read <see cref="EventStudy"/>).</summary>
    Effect IEffectEstimate.Effect => Treatment ?? throw new EstimationException(Messages.NoSingleTreatmentEffect);
    IReadOnlyList<double>? IEffectEstimate.Influence => Treatment is null ? null : TreatmentInfluence;

    /// <summary>CR1: G/(G−1)·(N−1)/(N−K).</summary>
    public double InfluenceVarianceFactor =>
        ClusterCount / (ClusterCount - 1.0) * (ObservationCount - 1.0) / (ObservationCount - ParameterCount);
}
