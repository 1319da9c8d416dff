using MathNet.Numerics.Distributions;

namespace Modeling.Estimation.Numerics;

/// <summary>
/// The noncentral χ² distribution, which MathNet.Numerics does not provide: the power of a Wald test against a given
/// alternative. Written by hand as the Poisson mixture of central χ² distributions,
/// F(x; k, λ) = Σⱼ e^(−λ/2) (λ/2)ʲ / j! · F_χ²(k+2j)(x), summed until the Poisson weights left are below 1e-15.
/// </summary>
public static class NoncentralChiSquared
{
    public static double Cdf(double x, int degreesOfFreedom, double noncentrality)
    {
        if (!(x > 0)) return 0;
        if (noncentrality == 0) return ChiSquared.CDF(degreesOfFreedom, x);
        double half = noncentrality / 2, weight = Math.Exp(-half), sum = 0, used = 0;
        for (int j = 0; j < 100_000; j++)
        {
            if (j > 0) weight *= half / j;
            sum += weight * ChiSquared.CDF(degreesOfFreedom + 2 * j, x);
            used += weight;
            if (j > half && 1 - used < 1e-15) break;
        }
        return sum;
    }

    /// <summary>
    /// The noncentrality at which a level-<paramref name="alpha"/> test with <paramref name="degreesOfFreedom"/> degrees of
    /// freedom rejects with probability <paramref name="power"/> (bisection to 1e-10).
    /// </summary>
    public static double NoncentralityForPower(int degreesOfFreedom, double power, double alpha = 0.05)
    {
        double critical = ChiSquared.InvCDF(degreesOfFreedom, 1 - alpha);
        double Power(double lambda) => 1 - Cdf(critical, degreesOfFreedom, lambda);
        double low = 0, high = 1;
        while (Power(high) < power) high *= 2;
        while (high - low > 1e-10 * Math.Max(1, high))
        {
            double mid = (low + high) / 2;
            if (Power(mid) < power) low = mid; else high = mid;
        }
        return (low + high) / 2;
    }
}
