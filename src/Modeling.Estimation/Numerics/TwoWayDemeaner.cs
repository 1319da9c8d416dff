using Modeling.Estimation.Regression;

namespace Modeling.Estimation.Numerics;

/// <summary>
/// Weighted projection onto the orthogonal complement of two sets of fixed effects (e.g. unit and period),
/// as fixest and reghdfe do: alternating projections (Gauss–Seidel on the normal equations of the
/// dummies) with Irons–Tuck acceleration, never forming dummy matrices. Cost per sweep is O(rows).
/// </summary>
/// <remarks>
/// For one column v the fixed-effect coefficients (a, b) minimise Σ w_i (v_i − a[f_i] − b[g_i])²; the
/// demeaned column is v − a[f] − b[g]. A sweep maps b to b' = B(A(b)) where A and B are the closed-form
/// group means; the fixed point is the solution. Coefficients can be kept between calls (warm start),
/// which matters inside IRLS where the weights change a little each iteration.
/// </remarks>
public sealed class TwoWayDemeaner
{
    private readonly int[] _first;
    private readonly int[] _second;
    private readonly double[]? _weight;
    private readonly double[] _firstWeight;
    private readonly double[] _secondWeight;

    /// <param name="first">Dense codes 0..firstLevels-1 (e.g. unit).</param>
    /// <param name="firstLevels">Number of levels of the first factor; every level must occur.</param>
    /// <param name="second">Dense codes 0..secondLevels-1 (e.g. period).</param>
    /// <param name="secondLevels">Number of levels of the second factor; every level must occur.</param>
    /// <param name="weight">Positive observation weights, or null for equal weights.</param>
    public TwoWayDemeaner(int[] first, int firstLevels, int[] second, int secondLevels, double[]? weight)
    {
        _first = first;
        _second = second;
        _weight = weight;
        _firstWeight = new double[firstLevels];
        _secondWeight = new double[secondLevels];
        for (int i = 0; i < first.Length; i++)
        {
            double w = weight?[i] ?? 1.0;
            _firstWeight[first[i]] += w;
            _secondWeight[second[i]] += w;
        }
    }

    public int FirstLevels => _firstWeight.Length;
    public int SecondLevels => _secondWeight.Length;

    /// <summary>Largest number of sweeps before giving up.</summary>
    public const int MaxSweeps = 100_000;

    /// <summary>
    /// Demeans <paramref name="values"/> into <paramref name="result"/>. <paramref name="secondCoefficients"/>
    /// is the warm start on entry and the converged period effects on exit; <paramref name="firstCoefficients"/>,
    /// when given, receives the unit effects. Returns the number of sweeps.
    /// </summary>
    public int Demean(ReadOnlySpan<double> values, Span<double> result, double[] secondCoefficients,
        double[]? firstCoefficients = null, double tolerance = 1e-13)
    {
        int n = values.Length;
        var firstRhs = new double[FirstLevels];
        var secondRhs = new double[SecondLevels];
        double scale = 0;
        for (int i = 0; i < n; i++)
        {
            double wv = (_weight?[i] ?? 1.0) * values[i];
            firstRhs[_first[i]] += wv;
            secondRhs[_second[i]] += wv;
            scale = Math.Max(scale, Math.Abs(values[i]));
        }
        var a = firstCoefficients ?? new double[FirstLevels];
        int sweeps = SolveNormalEquations(firstRhs, secondRhs, a, secondCoefficients, tolerance * Math.Max(scale, 1e-300));
        for (int i = 0; i < n; i++) result[i] = values[i] - a[_first[i]] - secondCoefficients[_second[i]];
        return sweeps;
    }

    /// <summary>
    /// Solves the normal equations of the dummies, DᵀWD (a, b) = (firstRhs, secondRhs), by Gauss–Seidel sweeps
    /// a = (firstRhs − Σ w b)/W_first, b = (secondRhs − Σ w a)/W_second with Irons–Tuck acceleration, stopping when
    /// b moves less than <paramref name="absoluteTolerance"/>. <paramref name="b"/> is the warm start. The
    /// right-hand sides must be consistent (equal totals), as they are for Dᵀ W v or Dᵀ u of any vectors.
    /// </summary>
    public int SolveNormalEquations(double[] firstRhs, double[] secondRhs, double[] a, double[] b, double absoluteTolerance)
    {
        var b1 = new double[SecondLevels];
        var b2 = new double[SecondLevels];
        int sweeps = 0;
        while (true)
        {
            Sweep(firstRhs, secondRhs, b, a, b1);
            Sweep(firstRhs, secondRhs, b1, a, b2);
            sweeps += 2;
            double change = 0;
            for (int j = 0; j < b.Length; j++) change = Math.Max(change, Math.Abs(b2[j] - b1[j]));
            if (change <= absoluteTolerance)
            {
                Array.Copy(b2, b, b.Length);
                break;
            }
            if (sweeps >= MaxSweeps)
                throw new EstimationException(Messages.DemeaningDidNotConverge(MaxSweeps));
            // Irons–Tuck: extrapolate along the last two steps of the fixed-point map.
            double num = 0, den = 0;
            for (int j = 0; j < b.Length; j++)
            {
                double d1 = b2[j] - b1[j];
                double d2 = b2[j] - 2 * b1[j] + b[j];
                num += d1 * d2;
                den += d2 * d2;
            }
            if (den > 0)
            {
                double step = num / den;
                for (int j = 0; j < b.Length; j++) b[j] = b2[j] - step * (b2[j] - b1[j]);
            }
            else Array.Copy(b2, b, b.Length);
        }
        // Final first-factor effects given the converged second-factor effects.
        FirstStep(firstRhs, b, a);
        return sweeps;
    }

    /// <summary>One Gauss–Seidel sweep: a = A(bIn), bOut = B(a).</summary>
    private void Sweep(double[] firstRhs, double[] secondRhs, double[] bIn, double[] a, double[] bOut)
    {
        FirstStep(firstRhs, bIn, a);
        Array.Copy(secondRhs, bOut, bOut.Length);
        if (_weight is null)
            for (int i = 0; i < _first.Length; i++) bOut[_second[i]] -= a[_first[i]];
        else
            for (int i = 0; i < _first.Length; i++) bOut[_second[i]] -= _weight[i] * a[_first[i]];
        for (int j = 0; j < bOut.Length; j++) bOut[j] /= _secondWeight[j];
    }

    private void FirstStep(double[] firstRhs, double[] b, double[] a)
    {
        Array.Copy(firstRhs, a, a.Length);
        if (_weight is null)
            for (int i = 0; i < _first.Length; i++) a[_first[i]] -= b[_second[i]];
        else
            for (int i = 0; i < _first.Length; i++) a[_first[i]] -= _weight[i] * b[_second[i]];
        for (int j = 0; j < a.Length; j++) a[j] /= _firstWeight[j];
    }

    /// <summary>
    /// Rank of the two-factor dummy design [first dummies, second dummies]: levels minus connected
    /// components of the bipartite graph linking each first level to the second levels it meets.
    /// </summary>
    public static int DummyRank(int[] first, int firstLevels, int[] second, int secondLevels)
    {
        var parent = new int[firstLevels + secondLevels];
        for (int i = 0; i < parent.Length; i++) parent[i] = i;
        int Find(int x)
        {
            while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
            return x;
        }
        int components = parent.Length;
        for (int i = 0; i < first.Length; i++)
        {
            int ra = Find(first[i]), rb = Find(firstLevels + second[i]);
            if (ra != rb) { parent[ra] = rb; components--; }
        }
        return firstLevels + secondLevels - components;
    }
}
