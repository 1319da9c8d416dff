using MathNet.Numerics.LinearAlgebra;
using Modeling.Estimation.Numerics;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.Sensitivity;

/// <summary>
/// A set Δ of allowed differences in trends δ between adopting and comparison teams (Rambachan &amp; Roth 2023): the
/// event-study coefficients are β = τ + δ with τ = 0 before adoption. Each restriction is a union of polyhedra
/// {δ : A δ ≤ d} over the pre- and post-adoption event times (reference period −1 left out, δ_−1 = 0), built as
/// HonestDiD 0.2.8 builds them.
/// </summary>
public abstract record TrendRestriction
{
    private TrendRestriction() { }

    /// <summary>
    /// Δ^RM(M̄), relative magnitudes: every change in δ between adjacent post-adoption periods is at most M̄ times the largest
    /// change between adjacent pre-adoption periods (the change into the reference period included).
    /// </summary>
    public static TrendRestriction RelativeMagnitudes(double mbar)
    {
        if (!double.IsFinite(mbar) || mbar < 0) throw new EstimationException(SensitivityMessages.RestrictionBoundOutOfRange("Mbar", mbar));
        return new RelativeMagnitude(mbar);
    }

    /// <summary>Δ^SD(M), smoothness: the slope of δ changes by at most M between adjacent periods, before and after adoption.</summary>
    public static TrendRestriction Smoothness(double m)
    {
        if (!double.IsFinite(m) || m < 0) throw new EstimationException(SensitivityMessages.SmoothnessOutOfRange(m));
        return new SecondDifference(m);
    }

    /// <summary>M̄ for relative magnitudes, M for smoothness.</summary>
    public abstract double Bound { get; }

    /// <summary>The same kind of restriction with another bound.</summary>
    public abstract TrendRestriction WithBound(double bound);

    /// <summary>The polyhedra whose union is Δ, each with the rows HonestDiD's test uses (those touching post-adoption δ).</summary>
    internal abstract IReadOnlyList<Polyhedron> Pieces(int pre, int post);

    /// <summary>HonestDiD's default grid for the robust interval: ±20 SDs of θ̂ around 0, widened by Δ's identified set where HonestDiD does.</summary>
    internal abstract (double Low, double High) DefaultGrid(int pre, int post, double[] l, double sdTheta);

    /// <summary>
    /// An interval holding the identified set of θ at the estimates (no sampling error): θ̂ minus the bias Δ allows at
    /// most, either way.
    /// </summary>
    internal abstract (double Low, double High) IdentifiedSetBounds(int pre, int post, double[] l, IReadOnlyList<double> beta);

    private static double Theta(int pre, double[] l, IReadOnlyList<double> beta)
    {
        double theta = 0;
        for (int k = 0; k < l.Length; k++) theta += l[k] * beta[pre + k];
        return theta;
    }

    private sealed record RelativeMagnitude(double Mbar) : TrendRestriction
    {
        public override double Bound => Mbar;
        public override TrendRestriction WithBound(double bound) => RelativeMagnitudes(bound);

        internal override IReadOnlyList<Polyhedron> Pieces(int pre, int post)
        {
            var pieces = new List<Polyhedron>();
            for (int s = -(pre - 1); s <= 0; s++)
                foreach (bool positive in (ReadOnlySpan<bool>)[true, false])
                    pieces.Add(Piece(pre, post, s, positive));
            return pieces;
        }

        /// <summary>HonestDiD's <c>.create_A_RM</c>: |δ_{t+1} − δ_t| ≤ (1 or M̄)·σ(δ_{s} − δ_{s−1}) where s's change is the largest.</summary>
        private Polyhedron Piece(int pre, int post, int s, bool positive)
        {
            int t = pre + post, full = t + 1;
            var vMax = new double[full];
            vMax[pre + s - 1] = positive ? -1 : 1;
            vMax[pre + s] = positive ? 1 : -1;
            var rows = new List<double[]>();
            foreach (int direction in (ReadOnlySpan<int>)[1, -1])
                for (int r = 0; r < t; r++)
                {
                    double scale = r < pre ? 1 : Mbar;
                    var row = new double[full];
                    row[r] += -direction;
                    row[r + 1] += direction;
                    for (int j = 0; j < full; j++) row[j] -= scale * vMax[j];
                    rows.Add(row);
                }
            var kept = rows.Where(r => r.Sum(v => v * v) > 1e-10).Select(r => DropReference(r, pre)).ToList();
            var a = Matrix<double>.Build.DenseOfRowArrays(kept);
            var d = Vector<double>.Build.Dense(a.RowCount);
            return post == 1
                ? Polyhedron.Restrict(a, d, i => a[i, t - 1] != 0, pre)
                : Polyhedron.Create(a, d, pre);
        }

        internal override (double Low, double High) DefaultGrid(int pre, int post, double[] l, double sdTheta) =>
            (-20 * sdTheta, 20 * sdTheta);

        /// <summary>θ̂ ± M̄·m·Σ_k|L_k|: m the largest pre-adoption change, L_k = Σ_{t≥k} l_t (δ_post cumulates its changes).</summary>
        internal override (double Low, double High) IdentifiedSetBounds(int pre, int post, double[] l, IReadOnlyList<double> beta)
        {
            double m = 0;
            for (int s = 0; s < pre; s++) m = Math.Max(m, Math.Abs((s + 1 < pre ? beta[s + 1] : 0) - beta[s]));
            double k = 0, tail = 0;
            for (int t = l.Length - 1; t >= 0; t--) { tail += l[t]; k += Math.Abs(tail); }
            double theta = Theta(pre, l, beta), half = Mbar * m * k;
            return (theta - half, theta + half);
        }
    }

    private sealed record SecondDifference(double M) : TrendRestriction
    {
        public override double Bound => M;
        public override TrendRestriction WithBound(double bound) => Smoothness(bound);

        /// <summary>HonestDiD's <c>.create_A_SD</c>: |δ_{t+1} − 2δ_t + δ_{t−1}| ≤ M.</summary>
        internal override IReadOnlyList<Polyhedron> Pieces(int pre, int post)
        {
            int t = pre + post, full = t + 1;
            var rows = new List<double[]>();
            foreach (int direction in (ReadOnlySpan<int>)[1, -1])
                for (int r = 0; r < t - 1; r++)
                {
                    var row = new double[full];
                    row[r] = direction;
                    row[r + 1] = -2 * direction;
                    row[r + 2] = direction;
                    rows.Add(DropReference(row, pre));
                }
            var a = Matrix<double>.Build.DenseOfRowArrays(rows);
            var d = Vector<double>.Build.Dense(a.RowCount, M);
            return [post == 1 ? Polyhedron.Restrict(a, d, _ => true, pre) : Polyhedron.Create(a, d, pre)];
        }

        /// <summary>The identified set of l'δ_post when β = 0, widened by 20 SDs (HonestDiD's C-LF default for Δ^SD).</summary>
        internal override (double Low, double High) DefaultGrid(int pre, int post, double[] l, double sdTheta)
        {
            var piece = Pieces(pre, post)[0].Full;
            double high = -BiasExtreme(piece, l, pre, post, maximize: false);
            double low = -BiasExtreme(piece, l, pre, post, maximize: true);
            return (low - 20 * sdTheta, high + 20 * sdTheta);
        }

        /// <summary>
        /// θ̂ minus the linear extrapolation of the last pre-adoption slope (δ_t = (t+1)·(−β_−2)), ± the identified set's
        /// half-width when β_pre = 0.
        /// </summary>
        internal override (double Low, double High) IdentifiedSetBounds(int pre, int post, double[] l, IReadOnlyList<double> beta)
        {
            double slope = pre >= 1 ? -beta[pre - 1] : 0, bias = 0;
            for (int t = 0; t < l.Length; t++) bias += l[t] * (t + 1) * slope;
            var piece = Pieces(pre, post)[0].Full;
            double half = BiasExtreme(piece, l, pre, post, maximize: true);
            double centre = Theta(pre, l, beta) - bias;
            return (centre - Math.Abs(half), centre + Math.Abs(half));
        }

        /// <summary>max (or min) of l'δ_post over {A δ ≤ d, δ_pre = 0}, as a standard-form program in δ_post = p − q and slacks.</summary>
        private static double BiasExtreme(Polyhedron piece, double[] l, int pre, int post, bool maximize)
        {
            int rows = piece.A.RowCount, n = 2 * post + rows;
            var a = new double[rows, n];
            var b = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < post; j++)
                {
                    a[i, j] = piece.A[i, pre + j];
                    a[i, post + j] = -piece.A[i, pre + j];
                }
                a[i, 2 * post + i] = 1;
                b[i] = piece.D[i];
            }
            var c = new double[n];
            double sign = maximize ? 1 : -1;
            for (int j = 0; j < post; j++) { c[j] = sign * l[j]; c[post + j] = -sign * l[j]; }
            var lp = StandardFormSimplex.Maximize(c, a, b);
            if (lp.Status != LinearProgramStatus.Optimal) return 0; // HonestDiD falls back to l'β (here 0) when the solver fails
            return sign * lp.Value;
        }
    }

    private static double[] DropReference(double[] row, int pre) => [.. row.Take(pre), .. row.Skip(pre + 1)];
}

/// <summary>
/// One polyhedron {δ : A δ ≤ d} over pre- and post-adoption event times and the rows the ARP test uses. <see cref="Full"/>
/// keeps every row (for identified sets).
/// </summary>
internal sealed record Polyhedron(Matrix<double> A, Vector<double> D, Polyhedron? FullOrNull)
{
    public Polyhedron Full => FullOrNull ?? this;

    /// <summary>Several post periods: the test uses the rows that touch post-adoption δ (HonestDiD's postPeriodMomentsOnly).</summary>
    public static Polyhedron Create(Matrix<double> a, Vector<double> d, int pre) =>
        Restrict(a, d, i => Enumerable.Range(pre, a.ColumnCount - pre).Any(j => a[i, j] != 0), pre);

    public static Polyhedron Restrict(Matrix<double> a, Vector<double> d, Func<int, bool> keep, int pre)
    {
        var rows = Enumerable.Range(0, a.RowCount).Where(keep).ToArray();
        var restricted = new Polyhedron(
            Matrix<double>.Build.DenseOfRowVectors(rows.Select(a.Row)),
            Vector<double>.Build.DenseOfEnumerable(rows.Select(i => d[i])), null);
        return rows.Length == a.RowCount ? restricted : restricted with { FullOrNull = new Polyhedron(a, d, null) };
    }
}
