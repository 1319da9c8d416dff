namespace Modeling.Estimation.Numerics;

/// <summary>Outcome of <see cref="StandardFormSimplex.Maximize"/>.</summary>
public enum LinearProgramStatus { Optimal, Infeasible, Unbounded }

/// <summary>
/// A solved linear program in standard form: the optimal value, a basic optimal solution x and the dual multipliers y of
/// the equality rows (y'A ≥ c, y'b = c'x at the optimum).
/// </summary>
public sealed record LinearProgramSolution(LinearProgramStatus Status, double Value, double[] Solution, double[] Duals);

/// <summary>
/// maximize c'x subject to A x = b, x ≥ 0, by the two-phase tableau simplex method with Bland's rule (which cannot cycle).
/// </summary>
/// <remarks>
/// Written by hand for the linear programs of the Andrews–Roth–Pakes moment-inequality tests behind the Rambachan–Roth
/// robust intervals: a few dozen constraints, solved a million times per sensitivity analysis. The well-kept alternative
/// (Google OR-Tools' GLOP) adds over 300 MB of native libraries for four platforms to every build output and a P/Invoke
/// round-trip per solve; a dense tableau solves these in microseconds. Checked against hand-solved programs and, end to
/// end, against HonestDiD 0.2.8 (which uses lpSolve and GLPK).
/// </remarks>
public static class StandardFormSimplex
{
    private const double Tolerance = 1e-11;

    public static LinearProgramSolution Maximize(double[] c, double[,] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int m = a.GetLength(0), n = a.GetLength(1);
        if (c.Length != n) throw new ArgumentException($"The 'c' parameter of Maximize must have one entry per column of 'a' ({n}). Got {c.Length} instead.", nameof(c));
        if (b.Length != m) throw new ArgumentException($"The 'b' parameter of Maximize must have one entry per row of 'a' ({m}). Got {b.Length} instead.", nameof(b));

        // Tableau columns: n structural, m artificial, then the right-hand side. Rows with b < 0 are negated so that the
        // artificial basis is feasible; the sign is remembered to report the duals of the rows as given.
        int width = n + m + 1, rhs = n + m;
        var t = new double[m + 1, width];
        var sign = new double[m];
        var basis = new int[m];
        for (int i = 0; i < m; i++)
        {
            sign[i] = b[i] < 0 ? -1 : 1;
            for (int j = 0; j < n; j++) t[i, j] = sign[i] * a[i, j];
            t[i, n + i] = 1;
            t[i, rhs] = sign[i] * b[i];
            basis[i] = n + i;
        }

        // Phase 1: maximise −Σ artificials. Objective row holds z_j − c_j.
        for (int j = 0; j < width; j++)
        {
            double sum = 0;
            for (int i = 0; i < m; i++) sum += t[i, j];
            t[m, j] = j >= n && j < rhs ? 0 : -sum;
        }
        if (!Iterate(t, basis, m, n + m)) throw new InvalidOperationException("Phase 1 of the simplex method cannot be unbounded.");
        double scale = 1;
        for (int i = 0; i < m; i++) scale = Math.Max(scale, Math.Abs(t[i, rhs]));
        if (-t[m, rhs] > 1e-9 * scale) return new LinearProgramSolution(LinearProgramStatus.Infeasible, double.NaN, [], []);

        // Drive artificials out of the basis where a structural column can replace them; a row where none can is redundant.
        for (int i = 0; i < m; i++)
        {
            if (basis[i] < n) continue;
            for (int j = 0; j < n; j++)
                if (Math.Abs(t[i, j]) > 1e-9) { Pivot(t, basis, i, j, m); break; }
        }

        // Phase 2: objective row for c; artificial columns stay in the tableau (never entering) to read off the duals.
        for (int j = 0; j < width; j++)
        {
            double z = 0;
            for (int i = 0; i < m; i++)
            {
                double cb = basis[i] < n ? c[basis[i]] : 0;
                z += cb * t[i, j];
            }
            t[m, j] = z - (j < n ? c[j] : 0);
        }
        if (!Iterate(t, basis, m, n)) return new LinearProgramSolution(LinearProgramStatus.Unbounded, double.PositiveInfinity, [], []);

        var x = new double[n];
        for (int i = 0; i < m; i++) if (basis[i] < n) x[basis[i]] = t[i, rhs];
        var y = new double[m];
        for (int i = 0; i < m; i++) y[i] = sign[i] * t[m, n + i];
        double value = 0;
        for (int j = 0; j < n; j++) value += c[j] * x[j];
        return new LinearProgramSolution(LinearProgramStatus.Optimal, value, x, y);
    }

    /// <summary>Simplex iterations over entering columns 0..<paramref name="columns"/>−1; false when unbounded.</summary>
    private static bool Iterate(double[,] t, int[] basis, int m, int columns)
    {
        int rhs = t.GetLength(1) - 1;
        for (int iteration = 0; iteration < 100_000; iteration++)
        {
            int enter = -1;
            for (int j = 0; j < columns; j++)
                if (t[m, j] < -Tolerance) { enter = j; break; } // Bland: the first improving column
            if (enter < 0) return true;
            int leave = -1;
            double best = double.PositiveInfinity;
            for (int i = 0; i < m; i++)
            {
                if (t[i, enter] <= Tolerance) continue;
                double ratio = t[i, rhs] / t[i, enter];
                if (ratio < best - 1e-14 || (Math.Abs(ratio - best) <= 1e-14 && basis[i] < basis[leave]))
                {
                    best = ratio;
                    leave = i;
                }
            }
            if (leave < 0) return false;
            Pivot(t, basis, leave, enter, m);
        }
        throw new InvalidOperationException("The simplex method did not finish in 100,000 pivots.");
    }

    private static void Pivot(double[,] t, int[] basis, int row, int column, int m)
    {
        int width = t.GetLength(1);
        double p = t[row, column];
        for (int j = 0; j < width; j++) t[row, j] /= p;
        t[row, column] = 1;
        for (int i = 0; i <= m; i++)
        {
            if (i == row) continue;
            double f = t[i, column];
            if (f == 0) continue;
            for (int j = 0; j < width; j++) t[i, j] -= f * t[row, j];
            t[i, column] = 0;
        }
        basis[row] = column;
    }
}
