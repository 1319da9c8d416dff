using MathNet.Numerics.Distributions;

namespace Modeling.Estimation.Tests.Sensitivity;

/// <summary>
/// R's default normal generator, <c>set.seed(seed); rnorm()</c>: the Mersenne Twister seeded by R's linear-congruential
/// scrambling (RNG.c, RNG_Init) and inversion with two uniforms per draw (snorm.c, INVERSION). Test-only: it lets a C#
/// computation consume HonestDiD's random draws exactly, so that its simulated critical values can be compared.
/// </summary>
internal sealed class RNormal
{
    private const int N = 624, M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _mti;

    public RNormal(int seed)
    {
        uint s = unchecked((uint)seed);
        for (int j = 0; j < 50; j++) s = unchecked(69069 * s + 1);
        s = unchecked(69069 * s + 1); // i_seed[0], the position, is set to 624 below
        for (int j = 0; j < N; j++)
        {
            s = unchecked(69069 * s + 1);
            _mt[j] = s;
        }
        _mti = N;
    }

    public static Func<double> Generator(int seed)
    {
        var r = new RNormal(seed);
        return r.Next;
    }

    public double Next()
    {
        const double big = 134217728; // 2^27
        double u = UnifRand();
        u = (int)(big * u) + UnifRand();
        return Normal.InvCDF(0, 1, u / big);
    }

    public double UnifRand()
    {
        const double i2_32m1 = 2.328306437080797e-10;
        double value = Genrand();
        if (value <= 0) return 0.5 * i2_32m1;
        if (1 - value <= 0) return 1 - 0.5 * i2_32m1;
        return value;
    }

    private double Genrand()
    {
        uint[] mag01 = [0u, 0x9908b0dfu];
        uint y;
        if (_mti >= N)
        {
            int kk;
            for (kk = 0; kk < N - M; kk++)
            {
                y = (_mt[kk] & 0x80000000u) | (_mt[kk + 1] & 0x7fffffffu);
                _mt[kk] = _mt[kk + M] ^ (y >> 1) ^ mag01[y & 1];
            }
            for (; kk < N - 1; kk++)
            {
                y = (_mt[kk] & 0x80000000u) | (_mt[kk + 1] & 0x7fffffffu);
                _mt[kk] = _mt[kk + (M - N)] ^ (y >> 1) ^ mag01[y & 1];
            }
            y = (_mt[N - 1] & 0x80000000u) | (_mt[0] & 0x7fffffffu);
            _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ mag01[y & 1];
            _mti = 0;
        }
        y = _mt[_mti++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y * 2.3283064365386963e-10;
    }
}
