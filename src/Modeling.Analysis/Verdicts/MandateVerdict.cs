using MathNet.Numerics.Distributions;

namespace Modeling.Analysis.Verdicts;

/// <summary>The verdict vocabulary of CONTRACT §4: one meaning everywhere.</summary>
public enum Verdict
{
    /// <summary>The whole interval lies at or above the target: the data show it reached.</summary>
    Supported,
    /// <summary>The whole interval lies below the target: the data rule it out.</summary>
    NotSupported,
    /// <summary>The interval contains the target, or there is no usable estimate or valid interval.</summary>
    Inconclusive,
}

/// <summary>The evidence one estimator gives about one metric: a multiplier with its interval, on the log scale.</summary>
/// <param name="Multiplier">Point estimate (with AI ÷ without AI).</param>
/// <param name="CiLow">Lower end of the interval.</param>
/// <param name="CiHigh">Upper end of the interval.</param>
/// <param name="ConfidenceLevel">Level of the interval, e.g. 0.95.</param>
public sealed record MultiplierEvidence(double Multiplier, double CiLow, double CiHigh, double ConfidenceLevel)
{
    /// <summary>Degrees of freedom of a t-based interval (cluster_t); null for a normal one.</summary>
    public double? DegreesOfFreedom { get; init; }

    /// <summary>Placebo estimation errors on the log scale when the interval came from placebo inference, else null.</summary>
    public IReadOnlyList<double>? PlaceboErrors { get; init; }

    /// <summary>Standard error of log(multiplier) implied by a symmetric interval on the log scale (normal or t).</summary>
    public double LogStandardError
    {
        get
        {
            double p = 0.5 + ConfidenceLevel / 2;
            double critical = DegreesOfFreedom is double df ? StudentT.InvCDF(0, 1, df, p) : Normal.InvCDF(0, 1, p);
            return (Math.Log(CiHigh) - Math.Log(CiLow)) / (2 * critical);
        }
    }

    /// <summary>
    /// The approximate posterior probability (flat prior on the log multiplier) that the multiplier is at least
    /// <paramref name="target"/>, from the same inference as the interval: the share of placebo errors e with
    /// log m̂ − e ≥ log target; else 1 − F((log target − log m̂) / se) with F the t (or normal) distribution.
    /// </summary>
    public double ProbabilityAtLeast(double target)
    {
        double gap = Math.Log(target) - Math.Log(Multiplier);
        if (PlaceboErrors is { Count: > 0 } errors) return errors.Count(e => e <= -gap) / (double)errors.Count;
        double se = LogStandardError;
        if (!(se > 0)) return Multiplier >= target ? 1 : 0;
        return DegreesOfFreedom is double df ? 1 - StudentT.CDF(0, 1, df, gap / se) : 1 - Normal.CDF(0, 1, gap / se);
    }
}

/// <summary>A mandate judged against the evidence (one row of results.json "mandates").</summary>
public sealed record MandateJudgement(
    double TargetMultiplier,
    MultiplierEvidence? Evidence,
    double? ProbabilityTargetMet,
    Verdict Verdict,
    string Reason)
{
    /// <summary>The interval robust to parallel-trends violations the verdict was judged on; null when the plain
    /// interval was (the sensitivity could not be computed for the scope).</summary>
    public TrendRobustness? Robust { get; init; }
}

/// <summary>
/// Compares a mandated multiplier with the estimated one. Pure: the same evidence always gives the same verdict.
/// </summary>
public static class MandateJudge
{
    /// <summary>
    /// Judges a target: supported only when the whole interval lies at or above it, not supported when the whole interval
    /// lies below it, inconclusive otherwise (a wide interval supports nothing). The interval judged is the one robust to
    /// parallel-trends violations (<paramref name="robust"/>) when there is one, else the plain interval, with
    /// <paramref name="noRobustReason"/> said. The probability that the multiplier reaches the target is the approximate
    /// posterior under a flat prior on its logarithm, from the plain interval's inference; null without an estimate.
    /// </summary>
    /// <param name="targetMultiplier">The mandated multiplier, e.g. 3 or 10 (must be &gt; 0).</param>
    /// <param name="evidence">The estimate, or null when the metric could not be estimated.</param>
    /// <param name="robust">The Rambachan–Roth robust interval at the stated M̄ with the target's breakdown M̄, or null.</param>
    /// <param name="noRobustReason">Why there is no robust interval, said when <paramref name="robust"/> is null.</param>
    /// <param name="minimumDetectable">The smallest multiplier the data detect with 80 % power, said when an inconclusive
    /// interval holds both the target and no change.</param>
    public static MandateJudgement Judge(double targetMultiplier, MultiplierEvidence? evidence, TrendRobustness? robust = null,
        string? noRobustReason = null, double? minimumDetectable = null)
    {
        if (!(targetMultiplier > 0) || double.IsInfinity(targetMultiplier))
            throw new ArgumentOutOfRangeException(nameof(targetMultiplier), targetMultiplier,
                $"The 'targetMultiplier' parameter of MandateJudge.Judge must be a finite number greater than 0. Got {targetMultiplier} instead.");

        if (evidence is null)
            return new(targetMultiplier, null, null, Verdict.Inconclusive, "no estimate is available for this metric");

        double probability = evidence.ProbabilityAtLeast(targetMultiplier);
        string level = Percent(evidence.ConfidenceLevel);
        if (robust is { CiLow: double low, CiHigh: double high })
        {
            string interval = $"the {level} interval that allows post-adoption trends to drift by up to {Number(robust.Mbar)}× the largest pre-adoption change (×{Number(low)}–×{Number(high)})";
            string holds = robust.BreakdownBeyondLimit
                ? $" even at {Number(TrendSensitivity.BreakdownLimit)}× (the largest drift examined)"
                : robust.BreakdownMbar is double b ? $" up to a drift of {Number(b)}×" : "";
            if (high < targetMultiplier)
                return new(targetMultiplier, evidence, probability, Verdict.NotSupported, $"{interval} lies wholly below the target; it stays ruled out{holds}") { Robust = robust };
            if (low >= targetMultiplier)
                return new(targetMultiplier, evidence, probability, Verdict.Supported, $"{interval} lies wholly at or above the target; it stays met{holds}") { Robust = robust };
            string reason = $"the target lies inside {interval}: the data neither show it reached nor rule it out";
            if (evidence.CiHigh < targetMultiplier || evidence.CiLow >= targetMultiplier)
                reason += $" (the plain interval ×{Number(evidence.CiLow)}–×{Number(evidence.CiHigh)} settles it only if trends would have stayed parallel)";
            return new(targetMultiplier, evidence, probability, Verdict.Inconclusive, reason + NoChange(low, high, minimumDetectable)) { Robust = robust };
        }

        string without = noRobustReason is null ? "" : $"; parallel trends could not be probed ({noRobustReason})";
        if (evidence.CiHigh < targetMultiplier)
            return new(targetMultiplier, evidence, probability, Verdict.NotSupported, $"the whole {level} interval lies below the target{without}");
        if (evidence.CiLow >= targetMultiplier)
            return new(targetMultiplier, evidence, probability, Verdict.Supported, $"the whole {level} interval lies at or above the target{without}");
        return new(targetMultiplier, evidence, probability, Verdict.Inconclusive,
            $"the target lies inside the {level} interval: the data neither show it reached nor rule it out{NoChange(evidence.CiLow, evidence.CiHigh, minimumDetectable)}{without}");
    }

    private static string NoChange(double low, double high, double? minimumDetectable)
    {
        if (!(low <= 1 && 1 <= high)) return "";
        return minimumDetectable is double mdm
            ? $"; the interval also holds 1 (no change), so the data cannot tell the target from no change (the smallest effect they would detect is ×{mdm.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)})"
            : "; the interval also holds 1 (no change), so the data cannot tell the target from no change";
    }

    private static string Number(double value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An estimate without a valid interval judges nothing: inconclusive, no probability, with the reason.</summary>
    public static MandateJudgement WithoutInterval(double targetMultiplier, string reason) =>
        new(targetMultiplier, null, null, Verdict.Inconclusive, reason);

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
