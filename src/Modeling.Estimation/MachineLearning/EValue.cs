namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// E-value (VanderWeele &amp; Ding 2017, Ann Intern Med 167:268): the minimum strength of association, on the risk-ratio
/// scale, that an unmeasured confounder would need with both the treatment and the outcome to explain the estimate
/// away. For RR ≥ 1: E = RR + √(RR·(RR − 1)); for RR &lt; 1 the same formula on 1/RR. For the interval: 1 when it
/// contains 1, otherwise the E-value of the limit closest to 1.
/// <para>
/// Scale conversion: none. The DML multiplier exp(θ) is a ratio of (geometric) mean outcomes of a positive outcome
/// with and without AI, and Ding &amp; VanderWeele (2016, Epidemiology 27:368) show the bounding factor applies to ratios
/// of means of non-negative outcomes as it does to risk ratios; so the multiplier is used directly as RR (no
/// standardised-mean-difference approximation such as RR ≈ exp(0.91·d)).
/// </para>
/// </summary>
public sealed record EValue(double Point, double ConfidenceLimit)
{
    /// <summary>E-values of a ratio estimate and its interval.</summary>
    public static EValue ForRatio(double ratio, double ciLow, double ciHigh)
    {
        if (!(ratio > 0) || double.IsInfinity(ratio)) throw new Regression.EstimationException(DmlMessages.MultiplierNotPositive("multiplier", ratio));
        if (!(ciLow > 0)) throw new Regression.EstimationException(DmlMessages.MultiplierNotPositive("lower confidence limit", ciLow));
        if (!(ciHigh > 0) || double.IsInfinity(ciHigh)) throw new Regression.EstimationException(DmlMessages.MultiplierNotPositive("upper confidence limit", ciHigh));
        double limit = ciLow <= 1 && ciHigh >= 1 ? 1 : ratio >= 1 ? ciLow : ciHigh;
        return new EValue(Of(ratio), Of(limit));
    }

    /// <summary>E = RR + √(RR·(RR − 1)) after folding RR &lt; 1 to 1/RR; 1 at RR = 1.</summary>
    public static double Of(double ratio)
    {
        double rr = ratio >= 1 ? ratio : 1 / ratio;
        return rr + Math.Sqrt(rr * (rr - 1));
    }
}
