using System.Runtime.CompilerServices;

namespace Modeling.Estimation.Staggered;

/// <summary>
/// The 2×2 repeated-cross-section DiD estimators of one ATT(g,t) cell with their influence functions, following R
/// DRDID (Sant'Anna &amp; Zhao 2020): reg_did_rc (OR), std_ipw_did_rc (normalised IPW) and drdid_rc (the locally
/// efficient DR one, which R did uses). did runs them on an unbalanced panel when told to keep it
/// (allow_unbalanced_panel): every observation of the cell's two periods is one draw, with its own covariates.
/// </summary>
/// <remarks>
/// Inputs are the m observations of the cell: outcome Y, post-period indicator, treatment indicator D, design X (m×k
/// row-major, first column the intercept) and weights. ψ is per observation; the caller sums it by unit.
/// </remarks>
internal static class TwoByTwoRepeatedCrossSection
{
    private const double TrimLevel = 0.995;

    public static TwoByTwoDid.Outcome Estimate(EstimationMethod method, double[] y, bool[] post, bool[] d, double[] x, int k, double[] weight, double[] propensityStart)
    {
        var cell = new Cell(y, post, d, x, k, TwoByTwoDid.MeanOne(weight));
        return method switch
        {
            EstimationMethod.OutcomeRegression => OutcomeRegression(cell),
            EstimationMethod.InverseProbabilityWeighting => InverseProbabilityWeighting(cell, propensityStart),
            _ => DoublyRobust(cell, propensityStart),
        };
    }

    /// <summary>reg_did_rc: treated pre/post means against the control OLS fits of each period.</summary>
    private static TwoByTwoDid.Outcome OutcomeRegression(Cell c)
    {
        var pre = c.Regression(treated: false, post: false);
        var postFit = c.Regression(treated: false, post: true);
        if (pre is null || postFit is null) return Singular;
        int m = c.M;
        var wTreatPre = c.Weights(i => c.D[i] && !c.Post[i] ? 1 : 0);
        var wTreatPost = c.Weights(i => c.D[i] && c.Post[i] ? 1 : 0);
        var wCont = c.Weights(i => c.D[i] ? 1 : 0);
        var change = new double[m];
        for (int i = 0; i < m; i++) change[i] = postFit.Fitted[i] - pre.Fitted[i];
        double etaTreatPre = Ratio(wTreatPre, c.Y), etaTreatPost = Ratio(wTreatPost, c.Y), etaCont = Ratio(wCont, change);

        var m1 = c.ColumnMeans(wCont);
        var alongPost = postFit.Along(m1);
        var alongPre = pre.Along(m1);
        double meanTreatPre = Mean(wTreatPre), meanTreatPost = Mean(wTreatPost), meanCont = Mean(wCont);
        var psi = new double[m];
        for (int i = 0; i < m; i++)
        {
            double infTreat = wTreatPost[i] * (c.Y[i] - etaTreatPost) / meanTreatPost - wTreatPre[i] * (c.Y[i] - etaTreatPre) / meanTreatPre;
            double infControl = (wCont[i] * (change[i] - etaCont) + alongPost[i] - alongPre[i]) / meanCont;
            psi[i] = infTreat - infControl;
        }
        return new((etaTreatPost - etaTreatPre) - etaCont, psi, null);
    }

    /// <summary>std_ipw_did_rc: Hajek-weighted pre/post means of treated and propensity-reweighted controls.</summary>
    private static TwoByTwoDid.Outcome InverseProbabilityWeighting(Cell c, double[] start)
    {
        if (c.Propensity(start, out var failure) is not { } ps) return new(double.NaN, null, failure);
        var (p, hessian) = ps;
        int m = c.M;
        var wTreatPre = c.Weights(i => c.D[i] && !c.Post[i] ? 1 : 0);
        var wTreatPost = c.Weights(i => c.D[i] && c.Post[i] ? 1 : 0);
        var wContPre = c.Weights(i => !c.D[i] && !c.Post[i] && p[i] < TrimLevel ? p[i] / (1 - p[i]) : 0);
        var wContPost = c.Weights(i => !c.D[i] && c.Post[i] && p[i] < TrimLevel ? p[i] / (1 - p[i]) : 0);
        double treatPre = Ratio(wTreatPre, c.Y), treatPost = Ratio(wTreatPost, c.Y);
        double contPre = Ratio(wContPre, c.Y), contPost = Ratio(wContPost, c.Y);
        double meanTreatPre = Mean(wTreatPre), meanTreatPost = Mean(wTreatPost), meanContPre = Mean(wContPre), meanContPost = Mean(wContPost);

        var m2 = new double[c.K];
        var m2Post = c.ColumnMeans(wContPost, i => c.Y[i] - contPost);
        var m2Pre = c.ColumnMeans(wContPre, i => c.Y[i] - contPre);
        for (int j = 0; j < c.K; j++) m2[j] = m2Post[j] / meanContPost - m2Pre[j] / meanContPre;
        var alongPs = c.PropensityAlong(p, hessian, m2);

        var psi = new double[m];
        for (int i = 0; i < m; i++)
        {
            double infTreat = wTreatPost[i] * (c.Y[i] - treatPost) / meanTreatPost - wTreatPre[i] * (c.Y[i] - treatPre) / meanTreatPre;
            double infCont = wContPost[i] * (c.Y[i] - contPost) / meanContPost - wContPre[i] * (c.Y[i] - contPre) / meanContPre + alongPs[i];
            psi[i] = infTreat - infCont;
        }
        return new((treatPost - treatPre) - (contPost - contPre), psi, null);
    }

    /// <summary>drdid_rc: the locally efficient DR estimator (control and treated outcome models in each period).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TwoByTwoDid.Outcome DoublyRobust(Cell c, double[] start)
    {
        if (c.Propensity(start, out var failure) is not { } ps) return new(double.NaN, null, failure);
        var (p, hessian) = ps;
        var contPreFit = c.Regression(treated: false, post: false);
        var contPostFit = c.Regression(treated: false, post: true);
        var treatPreFit = c.Regression(treated: true, post: false);
        var treatPostFit = c.Regression(treated: true, post: true);
        if (contPreFit is null || contPostFit is null || treatPreFit is null || treatPostFit is null) return Singular;
        int m = c.M, k = c.K;
        double[] y = c.Y;
        var outCont = new double[m];
        var gapPost = new double[m];
        var gapPre = new double[m];
        for (int i = 0; i < m; i++)
        {
            outCont[i] = c.Post[i] ? contPostFit.Fitted[i] : contPreFit.Fitted[i];
            gapPost[i] = treatPostFit.Fitted[i] - contPostFit.Fitted[i];
            gapPre[i] = treatPreFit.Fitted[i] - contPreFit.Fitted[i];
        }
        var residual = new double[m];
        for (int i = 0; i < m; i++) residual[i] = y[i] - outCont[i];

        // Treated propensities are never trimmed (DRDID: ps < 1.01 after the 1 − 1e−6 cap).
        var wTreatPre = c.Weights(i => c.D[i] && !c.Post[i] ? 1 : 0);
        var wTreatPost = c.Weights(i => c.D[i] && c.Post[i] ? 1 : 0);
        var wContPre = c.Weights(i => !c.D[i] && !c.Post[i] && p[i] < TrimLevel ? p[i] / (1 - p[i]) : 0);
        var wContPost = c.Weights(i => !c.D[i] && c.Post[i] && p[i] < TrimLevel ? p[i] / (1 - p[i]) : 0);
        var wD = c.Weights(i => c.D[i] ? 1 : 0);
        // w.dt1 and w.dt0 of DRDID are w.treat.post and w.treat.pre.
        double mTreatPre = Mean(wTreatPre), mTreatPost = Mean(wTreatPost), mContPre = Mean(wContPre), mContPost = Mean(wContPost), mD = Mean(wD);

        double treatPre = Ratio(wTreatPre, residual), treatPost = Ratio(wTreatPost, residual);
        double contPre = Ratio(wContPre, residual), contPost = Ratio(wContPost, residual);
        double dPost = Ratio(wD, gapPost), dt1Post = Ratio(wTreatPost, gapPost);
        double dPre = Ratio(wD, gapPre), dt0Pre = Ratio(wTreatPre, gapPre);
        double att = (treatPost - treatPre) - (contPost - contPre) + (dPost - dt1Post) - (dPre - dt0Pre);

        // M1, M3: −colMeans(w·x)/mean(w) (the post/1−post factors of DRDID are already in the weights).
        var m1Post = Scaled(c.ColumnMeans(wTreatPost), -1 / mTreatPost);
        var m1Pre = Scaled(c.ColumnMeans(wTreatPre), -1 / mTreatPre);
        var m3Post = Scaled(c.ColumnMeans(wContPost), -1 / mContPost);
        var m3Pre = Scaled(c.ColumnMeans(wContPre), -1 / mContPre);
        var m2Post = c.ColumnMeans(wContPost, i => residual[i] - contPost);
        var m2Pre = c.ColumnMeans(wContPre, i => residual[i] - contPre);
        var m2 = new double[k];
        for (int j = 0; j < k; j++) m2[j] = m2Post[j] / mContPost - m2Pre[j] / mContPre;
        var momPost = new double[k];
        var momPre = new double[k];
        for (int i = 0; i < m; i++)
        {
            double aPost = wD[i] / mD - wTreatPost[i] / mTreatPost, aPre = wD[i] / mD - wTreatPre[i] / mTreatPre;
            for (int j = 0; j < k; j++) { momPost[j] += aPost * c.X[i * k + j]; momPre[j] += aPre * c.X[i * k + j]; }
        }
        for (int j = 0; j < k; j++) { momPost[j] /= m; momPre[j] /= m; }

        var treatOrPost = contPostFit.Along(m1Post);
        var treatOrPre = contPreFit.Along(m1Pre);
        var contOrPost = contPostFit.Along(m3Post);
        var contOrPre = contPreFit.Along(m3Pre);
        var contPs = c.PropensityAlong(p, hessian, m2);
        var orPostTreat = treatPostFit.Along(momPost);
        var orPostCont = contPostFit.Along(momPost);
        var orPreTreat = treatPreFit.Along(momPre);
        var orPreCont = contPreFit.Along(momPre);

        var psi = new double[m];
        for (int i = 0; i < m; i++)
        {
            double r = residual[i];
            double infTreat = wTreatPost[i] * (r - treatPost) / mTreatPost - wTreatPre[i] * (r - treatPre) / mTreatPre
                + treatOrPost[i] + treatOrPre[i];
            double infCont = wContPost[i] * (r - contPost) / mContPost - wContPre[i] * (r - contPre) / mContPre
                + contPs[i] + contOrPost[i] + contOrPre[i];
            double infEff = (wD[i] * (gapPost[i] - dPost) / mD - wTreatPost[i] * (gapPost[i] - dt1Post) / mTreatPost)
                - (wD[i] * (gapPre[i] - dPre) / mD - wTreatPre[i] * (gapPre[i] - dt0Pre) / mTreatPre);
            double infOr = (orPostTreat[i] - orPostCont[i]) - (orPreTreat[i] - orPreCont[i]);
            psi[i] = infTreat - infCont + infEff + infOr;
        }
        return new(att, psi, null);
    }

    private static readonly TwoByTwoDid.Outcome Singular = new(double.NaN, null, StaggeredDidMessages.CellSingularRegression);

    /// <summary>Σ w·v / Σ w.</summary>
    private static double Ratio(double[] w, double[] v)
    {
        double sw = 0, swv = 0;
        for (int i = 0; i < w.Length; i++) { sw += w[i]; swv += w[i] * v[i]; }
        return swv / sw;
    }

    private static double Mean(double[] v)
    {
        double s = 0;
        foreach (double a in v) s += a;
        return s / v.Length;
    }

    private static double[] Scaled(double[] v, double factor)
    {
        for (int j = 0; j < v.Length; j++) v[j] *= factor;
        return v;
    }

    /// <summary>One cell's observations and the shared pieces of the three estimators.</summary>
    private sealed class Cell(double[] y, bool[] post, bool[] d, double[] x, int k, double[] w)
    {
        public double[] Y { get; } = y;
        public bool[] Post { get; } = post;
        public bool[] D { get; } = d;
        public double[] X { get; } = x;
        public int K { get; } = k;
        public double[] W { get; } = w;
        public int M => Y.Length;

        /// <summary>w_i · factor(i).</summary>
        public double[] Weights(Func<int, double> factor)
        {
            var v = new double[M];
            for (int i = 0; i < M; i++) v[i] = W[i] * factor(i);
            return v;
        }

        /// <summary>colMeans(a·x) over all m observations.</summary>
        public double[] ColumnMeans(double[] a, Func<int, double>? times = null)
        {
            var s = new double[K];
            for (int i = 0; i < M; i++)
            {
                if (a[i] == 0) continue;
                double f = times is null ? a[i] : a[i] * times(i);
                for (int j = 0; j < K; j++) s[j] += f * X[i * K + j];
            }
            for (int j = 0; j < K; j++) s[j] /= M;
            return s;
        }

        /// <summary>Weighted OLS of Y on X among one group in one period; null when its design is singular.</summary>
        public GroupRegression? Regression(bool treated, bool post)
        {
            var include = new bool[M];
            var xpx = new double[K * K];
            var xpy = new double[K];
            for (int i = 0; i < M; i++)
            {
                if (D[i] != treated || Post[i] != post) continue;
                include[i] = true;
                for (int a = 0; a < K; a++)
                {
                    double wa = W[i] * X[i * K + a];
                    xpy[a] += wa * Y[i];
                    for (int b = 0; b <= a; b++) xpx[b * K + a] += wa * X[i * K + b];
                }
            }
            if (SpdSystem.Factor(xpx, K, 1.0 / M) is not { } system) return null;
            var beta = system.SolveUnscaled(xpy);
            var fitted = new double[M];
            for (int i = 0; i < M; i++) fitted[i] = Row(i, beta);
            return new GroupRegression(this, include, fitted, system);
        }

        public (double[] P, SpdSystem HessianOverM)? Propensity(double[] start, out string? failure) =>
            TwoByTwoDid.Propensity(D, X, K, W, start, out failure);

        /// <summary>The propensity score's asymptotically linear representation projected on <paramref name="direction"/>:
        /// w(D − p) x'(X'WX/m)⁻¹ direction.</summary>
        public double[] PropensityAlong(double[] p, SpdSystem hessianOverM, double[] direction)
        {
            var b = hessianOverM.Solve(direction);
            var v = new double[M];
            for (int i = 0; i < M; i++) v[i] = W[i] * ((D[i] ? 1 : 0) - p[i]) * Row(i, b);
            return v;
        }

        public double Row(int i, double[] v)
        {
            double s = 0;
            for (int j = 0; j < K; j++) s += X[i * K + j] * v[j];
            return s;
        }
    }

    /// <summary>An OLS fit on one group-period of the cell: fitted values for every observation and its linear representation.</summary>
    private sealed class GroupRegression(Cell cell, bool[] include, double[] fitted, SpdSystem xpxOverM)
    {
        public double[] Fitted { get; } = fitted;

        /// <summary>The OLS asymptotically linear representation projected on <paramref name="direction"/>:
        /// w·1{group}(Y − fitted) x'(X'WX/m)⁻¹ direction (0 outside the group).</summary>
        public double[] Along(double[] direction)
        {
            var a = xpxOverM.Solve(direction);
            var v = new double[cell.M];
            for (int i = 0; i < cell.M; i++)
                if (include[i]) v[i] = cell.W[i] * (cell.Y[i] - Fitted[i]) * cell.Row(i, a);
            return v;
        }
    }
}
