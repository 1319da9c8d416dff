using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.Sensitivity;

/// <summary>
/// The Rambachan &amp; Roth (2023) robust confidence interval for θ = l'τ_post when the trend difference δ may be any
/// element of a <see cref="TrendRestriction"/>: the set of θ on a grid not rejected by the conditional least-favourable
/// hybrid test of Andrews, Roth &amp; Pakes (HonestDiD 0.2.8's method "C-LF", its default for Δ^RM), for every polyhedron
/// of the restriction. Matches HonestDiD's <c>createSensitivityResults_relativeMagnitudes</c> and
/// <c>createSensitivityResults(method = "C-LF")</c> on the same grid and draws (Fixtures/honestdid_oracle.json).
/// </summary>
/// <remarks>
/// The least-favourable first stage uses <see cref="LeastFavorableDraws"/> normal draws, restarted from <see cref="Seed"/>
/// for every polyhedron as HonestDiD restarts <c>set.seed(seed)</c>; its generator is MathNet's Mersenne Twister unless
/// <see cref="NormalGenerator"/> supplies another (the tests supply R's, to reproduce HonestDiD draw for draw).
/// </remarks>
public sealed record RobustConfidenceSet
{
    public SensitivityTarget Target { get; init; } = SensitivityTarget.AverageOfPost;
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Size of the first-stage test as a share of 1 − level (HonestDiD: κ = α/10).</summary>
    public double FirstStageShare { get; init; } = 0.1;
    public int GridPoints { get; init; } = 1000;
    /// <summary>Where the grid of θ values lies when <see cref="GridLow"/> and <see cref="GridHigh"/> are not given.</summary>
    public GridPlacement Grid { get; init; } = GridPlacement.HonestDiD;
    /// <summary>Ends of the grid of θ values tested; null for the placement of <see cref="Grid"/>.</summary>
    public double? GridLow { get; init; }
    public double? GridHigh { get; init; }
    /// <summary>After the grid, refine each end of the interval by bisection between the last accepted and first rejected point.</summary>
    public bool RefineEnds { get; init; }
    public int LeastFavorableDraws { get; init; } = 1000;
    public int Seed { get; init; }
    /// <summary>Standard-normal generator for a seed; null for MathNet's Mersenne Twister.</summary>
    public Func<int, Func<double>>? NormalGenerator { get; init; }

    public RobustInterval Fit(EventStudyEstimates eventStudy, TrendRestriction restriction)
    {
        ArgumentNullException.ThrowIfNull(eventStudy);
        ArgumentNullException.ThrowIfNull(restriction);
        ArgumentNullException.ThrowIfNull(Target);
        return Prepare(eventStudy).Interval(restriction);
    }

    /// <summary>
    /// The largest bound (M̄ or M) of <paramref name="restriction"/>'s kind at which the robust interval still excludes
    /// <paramref name="value"/>, to within <paramref name="tolerance"/>: null when it is inside already at bound 0;
    /// <paramref name="limit"/> with <see cref="SensitivityBreakdown.BeyondSearchLimit"/> when still excluded there.
    /// </summary>
    public SensitivityBreakdown Breakdown(EventStudyEstimates eventStudy, TrendRestriction restriction, double value,
        double limit = 10, double tolerance = 0.005)
    {
        ArgumentNullException.ThrowIfNull(eventStudy);
        ArgumentNullException.ThrowIfNull(restriction);
        var prepared = Prepare(eventStudy);
        bool Excluded(double bound)
        {
            var interval = prepared.Interval(restriction.WithBound(bound));
            return interval.IsEmpty || value < interval.Low || value > interval.High;
        }
        if (!Excluded(0)) return new SensitivityBreakdown(value, null, false);
        if (Excluded(limit)) return new SensitivityBreakdown(value, limit, true);
        double lo = 0, hi = limit;
        while (hi - lo > tolerance)
        {
            double mid = 0.5 * (lo + hi);
            if (Excluded(mid)) lo = mid; else hi = mid;
        }
        return new SensitivityBreakdown(value, lo, false);
    }

    private Prepared Prepare(EventStudyEstimates eventStudy)
    {
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) throw new EstimationException(SensitivityMessages.RobustConfidenceLevelOutOfRange(ConfidenceLevel));
        if (GridPoints < 2) throw new EstimationException(SensitivityMessages.GridPointsOutOfRange(GridPoints));
        if (LeastFavorableDraws < 100) throw new EstimationException(SensitivityMessages.DrawsOutOfRange(LeastFavorableDraws));
        if (GridLow is double gl && GridHigh is double gh && !(double.IsFinite(gl) && double.IsFinite(gh) && gl < gh))
            throw new EstimationException(SensitivityMessages.GridOutOfRange(gl, gh));
        return new Prepared(this, eventStudy);
    }

    /// <summary>An event study readied for testing: β̂, Σ, l and the reparametrisation Γ with l' as first row.</summary>
    private sealed class Prepared
    {
        private readonly RobustConfidenceSet _options;
        private readonly Vector<double> _beta;
        private readonly Matrix<double> _sigma;
        private readonly double[] _l;
        private readonly Matrix<double> _gammaInverse;
        private readonly int _pre, _post;
        private readonly double _sdTheta;

        public Prepared(RobustConfidenceSet options, EventStudyEstimates es)
        {
            _options = options;
            _pre = es.PreCount;
            _post = es.PostCount;
            _beta = Vector<double>.Build.DenseOfEnumerable(es.Estimates);
            _sigma = Matrix<double>.Build.DenseOfArray(es.CovarianceInternal);
            _l = options.Target.Weights(_post);
            var lv = Vector<double>.Build.DenseOfArray(_l);
            _sdTheta = Math.Sqrt(lv * _sigma.SubMatrix(_pre, _post, _pre, _post) * lv);
            _gammaInverse = Reparametrisation(_l).Inverse();
        }

        public RobustInterval Interval(TrendRestriction restriction)
        {
            var tests = restriction.Pieces(_pre, _post).Select(Test).ToArray();
            if (_options.GridLow is not null || _options.GridHigh is not null || _options.Grid == GridPlacement.HonestDiD)
            {
                var (defaultLow, defaultHigh) = restriction.DefaultGrid(_pre, _post, _l, _sdTheta);
                return OnGrid(restriction, tests, _options.GridLow ?? defaultLow, _options.GridHigh ?? defaultHigh);
            }
            // Around the identified set, 20 SDs either side, doubled while the interval reaches an end of the grid.
            var (idLow, idHigh) = restriction.IdentifiedSetBounds(_pre, _post, _l, [.. _beta]);
            double margin = 20 * _sdTheta;
            RobustInterval interval = OnGrid(restriction, tests, idLow - margin, idHigh + margin);
            for (int widen = 0; widen < 4 && interval.OpenAtGridEnd; widen++)
            {
                margin = 2 * margin + (idHigh - idLow);
                interval = OnGrid(restriction, tests, idLow - margin, idHigh + margin);
            }
            return interval;
        }

        private RobustInterval OnGrid(TrendRestriction restriction, Func<double, bool>[] tests, double low, double high)
        {
            int n = _options.GridPoints;
            var grid = new double[n];
            double by = (high - low) / (n - 1);
            for (int i = 0; i < n; i++) grid[i] = low + i * by;
            grid[n - 1] = high;
            bool Accepts(double theta) => tests.Any(t => !t(theta));
            var accepted = grid.Select(Accepts).ToArray();
            int first = Array.IndexOf(accepted, true), last = Array.LastIndexOf(accepted, true);
            if (first < 0) return new RobustInterval(restriction, double.NaN, double.NaN, IsEmpty: true, OpenAtGridEnd: false);
            double ciLow = grid[first], ciHigh = grid[last];
            if (_options.RefineEnds)
            {
                if (first > 0) ciLow = Bisect(grid[first - 1], grid[first], Accepts);
                if (last < n - 1) ciHigh = Bisect(grid[last + 1], grid[last], Accepts);
            }
            return new RobustInterval(restriction, ciLow, ciHigh, IsEmpty: false, OpenAtGridEnd: accepted[0] || accepted[n - 1]);
        }

        private static double Bisect(double rejected, double accepted, Func<double, bool> accepts)
        {
            for (int i = 0; i < 30; i++)
            {
                double mid = 0.5 * (rejected + accepted);
                if (accepts(mid)) accepted = mid; else rejected = mid;
            }
            return accepted;
        }

        /// <summary>The test of "θ is consistent with this polyhedron": true when it rejects.</summary>
        private Func<double, bool> Test(Polyhedron piece)
        {
            double alpha = 1 - _options.ConfidenceLevel, kappa = alpha * _options.FirstStageShare;
            var draws = Draws(piece.A.RowCount);
            if (_post == 1)
            {
                var aSigma = piece.A * _sigma * piece.A.Transpose();
                double cv = MomentInequalityTests.LeastFavorableCriticalValue(aSigma, kappa, draws);
                return theta =>
                {
                    var y = _beta.Clone();
                    y[_pre] -= theta;
                    return MomentInequalityTests.RejectsWithoutNuisance(y, _sigma, piece.A, piece.D, alpha, kappa, cv);
                };
            }
            // θ enters the moments through A_post Γ⁻¹'s first column; the other columns are the nuisance parameters.
            var aGamma = piece.A.SubMatrix(0, piece.A.RowCount, _pre, _post) * _gammaInverse;
            var a1 = aGamma.Column(0);
            var x = aGamma.SubMatrix(0, aGamma.RowCount, 1, _post - 1);
            var y0 = piece.A * _beta - piece.D;
            var sigmaY = piece.A * _sigma * piece.A.Transpose();
            double lf = MomentInequalityTests.LeastFavorableCriticalValue(x, sigmaY, kappa, draws);
            var wt = MomentInequalityTests.Constraints(x, sigmaY);
            return theta =>
            {
                var y = new double[y0.Count];
                for (int i = 0; i < y.Length; i++) y[i] = y0[i] - a1[i] * theta;
                return MomentInequalityTests.RejectsWithNuisance(y, x, sigmaY, wt, alpha, kappa, lf);
            };
        }

        private double[,] Draws(int dimension)
        {
            Func<double> normal = _options.NormalGenerator is { } generator
                ? generator(_options.Seed)
                : DefaultGenerator(_options.Seed);
            return MomentInequalityTests.Draws(normal, _options.LeastFavorableDraws, dimension);
        }

        private static Func<double> DefaultGenerator(int seed)
        {
            var random = new MersenneTwister(seed, threadSafe: false);
            return () => Normal.Sample(random, 0, 1);
        }

        /// <summary>
        /// Γ: l' as first row, then the unit vectors e_j (in order) that keep the rows independent — the pivot columns
        /// of rref([l, I]), as HonestDiD's <c>.construct_Gamma</c> chooses them.
        /// </summary>
        private static Matrix<double> Reparametrisation(double[] l)
        {
            int t = l.Length;
            var rows = new List<Vector<double>> { Vector<double>.Build.DenseOfArray(l) };
            for (int j = 0; j < t && rows.Count < t; j++)
            {
                var e = Vector<double>.Build.Dense(t);
                e[j] = 1;
                var candidate = Matrix<double>.Build.DenseOfRowVectors([.. rows, e]);
                if (candidate.Rank() == rows.Count + 1) rows.Add(e);
            }
            return Matrix<double>.Build.DenseOfRowVectors(rows);
        }
    }
}

/// <summary>Where <see cref="RobustConfidenceSet"/> places its grid of θ values.</summary>
public enum GridPlacement
{
    /// <summary>HonestDiD 0.2.8's defaults: ±20 SDs of θ̂ around 0 for Δ^RM; Δ^SD's identified set at β = 0, ±20 SDs.</summary>
    HonestDiD,
    /// <summary>Around the identified set at the estimates, ±20 SDs, widened until the interval is inside: for effects far
    /// from 0 in SD units, where HonestDiD's default grid would not reach the estimate.</summary>
    AroundIdentifiedSet,
}

/// <summary>A robust confidence interval at one restriction.</summary>
/// <param name="Restriction">The restriction on trend differences (its kind and bound).</param>
/// <param name="Low">Lower end (NaN when empty).</param>
/// <param name="High">Upper end (NaN when empty).</param>
/// <param name="IsEmpty">True when no θ on the grid is accepted.</param>
/// <param name="OpenAtGridEnd">True when an end of the grid is accepted: the interval may extend beyond it (widen the grid).</param>
public sealed record RobustInterval(TrendRestriction Restriction, double Low, double High, bool IsEmpty, bool OpenAtGridEnd);
