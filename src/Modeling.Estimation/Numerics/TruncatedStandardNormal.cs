using MathNet.Numerics.Distributions;

namespace Modeling.Estimation.Numerics;

/// <summary>
/// Quantiles of the standard normal distribution truncated to [lower, upper], which MathNet.Numerics does not provide
/// (the conditional critical values of Andrews, Roth &amp; Pakes). Written by hand; accurate in the far tails, where the
/// textbook Φ⁻¹(Φ(l) + p(Φ(u) − Φ(l))) loses every digit: the interval is first reflected so that it does not lie in the
/// upper tail, and Φ is handled in logs below −37 (its Mills-ratio expansion).
/// </summary>
public static class TruncatedStandardNormal
{
    public static double Quantile(double p, double lower, double upper)
    {
        if (double.IsNaN(p) || double.IsNaN(lower) || double.IsNaN(upper) || lower > upper) return double.NaN;
        if (p <= 0) return lower;
        if (p >= 1) return upper;
        if (lower == upper) return lower;
        // Reflect so that most of the interval lies at or below zero: there Φ keeps its relative precision.
        if (lower + upper > 0) return -Quantile(1 - p, -upper, -lower);

        double logLow = LogCdf(lower), logHigh = LogCdf(upper);
        // log(Φ(l) + p(Φ(u) − Φ(l))) = log Φ(u) + log(p + (1 − p) e^{log Φ(l) − log Φ(u)})
        double target = logHigh + Math.Log(p + (1 - p) * Math.Exp(logLow - logHigh));
        double q = InverseLogCdf(target);
        return Math.Clamp(q, lower, upper);
    }

    /// <summary>log Φ(x), accurate for every x (asymptotic expansion below −37, where Φ underflows).</summary>
    public static double LogCdf(double x)
    {
        if (double.IsNegativeInfinity(x)) return double.NegativeInfinity;
        if (x > -37) return Math.Log(Normal.CDF(0, 1, x));
        double x2 = x * x;
        // Φ(x) = φ(x)/|x| · (1 − 1/x² + 3/x⁴ − 15/x⁶ + …)
        double series = 1 - 1 / x2 + 3 / (x2 * x2) - 15 / (x2 * x2 * x2);
        return -0.5 * x2 - Math.Log(-x) - 0.5 * Math.Log(2 * Math.PI) + Math.Log(series);
    }

    private static double InverseLogCdf(double logP)
    {
        if (logP >= 0) return double.PositiveInfinity;
        if (logP > -700) return Normal.InvCDF(0, 1, Math.Exp(logP));
        // Newton's method on log Φ from the leading-order tail: −x²/2 ≈ log p.
        double x = -Math.Sqrt(-2 * logP);
        for (int i = 0; i < 50; i++)
        {
            double f = LogCdf(x) - logP;
            // d/dx log Φ(x) = φ(x)/Φ(x) ≈ −x (1 + 1/x²) in the far tail
            double slope = -x * (1 + 1 / (x * x));
            double step = f / slope;
            x -= step;
            if (Math.Abs(step) < 1e-14 * Math.Abs(x)) break;
        }
        return x;
    }
}
