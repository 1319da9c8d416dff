using MathNet.Numerics.LinearAlgebra;
using Modeling.Estimation.Numerics;

namespace Modeling.Estimation.Regression;

/// <summary>
/// Regressions with absorbed unit and period fixed effects and unit-clustered CR1 standard errors: OLS (as
/// fixest::feols / reghdfe) and Poisson pseudo-maximum-likelihood (IRLS with weighted demeaning, as ppmlhdfe /
/// fixest::fepois). See <see cref="FixedEffectsFit"/> for the covariance and its K.
/// </summary>
/// <remarks>
/// Regressors are demeaned one at a time and never stored demeaned, so memory is O(rows + regressors × (units +
/// periods)) and many sparse dummies (event-time, cohort × period cells) stay cheap. This uses three identities of
/// the W-orthogonal projection M: X̃ᵀWX̃ = XᵀWX̃ and X̃ᵀWỹ = XᵀWỹ (sparse X on the left); X̃β = M(Xβ) (one extra
/// demeaning for fitted values); and, for unit clusters, Σ_{i∈g} s_i x̃_ik = Σ_{i∈g} s_i x_ik − a_gk Σ_{i∈g} s_i −
/// Σ_t b_tk Σ_{i∈g,t} s_i, where (a_k, b_k) are column k's unit and period coefficients.
/// </remarks>
public static class FixedEffectsRegression
{
    /// <summary>Relative pivot below which a regressor counts as collinear (fixest's collin.tol is 1e-10).</summary>
    public const double CollinearityTolerance = 1e-10;

    /// <summary>(Weighted) least squares of the outcome on the regressors with unit and period effects absorbed.</summary>
    public static FixedEffectsFit Ols(RegressionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var d = Design.Build(input, [.. Enumerable.Range(0, input.Count)]);
        var y = d.Gather(input.Outcome);
        var columns = d.Columns(input.Regressors);
        var w = input.Weight is null ? null : d.Gather(input.Weight);

        var demeaner = d.Demeaner(w);
        var yt = new double[d.N];
        demeaner.Demean(y, yt, new double[d.TimeCount]);

        var pass = Pass(d, demeaner, columns, w, yt, null);
        var (kept, dropped) = SelectColumns(input.Regressors, columns, pass.Gram, w);
        var bread = Invert(pass.Gram, kept);
        var beta = Multiply(bread, [.. kept.Select(k => pass.Rhs[k])]);

        var xb = Combine(d.N, kept.Select(k => columns[k]).ToArray(), beta);
        var xbt = new double[d.N];
        demeaner.Demean(xb, xbt, new double[d.TimeCount]);
        var score = new double[d.N];
        for (int i = 0; i < d.N; i++) score[i] = (w?[i] ?? 1.0) * (yt[i] - xbt[i]);

        var partial = new double[d.N];
        for (int i = 0; i < d.N; i++) partial[i] = y[i] - xb[i];
        var (unitEffects, periodEffects) = Effects(d, partial, demeaner);

        return Finish(FixedEffectsMethod.Ols, input, d, columns, kept, dropped, beta, bread, pass, score, 1,
            unitEffects, periodEffects, [], [], 0);
    }

    /// <summary>
    /// Poisson pseudo-maximum-likelihood, E[y | x, unit, period] = exp(xβ + α_unit + γ_period). Units whose outcome
    /// is zero throughout, and then periods zero in every kept unit, have no finite effect and are dropped (and
    /// reported), as fixest and ppmlhdfe do. Weights are prior (frequency/sampling) weights.
    /// </summary>
    public static FixedEffectsFit Poisson(RegressionInput input, int maxIterations = 200, double tolerance = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(input);
        for (int i = 0; i < input.Count; i++)
            if (input.Outcome[i] < 0) throw new EstimationException(Messages.NegativeCountOutcome(input.OutcomeName, i, input.Outcome[i]));
        if (input.Outcome.All(v => v == 0)) throw new EstimationException(Messages.AllZeroOutcome(input.OutcomeName));

        var (rows, droppedUnits, droppedPeriods) = DropZeroGroups(input);
        var d = Design.Build(input, rows);
        var y = d.Gather(input.Outcome);
        var allColumns = d.Columns(input.Regressors);
        var prior = input.Weight is null ? null : d.Gather(input.Weight);

        // Collinearity is a property of the design, checked once in the prior weights.
        var firstPass = Pass(d, d.Demeaner(prior), allColumns, prior, null, null);
        var (kept, dropped) = SelectColumns(input.Regressors, allColumns, firstPass.Gram, prior);
        var columns = kept.Select(k => allColumns[k]).ToArray();
        int p = columns.Length, n = d.N;

        double meanY = y.Average();
        var mu = new double[n];
        var eta = new double[n];
        for (int i = 0; i < n; i++) { mu[i] = (y[i] + meanY) / 2; eta[i] = Math.Log(mu[i]); }
        // The starting μ is not of the model's form, so the first step is taken whole (no halving towards it).
        double deviance = double.PositiveInfinity;

        var zWarm = new double[d.TimeCount];
        var xbWarm = new double[d.TimeCount];
        var xWarm = Enumerable.Range(0, p).Select(_ => new double[d.TimeCount]).ToArray();
        var z = new double[n];
        var zt = new double[n];
        var xbt = new double[n];
        var w = new double[n];
        var etaNew = new double[n];
        var beta = new double[p];
        int iteration = 0;
        bool converged = false;
        while (!converged)
        {
            if (++iteration > maxIterations) throw new EstimationException(Messages.PoissonDidNotConverge(maxIterations));
            for (int i = 0; i < n; i++)
            {
                w[i] = (prior?[i] ?? 1.0) * mu[i];
                z[i] = eta[i] + (y[i] - mu[i]) / mu[i];
            }
            var demeaner = d.Demeaner(w);
            demeaner.Demean(z, zt, zWarm);
            if (p > 0)
            {
                var pass = Pass(d, demeaner, columns, w, zt, xWarm);
                beta = Multiply(Invert(pass.Gram, [.. Enumerable.Range(0, p)]), pass.Rhs);
                demeaner.Demean(Combine(n, columns, beta), xbt, xbWarm);
            }
            for (int i = 0; i < n; i++) etaNew[i] = z[i] - zt[i] + xbt[i]; // η = z − weighted-least-squares residual
            double newDeviance = DevianceOf(y, etaNew, prior);
            // Step halving if a full step does not improve (rare for the canonical link).
            for (int half = 0; half < 30 && !(newDeviance <= deviance * (1 + 1e-12)); half++)
            {
                for (int i = 0; i < n; i++) etaNew[i] = (etaNew[i] + eta[i]) / 2;
                newDeviance = DevianceOf(y, etaNew, prior);
            }
            converged = Math.Abs(newDeviance - deviance) / (0.1 + Math.Abs(newDeviance)) < tolerance;
            deviance = newDeviance;
            for (int i = 0; i < n; i++) { eta[i] = etaNew[i]; mu[i] = Math.Exp(eta[i]); }
        }

        // Covariance at the solution: weights prior·μ, scores prior·(y − μ)·x̃.
        for (int i = 0; i < n; i++) w[i] = (prior?[i] ?? 1.0) * mu[i];
        var finalPass = Pass(d, d.Demeaner(w), columns, w, null, xWarm);
        var bread = Invert(finalPass.Gram, [.. Enumerable.Range(0, p)]);
        var score = new double[n];
        for (int i = 0; i < n; i++) score[i] = (prior?[i] ?? 1.0) * (y[i] - mu[i]);

        var xb = Combine(n, columns, beta);
        var linearFe = new double[n];
        for (int i = 0; i < n; i++) linearFe[i] = eta[i] - xb[i];
        var (unitEffects, periodEffects) = Effects(d, linearFe, d.Demeaner(null));

        // Finish expects per-input-column pass data; map the kept columns back.
        return Finish(FixedEffectsMethod.Poisson, input, d, columns, [.. Enumerable.Range(0, p)], dropped, beta, bread,
            finalPass, score, iteration, unitEffects, periodEffects, droppedUnits, droppedPeriods, input.Count - rows.Length,
            kept);
    }

    /// <summary>Per-column results of demeaning every regressor once in the given weights.</summary>
    private sealed record ColumnPass(double[,] Gram, double[] Rhs, double[][] UnitCoefficients, double[][] PeriodCoefficients);

    /// <summary>
    /// Demeans each column in turn (warm-started from <paramref name="warm"/> when given, which is updated) and
    /// accumulates X̃ᵀWX̃ = XᵀWX̃ and, if <paramref name="outcomeDemeaned"/> is given, XᵀWỹ.
    /// </summary>
    private static ColumnPass Pass(Design d, TwoWayDemeaner demeaner, Column[] columns, double[]? w, double[]? outcomeDemeaned, double[][]? warm)
    {
        int p = columns.Length;
        var gram = new double[p, p];
        var rhs = new double[p];
        var a = new double[p][];
        var b = new double[p][];
        var dense = new double[d.N];
        var demeaned = new double[d.N];
        for (int k = 0; k < p; k++)
        {
            columns[k].CopyTo(dense);
            a[k] = new double[d.UnitCount];
            b[k] = warm?[k] ?? new double[d.TimeCount];
            demeaner.Demean(dense, demeaned, b[k], a[k]);
            for (int j = k; j < p; j++) gram[j, k] = gram[k, j] = columns[j].WeightedDot(demeaned, w);
            if (outcomeDemeaned is not null) rhs[k] = columns[k].WeightedDot(outcomeDemeaned, w);
        }
        return new ColumnPass(gram, rhs, a, b);
    }

    private static FixedEffectsFit Finish(
        FixedEffectsMethod method, RegressionInput input, Design d, Column[] columns, int[] kept, List<DroppedTerm> dropped,
        double[] beta, double[,] bread, ColumnPass pass, double[] score, int iterations, Dictionary<int, double> unitEffects,
        Dictionary<int, double> periodEffects, IReadOnlyList<int> droppedUnits, IReadOnlyList<int> droppedPeriods, int droppedRows,
        int[]? inputIndexOfColumn = null)
    {
        int p = kept.Length, units = d.UnitCount, periods = d.TimeCount;
        // Cluster sums of scores, by unit and by unit × period.
        var unitScore = new double[units];
        var cellScore = new double[units * periods];
        for (int i = 0; i < d.N; i++)
        {
            unitScore[d.UnitCode[i]] += score[i];
            cellScore[d.UnitCode[i] * periods + d.TimeCode[i]] += score[i];
        }
        var s = Matrix<double>.Build.Dense(units, p);
        for (int j = 0; j < p; j++)
        {
            int k = kept[j];
            var sums = columns[k].ClusterDot(score, d.UnitCode, units);
            var a = pass.UnitCoefficients[k];
            var b = pass.PeriodCoefficients[k];
            for (int g = 0; g < units; g++)
            {
                double v = sums[g] - a[g] * unitScore[g];
                int offset = g * periods;
                for (int t = 0; t < periods; t++) v -= b[t] * cellScore[offset + t];
                s[g, j] = v;
            }
        }
        var psi = p == 0 ? Matrix<double>.Build.Dense(units, 0) : s * Matrix<double>.Build.DenseOfArray(bread);
        int feRank = TwoWayDemeaner.DummyRank(d.UnitCode, units, d.TimeCode, periods);
        // Nested: the unit effects (nested in the unit clusters) count as one, as fixest's ssc(fixef.K = "nested").
        int parameterCount = p + feRank - (input.FixedEffectsInK == FixedEffectsInK.Nested ? units - 1 : 0);
        double c = units / (units - 1.0) * (d.N - 1.0) / (d.N - (double)parameterCount);
        var cov = p == 0 ? new double[0, 0] : (psi.TransposeThisAndMultiply(psi) * c).ToArray();
        var influence = p == 0 ? [.. Enumerable.Range(0, units).Select(_ => Array.Empty<double>())] : psi.ToRowArrays();
        var names = kept.Select(j => input.Regressors[inputIndexOfColumn?[j] ?? j].Name).ToArray();

        return new FixedEffectsFit(method, names, beta, cov, influence,
            d.N, units, parameterCount, feRank, dropped, droppedUnits, droppedPeriods, droppedRows, iterations,
            unitEffects, periodEffects, d.UnitOf, input.FixedEffectsInK);
    }

    /// <summary>Keeps regressors in order unless collinear with the fixed effects or with earlier kept ones.</summary>
    private static (int[] Kept, List<DroppedTerm> Dropped) SelectColumns(
        IReadOnlyList<Regressor> regressors, Column[] columns, double[,] gram, double[]? w)
    {
        var kept = new List<int>();
        var dropped = new List<DroppedTerm>();
        var lower = new List<double[]>(); // rows of the Cholesky factor of the kept X̃ᵀWX̃
        for (int j = 0; j < columns.Length; j++)
        {
            double total = columns[j].CenteredSumOfSquares(w);
            double within = gram[j, j];
            if (!(within > CollinearityTolerance * 10 * total) || total == 0)
            {
                dropped.Add(new DroppedTerm(regressors[j].Name, DropReason.CollinearWithFixedEffects));
                continue;
            }
            var row = new double[kept.Count + 1];
            double pivot = within;
            for (int k = 0; k < kept.Count; k++)
            {
                double v = gram[j, kept[k]];
                for (int m = 0; m < k; m++) v -= row[m] * lower[k][m];
                row[k] = v / lower[k][k];
                pivot -= row[k] * row[k];
            }
            if (!(pivot > CollinearityTolerance * within))
            {
                dropped.Add(new DroppedTerm(regressors[j].Name, DropReason.CollinearWithRegressors));
                continue;
            }
            row[kept.Count] = Math.Sqrt(pivot);
            lower.Add(row);
            kept.Add(j);
        }
        return ([.. kept], dropped);
    }

    /// <summary>Inverse of the kept rows and columns of a Gram matrix (positive definite after column selection).</summary>
    private static double[,] Invert(double[,] gram, int[] kept)
    {
        int p = kept.Length;
        if (p == 0) return new double[0, 0];
        var m = new double[p, p];
        for (int j = 0; j < p; j++)
            for (int k = 0; k < p; k++) m[j, k] = gram[kept[j], kept[k]];
        return Matrix<double>.Build.DenseOfArray(m).Cholesky().Solve(Matrix<double>.Build.DenseIdentity(p)).ToArray();
    }

    private static double[] Multiply(double[,] m, double[] v)
    {
        var r = new double[v.Length];
        for (int j = 0; j < v.Length; j++)
            for (int k = 0; k < v.Length; k++) r[j] += m[j, k] * v[k];
        return r;
    }

    /// <summary>Σ_k β_k x_k as a dense vector.</summary>
    private static double[] Combine(int n, Column[] columns, double[] beta)
    {
        var r = new double[n];
        for (int k = 0; k < columns.Length; k++) columns[k].AddScaled(r, beta[k]);
        return r;
    }

    private static (Dictionary<int, double> Units, Dictionary<int, double> Periods) Effects(Design d, double[] values, TwoWayDemeaner demeaner)
    {
        var a = new double[d.UnitCount];
        var b = new double[d.TimeCount];
        demeaner.Demean(values, new double[d.N], b, a);
        var units = new Dictionary<int, double>();
        for (int g = 0; g < d.UnitCount; g++) units[d.UnitOf[g]] = a[g];
        var periods = new Dictionary<int, double>();
        for (int t = 0; t < d.TimeCount; t++) periods[d.TimeOf[t]] = b[t];
        return (units, periods);
    }

    private static (int[] Rows, int[] DroppedUnits, int[] DroppedPeriods) DropZeroGroups(RegressionInput input)
    {
        var alive = Enumerable.Repeat(true, input.Count).ToArray();
        var droppedUnits = new SortedSet<int>();
        var droppedPeriods = new SortedSet<int>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            changed |= DropZero(input.Unit, input.Outcome, alive, droppedUnits);
            changed |= DropZero(input.Time, input.Outcome, alive, droppedPeriods);
        }
        var rows = Enumerable.Range(0, input.Count).Where(i => alive[i]).ToArray();
        return (rows, [.. droppedUnits], [.. droppedPeriods]);
    }

    private static bool DropZero(IReadOnlyList<int> group, IReadOnlyList<double> y, bool[] alive, SortedSet<int> dropped)
    {
        var sum = new Dictionary<int, double>();
        for (int i = 0; i < y.Count; i++)
            if (alive[i]) sum[group[i]] = sum.GetValueOrDefault(group[i]) + y[i];
        var zero = sum.Where(kv => kv.Value == 0).Select(kv => kv.Key).ToHashSet();
        if (zero.Count == 0) return false;
        for (int i = 0; i < y.Count; i++) if (alive[i] && zero.Contains(group[i])) alive[i] = false;
        dropped.UnionWith(zero);
        return true;
    }

    private static double DevianceOf(double[] y, double[] eta, double[]? prior)
    {
        double dev = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double mu = Math.Exp(eta[i]);
            double term = y[i] > 0 ? y[i] * (Math.Log(y[i]) - eta[i]) - (y[i] - mu) : mu;
            dev += (prior?[i] ?? 1.0) * term;
        }
        return 2 * dev;
    }

    /// <summary>A regressor in design-row space: dense values, or the rows where a 0/1 indicator is 1.</summary>
    private sealed class Column
    {
        private readonly double[]? _dense;
        private readonly int[]? _ones;
        private readonly int _n;

        public Column(double[] dense) { _dense = dense; _n = dense.Length; }
        public Column(int n, int[] ones) { _ones = ones; _n = n; }

        public void CopyTo(double[] target)
        {
            if (_dense is not null) { Array.Copy(_dense, target, _n); return; }
            Array.Clear(target);
            foreach (int i in _ones!) target[i] = 1;
        }

        public double WeightedDot(double[] v, double[]? w)
        {
            double s = 0;
            if (_dense is not null)
            {
                if (w is null) for (int i = 0; i < _n; i++) s += _dense[i] * v[i];
                else for (int i = 0; i < _n; i++) s += w[i] * _dense[i] * v[i];
            }
            else if (w is null) foreach (int i in _ones!) s += v[i];
            else foreach (int i in _ones!) s += w[i] * v[i];
            return s;
        }

        public void AddScaled(double[] target, double scale)
        {
            if (_dense is not null) for (int i = 0; i < _n; i++) target[i] += scale * _dense[i];
            else foreach (int i in _ones!) target[i] += scale;
        }

        /// <summary>Σ_{i∈g} v_i x_i for every cluster g.</summary>
        public double[] ClusterDot(double[] v, int[] cluster, int clusters)
        {
            var r = new double[clusters];
            if (_dense is not null) for (int i = 0; i < _n; i++) r[cluster[i]] += v[i] * _dense[i];
            else foreach (int i in _ones!) r[cluster[i]] += v[i];
            return r;
        }

        public double CenteredSumOfSquares(double[]? w)
        {
            if (_dense is null)
            {
                double total = w?.Sum() ?? _n, ones = w is null ? _ones!.Length : _ones!.Sum(i => w[i]);
                return ones - ones * ones / total; // Σw(x − x̄)² for a 0/1 column
            }
            double sw = 0, swv = 0;
            for (int i = 0; i < _n; i++) { double wi = w?[i] ?? 1.0; sw += wi; swv += wi * _dense[i]; }
            double mean = swv / sw, ss = 0;
            for (int i = 0; i < _n; i++) { double wi = w?[i] ?? 1.0; ss += wi * (_dense[i] - mean) * (_dense[i] - mean); }
            return ss;
        }
    }

    /// <summary>Dense recoding of units and periods for a subset of rows.</summary>
    private sealed class Design
    {
        public required int[] Rows { get; init; }
        public required int[] UnitCode { get; init; }
        public required int[] TimeCode { get; init; }
        public required int[] UnitOf { get; init; }
        public required int[] TimeOf { get; init; }
        public int N => Rows.Length;
        public int UnitCount => UnitOf.Length;
        public int TimeCount => TimeOf.Length;

        public double[] Gather(IReadOnlyList<double> column)
        {
            var r = new double[Rows.Length];
            for (int i = 0; i < r.Length; i++) r[i] = column[Rows[i]];
            return r;
        }

        public Column[] Columns(IReadOnlyList<Regressor> regressors)
        {
            int[]? designRow = null;
            return [.. regressors.Select(r =>
            {
                if (r.Values is not IndicatorColumn indicator) return new Column(Gather(r.Values));
                if (designRow is null)
                {
                    designRow = Enumerable.Repeat(-1, indicator.Count).ToArray();
                    for (int i = 0; i < Rows.Length; i++) designRow[Rows[i]] = i;
                }
                return new Column(N, [.. indicator.Ones.Select(i => designRow[i]).Where(i => i >= 0)]);
            })];
        }

        public TwoWayDemeaner Demeaner(double[]? weight) => new(UnitCode, UnitCount, TimeCode, TimeCount, weight);

        public static Design Build(RegressionInput input, int[] rows)
        {
            var (unitCode, unitOf) = Recode(input.Unit, rows);
            var (timeCode, timeOf) = Recode(input.Time, rows);
            if (unitOf.Length < 2) throw new EstimationException(Messages.FewerThanTwoClusters(unitOf.Length));
            return new Design { Rows = rows, UnitCode = unitCode, TimeCode = timeCode, UnitOf = unitOf, TimeOf = timeOf };
        }

        private static (int[] Code, int[] Of) Recode(IReadOnlyList<int> labels, int[] rows)
        {
            var of = rows.Select(i => labels[i]).Distinct().Order().ToArray();
            var index = new Dictionary<int, int>(of.Length);
            for (int k = 0; k < of.Length; k++) index[of[k]] = k;
            return (rows.Select(i => index[labels[i]]).ToArray(), of);
        }
    }
}
