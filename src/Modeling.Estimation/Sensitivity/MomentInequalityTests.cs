using MathNet.Numerics.LinearAlgebra;
using Modeling.Estimation.Numerics;

namespace Modeling.Estimation.Sensitivity;

/// <summary>
/// The conditional least-favourable hybrid tests of Andrews, Roth &amp; Pakes (2023) for moment inequalities
/// E[Y] ≤ 0 with Y ~ N(μ, Σ) (no nuisance parameters) and E[Y − Xδ] ≤ 0 for some δ (nuisance parameters), as HonestDiD
/// 0.2.8 implements them (arp-nonuisance.R, arp-nuisance.R): a first stage rejects when the max statistic exceeds the
/// least-favourable critical value at size κ; otherwise the statistic is compared with a truncated-normal critical value
/// at size (α − κ)/(1 − κ), conditional on which moments bind.
/// </summary>
internal static class MomentInequalityTests
{
    private const double BindingTolerance = 1e-6;

    /// <summary>Standard-normal draws arranged as R's <c>matrix(rnorm(n·k), nrow = n, byrow = TRUE)</c>.</summary>
    internal static double[,] Draws(Func<double> normal, int n, int k)
    {
        var z = new double[n, k];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) z[i, j] = normal();
        return z;
    }

    /// <summary>Rows of Z·Σ^{1/2} with the symmetric square root, as mvtnorm's rmvnorm (method "eigen") draws them.</summary>
    internal static Matrix<double> MultivariateNormal(double[,] z, Matrix<double> sigma)
    {
        var evd = sigma.Evd(Symmetricity.Symmetric);
        var root = evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalArray(
            [.. evd.EigenValues.Select(v => Math.Sqrt(Math.Max(v.Real, 0)))]) * evd.EigenVectors.Transpose();
        return Matrix<double>.Build.DenseOfArray(z) * root;
    }

    /// <summary>R's default (type 7) sample quantile, ignoring NaN.</summary>
    internal static double Quantile(IEnumerable<double> values, double p)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>The 1 − κ quantile of max_j ξ_j/σ_j, ξ ~ N(0, Σ): the least-favourable critical value without nuisance parameters.</summary>
    internal static double LeastFavorableCriticalValue(Matrix<double> sigma, double kappa, double[,] draws)
    {
        var xi = MultivariateNormal(draws, sigma);
        var sd = sigma.Diagonal().Map(Math.Sqrt);
        var maxima = new double[xi.RowCount];
        for (int i = 0; i < xi.RowCount; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < xi.ColumnCount; j++) max = Math.Max(max, xi[i, j] / sd[j]);
            maxima[i] = max;
        }
        return Quantile(maxima, 1 - kappa);
    }

    /// <summary>The 1 − κ quantile of η(ξ) = min{η : σ_j η + X_j δ ≥ ξ_j ∀j}, ξ ~ N(0, Σ): the least-favourable critical value with nuisance parameters.</summary>
    internal static double LeastFavorableCriticalValue(Matrix<double> x, Matrix<double> sigma, double kappa, double[,] draws)
    {
        var xi = MultivariateNormal(draws, sigma);
        var wt = Constraints(x, sigma);
        var etas = new double[xi.RowCount];
        var row = new double[xi.ColumnCount];
        for (int i = 0; i < xi.RowCount; i++)
        {
            for (int j = 0; j < row.Length; j++) row[j] = xi[i, j];
            var lp = Eta(row, wt);
            etas[i] = lp.Status == LinearProgramStatus.Optimal ? lp.Value : double.NaN;
        }
        return Quantile(etas, 1 - kappa);
    }

    /// <summary>
    /// The LF-hybrid test of E[y] − d ≤ 0 without nuisance parameters (HonestDiD's <c>.testInIdentifiedSet_LF_Hybrid</c>);
    /// <paramref name="y"/> is the estimate, <paramref name="a"/> and <paramref name="d"/> the restriction.
    /// </summary>
    internal static bool RejectsWithoutNuisance(Vector<double> y, Matrix<double> sigma, Matrix<double> a, Vector<double> d,
        double alpha, double kappa, double lfCriticalValue)
    {
        var sdMoments = (a * sigma * a.Transpose()).Diagonal().Map(Math.Sqrt);
        var aTilde = Matrix<double>.Build.Dense(a.RowCount, a.ColumnCount, (i, j) => a[i, j] / sdMoments[i]);
        var dTilde = Vector<double>.Build.Dense(d.Count, i => d[i] / sdMoments[i]);
        var moments = aTilde * y - dTilde;
        int top = moments.MaximumIndex();
        double maxMoment = moments[top];
        if (maxMoment > lfCriticalValue) return true;

        var gamma = aTilde.Row(top);
        double gsg = gamma * sigma * gamma;
        var c = sigma * gamma / gsg;
        var z = y - c * (gamma * y);
        double vlo = double.NegativeInfinity, vup = double.PositiveInfinity;
        for (int i = 0; i < aTilde.RowCount; i++)
        {
            var abar = aTilde.Row(i) - gamma;
            double ac = abar * c;
            double objective = (dTilde[i] - dTilde[top] - abar * z) / ac;
            if (ac < 0) vlo = Math.Max(vlo, objective);
            else if (ac > 0) vup = Math.Min(vup, objective);
        }
        double alphaTilde = (alpha - kappa) / (1 - kappa);
        double mu = dTilde[top], sd = Math.Sqrt(gsg);
        double critical = Math.Max(0, mu + sd * TruncatedStandardNormal.Quantile(1 - alphaTilde, (vlo - mu) / sd, (vup - mu) / sd));
        return maxMoment + dTilde[top] > critical;
    }

    /// <summary>
    /// The LF-hybrid test of E[y − Xδ] ≤ 0 for some δ (HonestDiD's <c>.lp_conditional_test_fn</c> with hybrid "LF"): the
    /// primal route when exactly dim δ + 1 moments bind with full rank, the dual (bisection) route otherwise.
    /// </summary>
    internal static bool RejectsWithNuisance(double[] y, Matrix<double> x, Matrix<double> sigma, double[,] wt,
        double alpha, double kappa, double lfCriticalValue)
    {
        int m = y.Length, k = x.ColumnCount;
        var lp = Eta(y, wt);
        if (lp.Status != LinearProgramStatus.Optimal) return false; // HonestDiD: "LP for eta did not converge properly. Not rejecting"
        double eta = lp.Value;
        if (eta > lfCriticalValue) return true;
        double modSize = (alpha - kappa) / (1 - kappa);
        var lambda = lp.Solution;
        var yv = Vector<double>.Build.DenseOfArray(y);

        var binding = Enumerable.Range(0, m).Where(i => lambda[i] > BindingTolerance).ToArray();
        bool degenerate = binding.Length != k + 1;
        bool fullRank = false;
        if (binding.Length > 0 && k > 0)
        {
            var xb = Matrix<double>.Build.Dense(binding.Length, k, (i, j) => x[binding[i], j]);
            fullRank = xb.Rank() == Math.Min(binding.Length, k);
        }

        double zlo, zup, maxStat;
        if (!fullRank || degenerate)
        {
            var gamma = Vector<double>.Build.DenseOfArray(lambda);
            double variance = gamma * sigma * gamma;
            if (Math.Abs(variance) < 2.220446049250313e-16) // .Machine$double.eps
                return eta > 0;
            var (vlo, vup) = DualTruncation(eta, yv, gamma, sigma, wt);
            double sdB = Math.Sqrt(variance);
            maxStat = eta / sdB;
            zlo = vlo / sdB;
            zup = Math.Min(vup, lfCriticalValue) / sdB;
        }
        else
        {
            var notBinding = Enumerable.Range(0, m).Where(i => lambda[i] <= BindingTolerance).ToArray();
            var sd = sigma.Diagonal().Map(Math.Sqrt);
            var wb = Matrix<double>.Build.Dense(k + 1, k + 1, (i, j) => j == 0 ? sd[binding[i]] : x[binding[i], j - 1]);
            var wbInverse = wb.Inverse();
            // v_B = (e₁' W_B⁻¹ S_B)': the binding rows' weights; Γ_B = W_Bc W_B⁻¹ S_B − S_Bc.
            var vB = Vector<double>.Build.Dense(m);
            for (int i = 0; i < binding.Length; i++) vB[binding[i]] = wbInverse[0, i];
            double variance = vB * sigma * vB;
            double sdB = Math.Sqrt(variance);
            var sigmaV = sigma * vB;
            double vby = vB * yv;
            double vlo = double.NegativeInfinity, vup = double.PositiveInfinity;
            foreach (int r in notBinding)
            {
                // Row r of Γ_B: (w_r W_B⁻¹) on the binding columns, −1 at r.
                var gammaRow = Vector<double>.Build.Dense(m);
                for (int i = 0; i < binding.Length; i++)
                {
                    double s = 0;
                    for (int j = 0; j <= k; j++) s += (j == 0 ? sd[r] : x[r, j - 1]) * wbInverse[j, i];
                    gammaRow[binding[i]] = s;
                }
                gammaRow[r] -= 1;
                double rho = gammaRow * sigmaV / variance;
                double bound = -(gammaRow * yv) / rho + vby;
                if (rho > 0) vlo = Math.Max(vlo, bound);
                else if (rho < 0) vup = Math.Min(vup, bound);
            }
            maxStat = eta / sdB;
            zlo = vlo / sdB;
            zup = Math.Min(vup, lfCriticalValue) / sdB;
        }
        if (!(zlo <= maxStat && maxStat <= zup)) return false;
        double critical = Math.Max(0, TruncatedStandardNormal.Quantile(1 - modSize, zlo, zup));
        return maxStat > critical;
    }

    /// <summary>W' = [σ, X]': the equality constraints of the dual of the η program (one row per column of W).</summary>
    internal static double[,] Constraints(Matrix<double> x, Matrix<double> sigma)
    {
        int m = x.RowCount, k = x.ColumnCount;
        var w = new double[k + 1, m];
        for (int j = 0; j < m; j++)
        {
            w[0, j] = Math.Sqrt(sigma[j, j]);
            for (int c = 0; c < k; c++) w[c + 1, j] = x[j, c];
        }
        return w;
    }

    /// <summary>η = min{η : σ_j η + X_j δ ≥ y_j} solved through its dual max{y'λ : W'λ = e₁, λ ≥ 0}; the solution is λ.</summary>
    private static LinearProgramSolution Eta(double[] y, double[,] wt) =>
        StandardFormSimplex.Maximize(y, wt, UnitFirst(wt.GetLength(0)));

    private static double[] UnitFirst(int n)
    {
        var e = new double[n];
        e[0] = 1;
        return e;
    }

    /// <summary>
    /// Truncation points of the conditional test in the dual route (ARP 2023, appendix algorithm 1; HonestDiD's
    /// <c>.vlo_vup_dual_fn</c>): the values c at which max{(s + b c)'λ : W'λ = e₁, λ ≥ 0} = c, found by the
    /// fixed-point shortcut and then by bisection to 1e-6.
    /// </summary>
    private static (double Vlo, double Vup) DualTruncation(double eta, Vector<double> y, Vector<double> gamma, Matrix<double> sigma, double[,] wt)
    {
        const double tolC = 1e-6, tolEquality = 1e-6;
        const int maxIterations = 10000, switchIterations = 10;
        double variance = gamma * sigma * gamma;
        var b = sigma * gamma / variance;
        var s = y - b * (gamma * y);
        double sdB = Math.Sqrt(variance);
        double lowInitial = Math.Min(-100, eta - 20 * sdB), highInitial = Math.Max(100, eta + 20 * sdB);
        var e1 = UnitFirst(wt.GetLength(0));

        LinearProgramSolution Program(double c) =>
            StandardFormSimplex.Maximize([.. (s + b * c)], wt, e1);
        bool IsSolution(LinearProgramSolution lp, double c) =>
            lp.Status == LinearProgramStatus.Optimal && Math.Abs(c - lp.Value) <= tolEquality;
        double Shortcut(LinearProgramSolution lp)
        {
            double xs = 0, xb = 0;
            for (int i = 0; i < lp.Solution.Length; i++) { xs += lp.Solution[i] * s[i]; xb += lp.Solution[i] * b[i]; }
            if (Math.Abs(xs) < 1.8189894035458565e-12) xs = 0; // HonestDiD's .roundeps: below eps^(3/4)
            return xs / (1 - xb);
        }

        if (!IsSolution(Program(eta), eta)) return (eta, double.PositiveInfinity);

        double Search(double start, bool upward)
        {
            var lp = Program(start);
            if (IsSolution(lp, start)) return upward ? double.PositiveInfinity : double.NegativeInfinity;
            if (lp.Status != LinearProgramStatus.Optimal) return start;
            double dif = 0, mid = Shortcut(lp);
            int iterations = 1;
            while (true)
            {
                lp = Program(mid);
                if (IsSolution(lp, mid) || iterations >= maxIterations) break;
                iterations++;
                if (iterations >= switchIterations || lp.Status != LinearProgramStatus.Optimal) { dif = tolC + 1; break; }
                mid = Shortcut(lp);
            }
            // Bisection between eta (a solution) and mid (not one).
            double solution = eta, other = mid;
            while (dif > tolC && iterations < maxIterations)
            {
                iterations++;
                mid = (solution + other) / 2;
                if (IsSolution(Program(mid), mid)) solution = mid; else other = mid;
                dif = Math.Abs(other - solution);
            }
            return mid;
        }

        return (Search(lowInitial, upward: false), Search(highInitial, upward: true));
    }
}
