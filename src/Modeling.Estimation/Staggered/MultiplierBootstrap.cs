using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MathNet.Numerics.Distributions;

namespace Modeling.Estimation.Staggered;

/// <summary>
/// did's multiplier bootstrap (mboot, BMisc::multiplier_bootstrap): draw b perturbs an estimate by (1/n) Σᵢ vᵦᵢ ψᵢ with
/// Rademacher weights vᵦᵢ = ±1 drawn
/// once per unit (cluster) and draw, so every family of estimates is bootstrapped with the same draws. SE = IQR of the
/// perturbations / (z₀.₇₅ − z₀.₂₅); uniform critical value = (1−α) quantile (R type 1) of maxₖ |perturbationₖ| / SEₖ.
/// </summary>
/// <remarks>
/// The weights take two values, so Σᵢ vᵢψᵢ = k₁ Σᵢ ψᵢ + (k₂ − k₁) Σ_{i: vᵢ = k₂} ψᵢ: a draw is a sum over the half of
/// the rows drawn high. (Rademacher, not Mammen: with few clusters the two give visibly different IQR-based SEs, and
/// did's are Rademacher's.) Sample positions are grouped by cohort and an ATT(g,t) influence function is 0 outside its cohort
/// and controls, so each block of columns only visits the cohort groups it touches. Columns are processed in blocks
/// in parallel; each output value is summed in a fixed order, so a seed gives identical results on any thread count.
/// </remarks>
internal sealed class MultiplierBootstrap
{
    private const double K1 = -1, K2 = 1, ProbabilityK1 = 0.5;
    private static readonly double IqrToSd = Normal.InvCDF(0, 1, 0.75) - Normal.InvCDF(0, 1, 0.25);
    private const int BlockWidth = 32;

    private readonly int _n;
    private readonly int[] _groupStart;
    private readonly int[][] _high;          // per draw: ascending positions drawn k₂
    private readonly int[][] _groupOffset;   // per draw: index in _high[b] where each group's positions begin

    /// <summary>
    /// Draws the Rademacher multipliers of <paramref name="draws"/> draws for <paramref name="units"/> sample positions (grouped
    /// by cohort from <paramref name="groupStart"/>), seeded by <paramref name="seed"/>. With
    /// <paramref name="clusterOfPosition"/> (did's clustervars) one multiplier is drawn per cluster and shared by its units,
    /// so a draw perturbs by (1/n) Σ_c v_c Σ_{i∈c} ψ_i, did's cluster-sum bootstrap; null draws one per unit.
    /// </summary>
    public MultiplierBootstrap(int units, int draws, int seed, int[] groupStart, int[]? clusterOfPosition = null)
    {
        _n = units;
        _groupStart = groupStart;
        var rng = new Random(seed);
        _high = new int[draws][];
        _groupOffset = new int[draws][];
        var buffer = new List<int>(units);
        int groups = groupStart.Length - 1;
        int clusters = clusterOfPosition is null ? 0 : clusterOfPosition.Max() + 1;
        var clusterHigh = new bool[clusters];
        for (int b = 0; b < draws; b++)
        {
            buffer.Clear();
            if (clusterOfPosition is null)
            {
                for (int i = 0; i < units; i++)
                    if (rng.NextDouble() >= ProbabilityK1) buffer.Add(i);
            }
            else
            {
                for (int c = 0; c < clusters; c++) clusterHigh[c] = rng.NextDouble() >= ProbabilityK1;
                for (int i = 0; i < units; i++)
                    if (clusterHigh[clusterOfPosition[i]]) buffer.Add(i);
            }
            var high = _high[b] = [.. buffer];
            var offset = _groupOffset[b] = new int[groups + 1];
            int idx = 0;
            for (int gi = 0; gi <= groups; gi++)
            {
                int start = groupStart[gi];
                while (idx < high.Length && high[idx] < start) idx++;
                offset[gi] = idx;
            }
        }
    }

    public int Draws => _high.Length;

    /// <summary>Bootstrap perturbations of each influence-function column (length n each): result[column][draw].</summary>
    public double[][] Perturb(IReadOnlyList<double[]> columns)
    {
        int c = columns.Count, draws = _high.Length;
        var result = new double[c][];
        for (int j = 0; j < c; j++) result[j] = new double[draws];
        int blocks = (c + BlockWidth - 1) / BlockWidth;
        if (blocks == 1) PerturbBlock(columns, 0, c, result);
        else Parallel.For(0, blocks, block => PerturbBlock(columns, block * BlockWidth, Math.Min(c, (block + 1) * BlockWidth), result));
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PerturbBlock(IReadOnlyList<double[]> columns, int from, int to, double[][] result)
    {
        int width = to - from, n = _n, groups = _groupStart.Length - 1;
        int lanes = (width + 3) / 4;          // Vector256 accumulators per row
        int stride = lanes * 4;
        var packed = new double[n * stride];
        var colSum = new double[stride];
        var groupActive = new bool[groups];
        for (int j = 0; j < width; j++)
        {
            var col = columns[from + j];
            double s = 0;
            for (int gi = 0; gi < groups; gi++)
            {
                bool any = false;
                for (int i = _groupStart[gi]; i < _groupStart[gi + 1]; i++)
                {
                    double v = col[i];
                    packed[i * stride + j] = v;
                    s += v;
                    any |= v != 0;
                }
                groupActive[gi] |= any;
            }
            colSum[j] = s;
        }
        var active = Enumerable.Range(0, groups).Where(gi => groupActive[gi]).ToArray();
        Span<Vector256<double>> acc = stackalloc Vector256<double>[lanes];
        ref double origin = ref MemoryMarshal.GetArrayDataReference(packed);
        for (int b = 0; b < _high.Length; b++)
        {
            acc.Clear();
            var high = _high[b];
            var offset = _groupOffset[b];
            foreach (int gi in active)
            {
                for (int idx = offset[gi], end = offset[gi + 1]; idx < end; idx++)
                {
                    ref double row = ref Unsafe.Add(ref origin, high[idx] * stride);
                    for (int q = 0; q < lanes; q++)
                        acc[q] += Vector256.LoadUnsafe(ref row, (nuint)(q * 4));
                }
            }
            for (int j = 0; j < width; j++)
                result[from + j][b] = (K1 * colSum[j] + (K2 - K1) * acc[j >> 2].GetElement(j & 3)) / n;
        }
    }

    /// <summary>Bootstrap SE of each column (NaN when degenerate, as did's NA) from its perturbations.</summary>
    public static double[] StandardErrors(double[][] perturbations, int n)
    {
        var se = new double[perturbations.Length];
        // did drops columns whose scaled bootstrap SE (√n · SE) is below √eps · 10.
        double floor = Math.Sqrt(2.220446049250313e-16) * 10 / Math.Sqrt(n);
        Parallel.For(0, se.Length, () => new double[perturbations.Length == 0 ? 0 : perturbations[0].Length], (j, _, buffer) =>
        {
            perturbations[j].CopyTo(buffer, 0);
            double q75 = QuantileType1Select(buffer, 0.75);
            double q25 = QuantileType1Select(buffer, 0.25);
            double s = (q75 - q25) / IqrToSd;
            se[j] = s > floor ? s : double.NaN;
            return buffer;
        }, _ => { });
        return se;
    }

    /// <summary>Sup-t critical value for simultaneous bands at <paramref name="level"/>, over the non-degenerate columns.</summary>
    public static double? UniformCriticalValue(double[][] perturbations, double[] se, double level)
    {
        var valid = Enumerable.Range(0, se.Length).Where(j => !double.IsNaN(se[j])).ToArray();
        if (valid.Length == 0) return null;
        int draws = perturbations[valid[0]].Length;
        var maxT = new double[draws];
        foreach (int j in valid)
        {
            var col = perturbations[j];
            double inv = 1 / se[j];
            for (int b = 0; b < draws; b++) maxT[b] = Math.Max(maxT[b], Math.Abs(col[b]) * inv);
        }
        return QuantileType1Select(maxT, level);
    }

    /// <summary>R's quantile(type = 1), the inverse empirical distribution function, by selection (reorders <paramref name="values"/>).</summary>
    internal static double QuantileType1Select(double[] values, double p)
    {
        int j = (int)Math.Ceiling(values.Length * p - 1e-9);
        return Select(values, Math.Clamp(j, 1, values.Length) - 1);
    }

    /// <summary>The k-th smallest value (0-based) by Hoare's selection; reorders the array.</summary>
    private static double Select(double[] a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) { (a[i], a[j]) = (a[j], a[i]); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;
        }
        return a[k];
    }
}
