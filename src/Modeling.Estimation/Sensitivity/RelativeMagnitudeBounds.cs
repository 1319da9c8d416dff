using MathNet.Numerics.Distributions;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.Sensitivity;

/// <summary>
/// Rambachan &amp; Roth (2023, Review of Economic Studies 90(5)) sensitivity of an event-study estimate to violations of
/// parallel trends under the relative-magnitudes restriction Δ^RM(M̄): every change in the trend difference between
/// adjacent post-adoption periods is at most M̄ times the largest such change before adoption.
/// </summary>
/// <remarks>
/// <para>Model: β = τ + δ with τ_pre = 0 (no anticipation) and δ_−1 = 0 (reference), so δ_pre = β_pre is identified and
/// the largest pre-adoption change m = max_s |δ_{s+1} − δ_s| (s = first..−2, δ_−1 = 0) is known. For θ = l'τ_post the
/// identified set is {l'β_post − l'δ_post : |δ_{t+1} − δ_t| ≤ M̄·m, t = −1..T−2}: a pair of linear programs over δ. Their
/// solution is closed-form — writing δ_post as cumulated changes d_k, l'δ_post = Σ_k d_k L_k with L_k = Σ_{t≥k} l_t — so the
/// identified set is l'β_post ± M̄·m·Σ_k |L_k|. Tests check it against scipy's LP solutions over each polyhedral piece of
/// Δ^RM (Fixtures/sensitivity).</para>
/// <para>Robust confidence interval: Δ^RM is a union of polyhedra indexed by which pre-period change is the largest (s) and its
/// sign (σ); on each, the identified set's upper end is a linear function a_{sσ}'β with a_{sσ} = (M̄Kσ·D_s, l) and
/// K = Σ|L_k|. Since the true upper end equals a_{s*σ*}'β for some piece, u = max_{s,σ} [a_{sσ}'β̂ + z·√(a'Σa)] with
/// z = Φ⁻¹(1 − α/2) exceeds θ's upper end with probability ≥ 1 − α/2; the lower end likewise. So [ℓ, u] covers θ with
/// probability ≥ 1 − α for every δ ∈ Δ^RM(M̄). It is a conservative construction — it ignores that the selected piece
/// must be the one where s attains the maximum, and uses α/2 per side even where the set is wide — chosen over the
/// paper's conditional/hybrid ARP test (HonestDiD's default for Δ^RM) because it is closed-form, needs no LP solver or
/// simulation, and is exactly the ordinary interval l'β̂ ± z·se at M̄ = 0. (Fixed-length intervals, the paper's choice
/// for Δ^SD, are not consistent under Δ^RM.) Each piece's bound is convex and even in M̄, so the interval widens
/// monotonically in M̄ and the breakdown value is found by bisection.</para>
/// </remarks>
public sealed record RelativeMagnitudeBounds
{
    public IReadOnlyList<double> Mbars { get; init; } = [0, 0.25, 0.5, 0.75, 1, 1.5, 2];
    public SensitivityTarget Target { get; init; } = SensitivityTarget.AverageOfPost;
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>The breakdown search stops here; a breakdown beyond it is reported as this value with <see cref="SensitivityBreakdown.BeyondSearchLimit"/>.</summary>
    public double BreakdownSearchLimit { get; init; } = 100;

    public RelativeMagnitudeResult Fit(EventStudyEstimates eventStudy)
    {
        ArgumentNullException.ThrowIfNull(eventStudy);
        ArgumentNullException.ThrowIfNull(Mbars);
        ArgumentNullException.ThrowIfNull(Target);
        if (Mbars.Count == 0) throw new EstimationException(SensitivityMessages.NoMbars);
        foreach (var m in Mbars)
            if (!double.IsFinite(m) || m < 0) throw new EstimationException(SensitivityMessages.MbarOutOfRange(m));
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) throw new EstimationException(SensitivityMessages.ConfidenceLevelOutOfRange(ConfidenceLevel));
        if (!double.IsFinite(BreakdownSearchLimit) || !(BreakdownSearchLimit > 0))
            throw new EstimationException(SensitivityMessages.SearchLimitOutOfRange(BreakdownSearchLimit));
        var l = Target.Weights(eventStudy.PostCount);
        var core = new RelativeMagnitudeCore(eventStudy, l, Normal.InvCDF(0, 1, 0.5 + ConfidenceLevel / 2));
        var rows = Mbars.Select(core.Row).ToArray();
        return new RelativeMagnitudeResult(this, core, rows);
    }
}

/// <summary>The arithmetic of <see cref="RelativeMagnitudeBounds"/> for one event study and target.</summary>
internal sealed class RelativeMagnitudeCore
{
    private readonly double[] _beta;
    private readonly double[,] _sigma;
    private readonly double[] _l;          // post weights
    private readonly double[][] _changes;  // D_s over the pre block: δ_{s+1} − δ_s with δ_−1 = 0
    private readonly int _pre;
    private readonly double _k;            // Σ_k |L_k|

    public RelativeMagnitudeCore(EventStudyEstimates es, double[] l, double z)
    {
        _beta = [.. es.Estimates];
        _sigma = es.CovarianceInternal;
        _l = l;
        _pre = es.PreCount;
        Z = z;
        _changes = new double[_pre][];
        for (int s = 0; s < _pre; s++)
        {
            var d = new double[_pre];
            d[s] = -1;
            if (s + 1 < _pre) d[s + 1] = 1; // the last change is δ_−1 − δ_−2 = −δ_−2
            _changes[s] = d;
        }
        double tail = 0;
        for (int k = l.Length - 1; k >= 0; k--) { tail += l[k]; _k += Math.Abs(tail); }
        var a = Combination(0, 0, 0);
        PointEstimate = Dot(a, _beta);
        StandardError = Math.Sqrt(Quadratic(a));
        LargestPreChange = _changes.Max(d => Math.Abs(Dot(d, _beta, _pre)));
    }

    public double Z { get; }
    public double PointEstimate { get; }
    public double StandardError { get; }
    public double LargestPreChange { get; }
    /// <summary>Half-width of the identified set per unit of M̄: m·Σ|L_k|.</summary>
    public double IdentifiedSlope => LargestPreChange * _k;

    public RelativeMagnitudeRow Row(double mbar)
    {
        var (low, high) = ConfidenceInterval(mbar);
        return new RelativeMagnitudeRow(mbar, PointEstimate - mbar * IdentifiedSlope, PointEstimate + mbar * IdentifiedSlope, low, high);
    }

    public (double Low, double High) ConfidenceInterval(double mbar)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int s = 0; s < _pre; s++)
            foreach (int sign in (ReadOnlySpan<int>)[1, -1])
            {
                var a = Combination(mbar, s, sign);
                double centre = Dot(a, _beta), half = Z * Math.Sqrt(Math.Max(Quadratic(a), 0));
                high = Math.Max(high, centre + half);
                low = Math.Min(low, centre - half);
            }
        return (low, high);
    }

    /// <summary>a = (M̄·K·σ·D_s, l): the upper end of piece (s, σ) of the identified set as a linear function of β.</summary>
    private double[] Combination(double mbar, int s, int sign)
    {
        var a = new double[_beta.Length];
        for (int j = 0; j < _pre; j++) a[j] = mbar * _k * sign * _changes[s][j];
        for (int k = 0; k < _l.Length; k++) a[_pre + k] = _l[k];
        return a;
    }

    private double Quadratic(double[] a)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] == 0) continue;
            for (int j = 0; j < a.Length; j++) sum += a[i] * _sigma[i, j] * a[j];
        }
        return sum;
    }

    private static double Dot(double[] a, double[] b, int length = -1)
    {
        int n = length < 0 ? a.Length : length;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += a[i] * b[i];
        return sum;
    }
}
