using MathNet.Numerics.Distributions;

namespace Modeling.Analysis.Verdicts;

/// <summary>The verdict vocabulary of CONTRACT §4.</summary>
public enum Verdict
{
    /// <summary>The target lies inside or below the interval: the data are consistent with it.</summary>
    Supported,
    /// <summary>The whole interval lies below the target.</summary>
    NotSupported,
    /// <summary>No usable estimate, or a diagnostic (e.g. a failed pre-trend test) undermines it.</summary>
    Inconclusive,
}

/// <summary>The evidence one estimator gives about one metric: a multiplier with its interval, on the log scale.</summary>
/// <param name="Multiplier">Point estimate (with AI ÷ without AI).</param>
/// <param name="CiLow">Lower end of the interval.</param>
/// <param name="CiHigh">Upper end of the interval.</param>
/// <param name="ConfidenceLevel">Level of the interval, e.g. 0.95.</param>
public sealed record MultiplierEvidence(double Multiplier, double CiLow, double CiHigh, double ConfidenceLevel)
{
    /// <summary>Standard error of log(multiplier) implied by a symmetric interval on the log scale.</summary>
    public double LogStandardError =>
        (Math.Log(CiHigh) - Math.Log(CiLow)) / (2 * Normal.InvCDF(0, 1, 0.5 + ConfidenceLevel / 2));
}

/// <summary>A mandate judged against the evidence (one row of results.json "mandates").</summary>
public sealed record MandateJudgement(
    double TargetMultiplier,
    MultiplierEvidence? Evidence,
    double? ProbabilityTargetMet,
    Verdict Verdict,
    string Reason);

/// <summary>
/// Compares a mandated multiplier with the estimated one. Pure: the same evidence always gives the same verdict.
/// </summary>
public static class MandateJudge
{
    /// <summary>
    /// Judges a target. The probability that the true multiplier reaches the target is
    /// P(M ≥ target) under the estimate's normal approximation on the log scale
    /// (the scale on which the interval was built): 1 − Φ((log target − log m̂) / se).
    /// </summary>
    /// <param name="targetMultiplier">The mandated multiplier, e.g. 3 or 10 (must be &gt; 0).</param>
    /// <param name="evidence">The estimate, or null when the metric could not be estimated.</param>
    /// <param name="undermined">A reason the estimate cannot be trusted (e.g. pre-trends), or null.</param>
    public static MandateJudgement Judge(double targetMultiplier, MultiplierEvidence? evidence, string? undermined = null)
    {
        if (!(targetMultiplier > 0) || double.IsInfinity(targetMultiplier))
            throw new ArgumentOutOfRangeException(nameof(targetMultiplier), targetMultiplier,
                $"The 'targetMultiplier' parameter of MandateJudge.Judge must be a finite number greater than 0. Got {targetMultiplier} instead.");

        if (evidence is null)
            return new(targetMultiplier, null, null, Verdict.Inconclusive, "no estimate is available for this metric");

        double se = evidence.LogStandardError;
        double probability = se > 0
            ? 1 - Normal.CDF(0, 1, (Math.Log(targetMultiplier) - Math.Log(evidence.Multiplier)) / se)
            : evidence.Multiplier >= targetMultiplier ? 1 : 0;

        if (undermined is not null)
            return new(targetMultiplier, evidence, probability, Verdict.Inconclusive, undermined);
        return evidence.CiHigh < targetMultiplier
            ? new(targetMultiplier, evidence, probability, Verdict.NotSupported,
                $"the whole {Percent(evidence.ConfidenceLevel)} interval lies below the target")
            : new(targetMultiplier, evidence, probability, Verdict.Supported,
                evidence.CiLow > targetMultiplier
                    ? $"the whole {Percent(evidence.ConfidenceLevel)} interval lies above the target"
                    : $"the target lies inside the {Percent(evidence.ConfidenceLevel)} interval");
    }

    /// <summary>The contract's spelling of a verdict.</summary>
    public static string ToContractName(this Verdict verdict) => verdict switch
    {
        Verdict.Supported => "supported",
        Verdict.NotSupported => "not_supported",
        Verdict.Inconclusive => "inconclusive",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    private static string Percent(double level) => (level * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
