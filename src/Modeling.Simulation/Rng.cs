using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Modeling.Simulation;

/// <summary>
/// A seeded random stream (MathNet's xoshiro256**) with the few draws the simulator needs.
/// Each team gets its own stream seeded from (seed, team index), so teams can be generated in parallel
/// and the output stays identical byte for byte.
/// </summary>
internal sealed class Rng
{
    private readonly Xoshiro256StarStar _source;

    public Rng(int seed, long stream) => _source = new Xoshiro256StarStar(DeriveSeed(seed, stream), threadSafe: false);

    /// <summary>Mixes the user seed and a stream number into one 32-bit seed (SplitMix64 finaliser).</summary>
    public static int DeriveSeed(int seed, long stream)
    {
        unchecked
        {
            ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z ^ (z >> 32));
        }
    }

    public System.Random Source => _source;

    /// <summary>Uniform on [0, 1).</summary>
    public double Uniform() => _source.NextDouble();

    public double Uniform(double low, double high) => low + (high - low) * _source.NextDouble();

    /// <summary>Uniform integer in [0, n).</summary>
    public int Int(int n) => (int)(_source.NextDouble() * n);

    /// <summary>Uniform integer in [low, high] (inclusive).</summary>
    public int IntInclusive(int low, int high) => low + Int(high - low + 1);

    public bool Bernoulli(double p) => _source.NextDouble() < p;

    public int Poisson(double lambda) => lambda <= 0 ? 0 : MathNet.Numerics.Distributions.Poisson.Sample(_source, lambda);

    public double Normal() => MathNet.Numerics.Distributions.Normal.Sample(_source, 0, 1);

    /// <summary>Lognormal with the given median and log-scale standard deviation.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    public double Gamma(double shape, double rate) => MathNet.Numerics.Distributions.Gamma.Sample(_source, shape, rate);

    /// <summary>Exponential with the given mean.</summary>
    public double Exponential(double mean) => -mean * Math.Log(1 - _source.NextDouble());

    /// <summary>Index drawn with probability proportional to <paramref name="weights"/>.</summary>
    public int Weighted(IReadOnlyList<double> weights, double total)
    {
        double u = _source.NextDouble() * total;
        for (int i = 0; i < weights.Count; i++)
        {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.Count - 1;
    }
}
