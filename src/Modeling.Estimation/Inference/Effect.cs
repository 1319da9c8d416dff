using MathNet.Numerics.Distributions;

namespace Modeling.Estimation.Inference;

/// <summary>
/// A point estimate on the estimator's own scale (a coefficient, a log ratio, an ATT) with its inference: normal
/// theory, or Student's t with <see cref="DegreesOfFreedom"/> when few clusters carry the estimate.
/// </summary>
public sealed record Effect(double Estimate, double StandardError, double ConfidenceLevel = 0.95)
{
    /// <summary>Degrees of freedom of the t reference distribution (e.g. G−1 clusters); null for the normal.</summary>
    public double? DegreesOfFreedom { get; init; }

    public double CriticalValue => DegreesOfFreedom is double df
        ? StudentT.InvCDF(0, 1, df, 0.5 + ConfidenceLevel / 2)
        : Normal.InvCDF(0, 1, 0.5 + ConfidenceLevel / 2);
    public double CiLow => Estimate - CriticalValue * StandardError;
    public double CiHigh => Estimate + CriticalValue * StandardError;
    public double ZStatistic => Estimate / StandardError;
    /// <summary>Two-sided p-value of H0: estimate = 0.</summary>
    public double PValue => DegreesOfFreedom is double df
        ? 2 * StudentT.CDF(0, 1, df, -Math.Abs(ZStatistic))
        : 2 * Normal.CDF(0, 1, -Math.Abs(ZStatistic));
}

/// <summary>
/// An effect expressed as a multiplier (outcome with AI ÷ outcome without it), CONTRACT §4.
/// </summary>
public sealed record Multiplier(double Value, double CiLow, double CiHigh, double ConfidenceLevel, double PValue)
{
    /// <summary>From an effect on the log scale: multiplier = exp(β), interval = exp of the log-scale interval.</summary>
    public static Multiplier FromLogEffect(Effect logEffect) =>
        new(Math.Exp(logEffect.Estimate), Math.Exp(logEffect.CiLow), Math.Exp(logEffect.CiHigh), logEffect.ConfidenceLevel, logEffect.PValue);

    /// <summary>
    /// From a level effect and the counterfactual mean: (base + att) / base, delta-method interval treating the base as known.
    /// </summary>
    public static Multiplier FromLevelEffect(Effect levelEffect, double counterfactualMean)
    {
        if (!(counterfactualMean > 0))
            throw new ArgumentOutOfRangeException(nameof(counterfactualMean), counterfactualMean, "The 'counterfactualMean' parameter of Multiplier.FromLevelEffect must be greater than 0.");
        return new(1 + levelEffect.Estimate / counterfactualMean, 1 + levelEffect.CiLow / counterfactualMean,
            1 + levelEffect.CiHigh / counterfactualMean, levelEffect.ConfidenceLevel, levelEffect.PValue);
    }
}
