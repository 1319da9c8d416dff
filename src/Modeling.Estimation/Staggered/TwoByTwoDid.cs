using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace Modeling.Estimation.Staggered;

/// <summary>
/// The 2×2 panel DiD estimators of one ATT(g,t) cell with their influence functions, following the formulas of
/// R DRDID (Sant'Anna &amp; Zhao 2020): reg_did_panel (OR), std_ipw_did_panel (normalised IPW) and drdid_panel
/// (traditional locally efficient DR, with did's propensity trimming at 0.995 for controls).
/// </summary>
/// <remarks>
/// Inputs are the m units of the cell: ΔY, treatment indicator D, design X (m×k row-major, first column the
/// intercept) and weights. The returned influence function ψ has mean ≈ 0 and Var(ATT) ≈ Σψ²/m².
/// </remarks>
internal static class TwoByTwoDid
{
    private const double PropensityCap = 1 - 1e-6;
    private const double TrimLevel = 0.995;
    private const double OverlapLimit = 0.999;

    internal readonly record struct Outcome(double Att, double[]? Influence, string? FailureReason);

    /// <summary>Weights divided by their mean (DRDID normalises within each 2×2; every estimator is scale-invariant).</summary>
    internal static double[] MeanOne(double[] weight)
    {
        double mean = 0;
        foreach (double v in weight) mean += v;
        mean /= weight.Length;
        var w = new double[weight.Length];
        for (int i = 0; i < w.Length; i++) w[i] = weight[i] / mean;
        return w;
    }

    /// <summary>
    /// One cell's ATT and ψ. <paramref name="propensityStart"/> warm-starts the logit (the previous cell of the cohort
    /// usually has the same model) and receives this cell's solution.
    /// </summary>
    public static Outcome Estimate(EstimationMethod method, double[] dy, bool[] d, double[] x, int k, double[] weight, double[] propensityStart)
    {
        var w = MeanOne(weight);
        return method switch
        {
            EstimationMethod.OutcomeRegression => OutcomeRegression(dy, d, x, k, w),
            EstimationMethod.InverseProbabilityWeighting => InverseProbabilityWeighting(dy, d, x, k, w, propensityStart),
            _ => DoublyRobust(dy, d, x, k, w, propensityStart),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Outcome OutcomeRegression(double[] dy, bool[] d, double[] x, int k, double[] w)
    {
        int m = dy.Length;
        if (ControlRegression(dy, d, x, k, w) is not { } reg) return new(double.NaN, null, StaggeredDidMessages.CellSingularRegression);
        var (beta, xpxOverM) = reg;
        var fitted = Fitted(x, k, beta, m);

        double sumWT = 0, sumTreat = 0, sumCont = 0;
        var m1 = new double[k];
        for (int i = 0; i < m; i++)
        {
            if (!d[i]) continue;
            sumWT += w[i];
            sumTreat += w[i] * dy[i];
            sumCont += w[i] * fitted[i];
            for (int j = 0; j < k; j++) m1[j] += w[i] * x[i * k + j];
        }
        double meanWT = sumWT / m;
        double etaTreat = sumTreat / sumWT, etaCont = sumCont / sumWT;
        for (int j = 0; j < k; j++) m1[j] /= m;
        var a = Solve(xpxOverM, m1);

        var psi = new double[m];
        for (int i = 0; i < m; i++)
        {
            double infTreat = 0, infCont1 = 0, infCont2 = 0;
            if (d[i])
            {
                infTreat = w[i] * (dy[i] - etaTreat) / meanWT;
                infCont1 = w[i] * (fitted[i] - etaCont);
            }
            else
            {
                infCont2 = w[i] * (dy[i] - fitted[i]) * Dot(x, i, k, a);
            }
            psi[i] = infTreat - (infCont1 + infCont2) / meanWT;
        }
        return new(etaTreat - etaCont, psi, null);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Outcome InverseProbabilityWeighting(double[] dy, bool[] d, double[] x, int k, double[] w, double[] start)
    {
        int m = dy.Length;
        var ps = Propensity(d, x, k, w, start, out var failure);
        if (ps is null) return new(double.NaN, null, failure);
        var (p, hessianOverM) = ps.Value;

        var wTreat = new double[m];
        var wCont = new double[m];
        double sumWT = 0, sumWC = 0, sumT = 0, sumC = 0;
        for (int i = 0; i < m; i++)
        {
            if (d[i]) { wTreat[i] = w[i]; sumWT += w[i]; sumT += w[i] * dy[i]; }
            else if (p[i] < TrimLevel) { wCont[i] = w[i] * p[i] / (1 - p[i]); sumWC += wCont[i]; sumC += wCont[i] * dy[i]; }
        }
        double etaTreat = sumT / sumWT, etaCont = sumC / sumWC;
        double meanWT = sumWT / m, meanWC = sumWC / m;
        var m2 = new double[k];
        for (int i = 0; i < m; i++)
            if (wCont[i] != 0)
                for (int j = 0; j < k; j++) m2[j] += wCont[i] * (dy[i] - etaCont) * x[i * k + j];
        for (int j = 0; j < k; j++) m2[j] /= m;
        var b = Solve(hessianOverM, m2);

        var psi = new double[m];
        for (int i = 0; i < m; i++)
        {
            double infTreat = wTreat[i] * (dy[i] - etaTreat) / meanWT;
            double infCont1 = wCont[i] * (dy[i] - etaCont);
            double infCont2 = w[i] * ((d[i] ? 1 : 0) - p[i]) * Dot(x, i, k, b);
            psi[i] = infTreat - (infCont1 + infCont2) / meanWC;
        }
        return new(etaTreat - etaCont, psi, null);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Outcome DoublyRobust(double[] dy, bool[] d, double[] x, int k, double[] w, double[] start)
    {
        int m = dy.Length;
        var ps = Propensity(d, x, k, w, start, out var failure);
        if (ps is null) return new(double.NaN, null, failure);
        var (p, hessianOverM) = ps.Value;
        if (ControlRegression(dy, d, x, k, w) is not { } reg) return new(double.NaN, null, StaggeredDidMessages.CellSingularRegression);
        var (beta, xpxOverM) = reg;
        var fitted = Fitted(x, k, beta, m);

        var wTreat = new double[m];
        var wCont = new double[m];
        double sumWT = 0, sumWC = 0, sumT = 0, sumC = 0;
        for (int i = 0; i < m; i++)
        {
            double r = dy[i] - fitted[i];
            if (d[i]) { wTreat[i] = w[i]; sumWT += w[i]; sumT += w[i] * r; }
            else if (p[i] < TrimLevel) { wCont[i] = w[i] * p[i] / (1 - p[i]); sumWC += wCont[i]; sumC += wCont[i] * r; }
        }
        double etaTreat = sumT / sumWT, etaCont = sumC / sumWC;
        double meanWT = sumWT / m, meanWC = sumWC / m;

        var m1 = new double[k];
        var m2 = new double[k];
        var m3 = new double[k];
        for (int i = 0; i < m; i++)
        {
            double r = dy[i] - fitted[i];
            for (int j = 0; j < k; j++)
            {
                double xij = x[i * k + j];
                m1[j] += wTreat[i] * xij;
                m2[j] += wCont[i] * (r - etaCont) * xij;
                m3[j] += wCont[i] * xij;
            }
        }
        for (int j = 0; j < k; j++) { m1[j] /= m; m2[j] /= m; m3[j] /= m; }
        var a1 = Solve(xpxOverM, m1);
        var b2 = Solve(hessianOverM, m2);
        var a3 = Solve(xpxOverM, m3);

        var psi = new double[m];
        for (int i = 0; i < m; i++)
        {
            double r = dy[i] - fitted[i];
            double olsScale = d[i] ? 0 : w[i] * r;  // asy. linear rep. of the control OLS: w(1−D)(ΔY−Xβ) x'(X'WX/m)⁻¹
            double infTreat1 = wTreat[i] * (r - etaTreat);
            double infTreat2 = olsScale == 0 ? 0 : olsScale * Dot(x, i, k, a1);
            double infCont1 = wCont[i] * (r - etaCont);
            double infCont2 = w[i] * ((d[i] ? 1 : 0) - p[i]) * Dot(x, i, k, b2);
            double infCont3 = olsScale == 0 ? 0 : olsScale * Dot(x, i, k, a3);
            psi[i] = (infTreat1 - infTreat2) / meanWT - (infCont1 + infCont2 - infCont3) / meanWC;
        }
        return new(etaTreat - etaCont, psi, null);
    }

    /// <summary>Weighted OLS of ΔY on X among controls; returns β and X'WX/m over the controls (m = all cell units).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double[] Beta, SpdSystem XpxOverM)? ControlRegression(double[] dy, bool[] d, double[] x, int k, double[] w)
    {
        int m = dy.Length;
        var xpx = new double[k * k];
        var xpy = new double[k];
        for (int i = 0; i < m; i++)
        {
            if (d[i]) continue;
            for (int a = 0; a < k; a++)
            {
                double wa = w[i] * x[i * k + a];
                xpy[a] += wa * dy[i];
                for (int b = 0; b <= a; b++) xpx[b * k + a] += wa * x[i * k + b];
            }
        }
        if (SpdSystem.Factor(xpx, k, 1.0 / m) is not { } system) return null;
        return (system.SolveUnscaled(xpy), system);
    }

    /// <summary>Weighted logit of D on X by Newton–Raphson (IRLS); fitted scores capped at 1−1e−6 as DRDID does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (double[] P, SpdSystem HessianOverM)? Propensity(bool[] d, double[] x, int k, double[] w, double[] start, out string? failure)
    {
        int m = d.Length;
        var beta = new double[k];
        var p = new double[m];
        if (start.All(double.IsFinite) && start.Any(b => b != 0)) start.CopyTo(beta, 0);
        else
        {
            // Start at the intercept-only solution logit(weighted share treated): exact without covariates.
            double sw = 0, swd = 0;
            for (int i = 0; i < m; i++) { sw += w[i]; if (d[i]) swd += w[i]; }
            beta[0] = Math.Log(swd / (sw - swd));
        }
        var info = new double[k * k];
        var score = new double[k];
        var previous = new double[k];
        double logLikelihood = double.NegativeInfinity;
        for (int iter = 0; iter < 100; iter++)
        {
            // Damped Newton: a full step that lowers the log-likelihood is halved until it does not (from a poor start
            // a full logit Newton step can overshoot and diverge, e.g. a rare binary covariate; the optimum is unchanged).
            double current = LogitPass(d, x, k, w, beta, p, score, info);
            for (int halving = 0; halving < 40 && !(current >= logLikelihood - 1e-10 * Math.Abs(logLikelihood)) && iter > 0; halving++)
            {
                for (int a = 0; a < k; a++) beta[a] = 0.5 * (beta[a] + previous[a]);
                current = LogitPass(d, x, k, w, beta, p, score, info);
            }
            logLikelihood = current;
            if (SpdSystem.Factor(info, k, 1) is not { } newton) { failure = StaggeredDidMessages.CellSingularPropensity; return null; }
            var step = newton.Solve(score);
            double change = 0;
            beta.CopyTo(previous, 0);
            for (int a = 0; a < k; a++) { beta[a] += step[a]; change = Math.Max(change, Math.Abs(step[a]) / (1 + Math.Abs(beta[a]))); }
            if (change < 1e-12) break;
        }

        double maxP = 0;
        Array.Clear(info);
        for (int i = 0; i < m; i++)
        {
            double pi = 1 / (1 + Math.Exp(-Dot(x, i, k, beta)));
            maxP = Math.Max(maxP, pi);
            pi = Math.Min(pi, PropensityCap);
            p[i] = pi;
            double wi = w[i] * pi * (1 - pi);
            for (int a = 0; a < k; a++)
                for (int b = 0; b <= a; b++) info[b * k + a] += wi * x[i * k + a] * x[i * k + b];
        }
        // did skips a cell whose (preliminary) propensity score reaches 0.999: overlap fails there.
        if (maxP >= OverlapLimit) { failure = StaggeredDidMessages.CellNoOverlap; return null; }
        if (SpdSystem.Factor(info, k, 1.0 / m) is not { } hessian) { failure = StaggeredDidMessages.CellSingularPropensity; return null; }
        failure = null;
        beta.CopyTo(start, 0);
        return (p, hessian);
    }

    /// <summary>At <paramref name="beta"/>: the fitted scores into <paramref name="p"/>, the score vector and the lower
    /// triangle of the information matrix; returns the weighted log-likelihood.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double LogitPass(bool[] d, double[] x, int k, double[] w, double[] beta, double[] p, double[] score, double[] info)
    {
        Array.Clear(info);
        Array.Clear(score);
        double logLikelihood = 0;
        for (int i = 0; i < d.Length; i++)
        {
            double eta = Dot(x, i, k, beta);
            double pi = 1 / (1 + Math.Exp(-eta));
            p[i] = pi;
            // log(pi) = −log(1 + e^−η), log(1 − pi) = −log(1 + e^η), computed without overflow.
            logLikelihood -= w[i] * (d[i] ? Softplus(-eta) : Softplus(eta));
            double wi = w[i] * pi * (1 - pi);
            double resid = w[i] * ((d[i] ? 1 : 0) - pi);
            for (int a = 0; a < k; a++)
            {
                double xa = x[i * k + a];
                score[a] += resid * xa;
                for (int b = 0; b <= a; b++) info[b * k + a] += wi * xa * x[i * k + b];
            }
        }
        return logLikelihood;
    }

    private static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    private static double[] Fitted(double[] x, int k, double[] beta, int m)
    {
        var f = new double[m];
        for (int i = 0; i < m; i++) f[i] = Dot(x, i, k, beta);
        return f;
    }

    private static double[] Solve(SpdSystem a, double[] b) => a.Solve(b);

    private static double Dot(double[] x, int row, int k, double[] v)
    {
        double s = 0;
        int o = row * k;
        for (int j = 0; j < k; j++) s += x[o + j] * v[j];
        return s;
    }

    private static double Dot(double[] x, int row, int k, Vector<double> v)
    {
        double s = 0;
        int o = row * k;
        for (int j = 0; j < k; j++) s += x[o + j] * v[j];
        return s;
    }
}

/// <summary>
/// A small symmetric positive definite matrix scale·A, with A factored once by MathNet's Cholesky.
/// Singular when the factorisation fails or the squared pivots span more than 1/eps (a cheap stand-in for R's rcond check).
/// </summary>
internal sealed class SpdSystem
{
    private readonly MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> _cholesky;
    private readonly double _scale;

    private SpdSystem(MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> cholesky, double scale)
    {
        _cholesky = cholesky;
        _scale = scale;
    }

    /// <summary>Factors scale·A where <paramref name="lowerColumnMajor"/> (k×k, column-major) holds A's lower triangle.</summary>
    public static SpdSystem? Factor(double[] lowerColumnMajor, int k, double scale)
    {
        var a = lowerColumnMajor;
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++) a[j * k + i] = a[i * k + j];   // mirror: (i, j) ← (j, i)
        for (int i = 0; i < k; i++)
            if (!(a[i * k + i] > 0) || !double.IsFinite(a[i * k + i])) return null;
        MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> chol;
        try { chol = Matrix<double>.Build.Dense(k, k, (double[])a.Clone()).Cholesky(); }
        catch (ArgumentException) { return null; }
        double min = double.MaxValue, max = 0;
        for (int i = 0; i < k; i++)
        {
            double p = chol.Factor[i, i] * chol.Factor[i, i];
            min = Math.Min(min, p);
            max = Math.Max(max, p);
        }
        if (!(min / max > 2.220446049250313e-16)) return null;
        return new SpdSystem(chol, scale);
    }

    /// <summary>Solves (scale·A) z = b.</summary>
    public double[] Solve(double[] b)
    {
        var z = SolveUnscaled(b);
        for (int i = 0; i < z.Length; i++) z[i] /= _scale;
        return z;
    }

    /// <summary>Solves A z = b.</summary>
    public double[] SolveUnscaled(double[] b) => _cholesky.Solve(Vector<double>.Build.Dense(b)).ToArray();
}
