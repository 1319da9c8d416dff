using Modeling.Estimation.Data;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Numerics;
using Modeling.Estimation.Regression;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Estimation.Imputation;

/// <summary>Scale of the imputation estimator.</summary>
public enum ImputationForm
{
    /// <summary>OLS unit and period effects on the outcome; the effect is the average treated-minus-imputed difference (level ATT).</summary>
    Linear,
    /// <summary>OLS on log outcome; exp(average log difference) is the multiplier. Needs a positive outcome.</summary>
    Log,
    /// <summary>Poisson unit and period effects; multiplier = Σ treated outcomes ÷ Σ imputed means (ratio of means). Counts with zeros.</summary>
    Poisson,
}

/// <summary>How the adopting units' own uncertainty enters the imputation estimator's variance.</summary>
public enum ImputationVariance
{
    /// <summary>
    /// Treated residuals around the single average (BJS Theorem 3's v-weights; what the recorded R oracle computes), normal
    /// critical values. With one adopting unit its residuals sum to zero and its own uncertainty vanishes.
    /// </summary>
    AroundAverage,

    /// <summary>
    /// Each adopting unit's treated residuals around the average of the <em>other</em> adopting units (BJS's leave-out
    /// correction: the residual then carries the unit's whole error instead of (G₁−1)/G₁ of it, so the variance is
    /// conservative under effect heterogeneity), with Student's t on G₁−1 degrees of freedom for G₁ adopting units.
    /// Needs at least two adopting units.
    /// </summary>
    LeaveUnitOut,

    /// <summary>
    /// Treated residuals around the average of their cohort × event-time cell, weighted by the squared treated weights
    /// (BJS 2024 equation 10; for the Poisson form the cell's ratio Σy ÷ Σμ₀), and Σ_g ψ_g² without the G/(G−1) factor:
    /// R didimputation's variance.
    /// </summary>
    CohortEventTime,
}

/// <summary>
/// Borusyak, Jaravel &amp; Spiess (2024, Review of Economic Studies 91(6)) imputation estimator: fit unit and period
/// effects on untreated observations only (never adopted, or before adoption), impute each adopted unit-period's
/// outcome without treatment, and average treated − imputed (or take the ratio of sums for the Poisson form, the
/// count-data analogue). Efficient under parallel trends with homogeneous errors; no forbidden comparisons.
/// </summary>
/// <remarks>
/// Inference: unit-clustered influence functions. For a target Σ_S c_i τ̂_i, unit g's influence is
/// Σ_{S∩g} c_i(τ̂_i − τ̂) − Σ_{Ω0∩g} w_j(γ_unit + γ_period)ε̂_j, where γ solves the untreated fixed-effect normal
/// equations with right-hand side Σ_S c_i z_i (BJS Theorem 3's v-weights, with the treated residual taken around the
/// single average — conservative under heterogeneity). The Poisson form linearises M = S1/S0 the same way with
/// Poisson weights. Variance = G/(G−1)·Σ_g ψ_g². Units treated in every period (or periods with no untreated
/// observation) cannot be imputed; they are counted in <see cref="ImputationDidResult.NotImputableObservations"/>.
/// </remarks>
public sealed record ImputationDid
{
    public ImputationForm Form { get; init; } = ImputationForm.Poisson;
    public double ConfidenceLevel { get; init; } = 0.95;
    public ImputationVariance Variance { get; init; } = ImputationVariance.AroundAverage;

    /// <summary>
    /// The adopted unit-periods the overall effect averages over (a mandate's window: after a ramp-up, up to a
    /// deadline); every adopted unit-period by default. The fit and the horizons do not change.
    /// </summary>
    public AdoptedWindow Window { get; init; } = AdoptedWindow.All;

    /// <summary>
    /// The periods (inclusive) from which adopting units' untreated outcomes enter the untreated-outcome model: a
    /// mandate's baseline window, so that its effect is measured against the levels the baseline shows, carried forward
    /// by the common period effects. Never-adopting units enter with every period. Null: every untreated period. An
    /// adopting unit with no untreated period inside is not imputable and is left out.
    /// </summary>
    public PeriodRange? AdopterBaseline { get; init; }

    /// <summary>
    /// Relative periods per entry of <see cref="ImputationDidResult.ByHorizon"/>: 1 gives one per relative period; 3 pools
    /// 0–2, 3–5, … (each entry's <see cref="ImputationHorizon.RelativeTime"/> is its first), as the headline pools them.
    /// </summary>
    public int HorizonWidth { get; init; } = 1;

    /// <summary>
    /// Covariates of the untreated-outcome model, y = α_unit + β_period + x'γ (time-varying ones included), as
    /// didimputation's first_stage = ~ x | unit + period: fitted on the untreated rows, used to impute the treated ones,
    /// and in the v-weights of the variance. Names of <see cref="PanelData.Covariates"/>; none by default.
    /// </summary>
    public IReadOnlyList<string> Covariates { get; init; } = [];

    public ImputationDidResult Fit(PanelData panel)
    {
        if (HorizonWidth < 1)
            throw new EstimationException(Messages.HorizonWidthOutOfRange(HorizonWidth));
        var (cohort, y, prior, fit, treatedRows, imputed, used, untreatedCount) = Impute(panel);
        var covariates = KeptCovariates(panel, fit);
        var Index = UntreatedIndex(panel, fit, covariates);

        // Dense codes over the untreated rows used and the imputed treated rows; clusters are their units.
        var unitCodes = used.Concat(imputed).Select(i => panel.Unit[i]).Distinct().Order().ToArray();
        var timeCodes = used.Select(i => panel.Time[i]).Distinct().Order().ToArray();
        var unitIndex = unitCodes.Select((u, k) => (u, k)).ToDictionary(x => x.u, x => x.k);
        var timeIndex = timeCodes.Select((t, k) => (t, k)).ToDictionary(x => x.t, x => x.k);
        var usedUnitsOnly = used.Select(i => panel.Unit[i]).Distinct().Order().ToArray();
        var usedUnitIndex = usedUnitsOnly.Select((u, k) => (u, k)).ToDictionary(x => x.u, x => x.k);
        if (unitCodes.Length < 2) throw new EstimationException(Messages.FewerThanTwoClusters(unitCodes.Length));

        // Fitted untreated-world index and residual on Ω0; weights of the untreated normal equations.
        var w0 = new double[used.Length];
        var residual0 = new double[used.Length];
        for (int k = 0; k < used.Length; k++)
        {
            int i = used[k];
            double p = prior?[i] ?? 1.0, eta = Index(i);
            if (Form == ImputationForm.Poisson) { double mu = Math.Exp(eta); w0[k] = p * mu; residual0[k] = y[i] - mu; }
            else { w0[k] = p; residual0[k] = y[i] - eta; }
        }
        var demeaner = new TwoWayDemeaner(
            [.. used.Select(i => usedUnitIndex[panel.Unit[i]])], usedUnitsOnly.Length,
            [.. used.Select(i => timeIndex[panel.Time[i]])], timeCodes.Length, w0);

        // Covariates: each one's fixed-effects fit on the untreated rows (in the untreated normal equations' weights), to
        // partial it out of the treated rows' weights, and G = X̃₀'W₀X̃₀ (Frisch–Waugh–Lovell on the v-weights).
        int q = covariates.Length;
        var covariateUnit = new double[q][];
        var covariateTime = new double[q][];
        var gram = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(q, q);
        if (q > 0)
        {
            var tilde = new double[q][];
            for (int k = 0; k < q; k++)
            {
                var x0 = used.Select(i => covariates[k][i]).ToArray();
                tilde[k] = new double[used.Length];
                covariateUnit[k] = new double[usedUnitsOnly.Length];
                covariateTime[k] = new double[timeCodes.Length];
                demeaner.Demean(x0, tilde[k], covariateTime[k], covariateUnit[k]);
            }
            for (int a = 0; a < q; a++)
                for (int b = 0; b <= a; b++)
                {
                    double sum = 0;
                    for (int j = 0; j < used.Length; j++) sum += w0[j] * tilde[a][j] * tilde[b][j];
                    gram[a, b] = gram[b, a] = sum;
                }
        }
        var gramInverse = q > 0 ? gram.Inverse() : gram;

        // Adopting units with an imputed observation: the clusters the treated part of the influence rests on.
        int adoptingUnits = InWindow(panel, cohort, imputed).Select(i => panel.Unit[i]).Distinct().Count();
        bool leaveOut = Variance == ImputationVariance.LeaveUnitOut;
        bool byCell = Variance == ImputationVariance.CohortEventTime;
        if (leaveOut && adoptingUnits < 2) throw new EstimationException(Messages.LeaveOutNeedsTwoAdoptingUnits(adoptingUnits));

        Effect Aggregate(int[] subset, out IReadOnlyList<double> influence, out double weight)
        {
            int adopting = subset.Select(i => panel.Unit[i]).Distinct().Count();
            // A horizon reached by one adopting unit has no leave-out average: no cluster-robust interval for it.
            bool leaveOutHere = leaveOut && adopting >= 2;
            var psi = new double[unitCodes.Length];
            var firstRhs = new double[usedUnitsOnly.Length];
            var secondRhs = new double[timeCodes.Length];
            var covariateRhs = new double[q];
            double estimate, scale;
            if (Form == ImputationForm.Poisson)
            {
                double s1 = 0, s0 = 0;
                var s1Of = new double[unitCodes.Length];
                var s0Of = new double[unitCodes.Length];
                foreach (int i in subset)
                {
                    double p = prior?[i] ?? 1.0, mu0 = Math.Exp(Index(i));
                    int g = unitIndex[panel.Unit[i]];
                    s1 += p * y[i]; s0 += p * mu0; s1Of[g] += p * y[i]; s0Of[g] += p * mu0;
                }
                double m = s1 / s0;
                var cellRatio = byCell ? CellAverages(subset, i => (prior?[i] ?? 1.0) * y[i], i => (prior?[i] ?? 1.0) * Math.Exp(Index(i))) : null;
                foreach (int i in subset)
                {
                    double p = prior?[i] ?? 1.0, mu0 = Math.Exp(Index(i));
                    int g = unitIndex[panel.Unit[i]];
                    double around = leaveOutHere ? (s1 - s1Of[g]) / (s0 - s0Of[g]) : cellRatio?[i] ?? m;
                    psi[g] += p * (y[i] - around * mu0);
                    AddRhs(i, p * mu0);
                }
                estimate = Math.Log(m);
                weight = s0;
                scale = -m; // ψ_M = [Σ_S p(y − Mμ0) − M Σ_Ω0 (γ_u+γ_t) p(y − μ)] / S0, then ÷ M for log M
                SolveAndAdd(scale);
                for (int g = 0; g < psi.Length; g++) psi[g] /= s0 * m;
            }
            else
            {
                double total = 0, sum = 0;
                var totalOf = new double[unitCodes.Length];
                var sumOf = new double[unitCodes.Length];
                foreach (int i in subset)
                {
                    double p = prior?[i] ?? 1.0, tau = y[i] - Index(i);
                    int g = unitIndex[panel.Unit[i]];
                    total += p; sum += p * tau; totalOf[g] += p; sumOf[g] += p * tau;
                }
                estimate = sum / total;
                weight = total;
                var cellMean = byCell ? CellAverages(subset, i => Math.Pow(prior?[i] ?? 1.0, 2) * (y[i] - Index(i)), i => Math.Pow(prior?[i] ?? 1.0, 2)) : null;
                foreach (int i in subset)
                {
                    double c = (prior?[i] ?? 1.0) / total;
                    int g = unitIndex[panel.Unit[i]];
                    double around = leaveOutHere ? (sum - sumOf[g]) / (total - totalOf[g]) : cellMean?[i] ?? estimate;
                    psi[g] += c * (y[i] - Index(i) - around);
                    AddRhs(i, c);
                }
                SolveAndAdd(-1.0);
            }
            int g2 = psi.Length;
            double variance = (byCell ? 1.0 : g2 / (g2 - 1.0)) * psi.Sum(v => v * v);
            influence = psi;
            if (leaveOut && !leaveOutHere) return new Effect(estimate, double.NaN, ConfidenceLevel);
            return new Effect(estimate, Math.Sqrt(variance), ConfidenceLevel) { DegreesOfFreedom = leaveOut ? adopting - 1 : null };

            // Per row of the subset: Σ numerator ÷ Σ denominator over its cohort × event-time cell.
            Dictionary<int, double> CellAverages(int[] rows, Func<int, double> numerator, Func<int, double> denominator)
            {
                var sums = new Dictionary<(int, int), (double N, double D)>();
                foreach (int i in rows)
                {
                    var key = (cohort[i], panel.Time[i] - cohort[i]);
                    var (n, d) = sums.GetValueOrDefault(key);
                    sums[key] = (n + numerator(i), d + denominator(i));
                }
                return rows.ToDictionary(i => i, i => sums[(cohort[i], panel.Time[i] - cohort[i])] is var t ? t.N / t.D : 0);
            }

            void AddRhs(int i, double c)
            {
                int u = usedUnitIndex[panel.Unit[i]], t = timeIndex[panel.Time[i]];
                firstRhs[u] += c;
                secondRhs[t] += c;
                for (int k = 0; k < q; k++) covariateRhs[k] += c * (covariates[k][i] - covariateUnit[k][u] - covariateTime[k][t]);
            }

            void SolveAndAdd(double sign)
            {
                // The covariates' part of (Z₀'W₀Z₀)⁻¹ Σ c z, then the fixed effects' part net of it (block elimination);
                // without covariates there is nothing to take out.
                double[]? adjust = null;
                if (q > 0)
                {
                    var slope = new double[q];
                    for (int a2 = 0; a2 < q; a2++)
                        for (int b2 = 0; b2 < q; b2++) slope[a2] += gramInverse[a2, b2] * covariateRhs[b2];
                    adjust = new double[used.Length];
                    for (int k = 0; k < used.Length; k++)
                    {
                        int i = used[k];
                        double xs = 0;
                        for (int c = 0; c < q; c++) xs += covariates[c][i] * slope[c];
                        adjust[k] = xs;
                        firstRhs[usedUnitIndex[panel.Unit[i]]] -= w0[k] * xs;
                        secondRhs[timeIndex[panel.Time[i]]] -= w0[k] * xs;
                    }
                }
                var a = new double[usedUnitsOnly.Length];
                var b = new double[timeCodes.Length];
                double tol = 1e-14 * Math.Max(firstRhs.Max(Math.Abs), 1e-300);
                demeaner.SolveNormalEquations(firstRhs, secondRhs, a, b, tol);
                for (int k = 0; k < used.Length; k++)
                {
                    int i = used[k];
                    double gamma = a[usedUnitIndex[panel.Unit[i]]] + b[timeIndex[panel.Time[i]]] + (adjust?[k] ?? 0);
                    double p = prior?[i] ?? 1.0;
                    psi[unitIndex[panel.Unit[i]]] += sign * p * gamma * residual0[k];
                }
            }
        }

        var overall = Aggregate(InWindow(panel, cohort, imputed), out var overallInfluence, out _);
        var horizons = imputed.GroupBy(i => (panel.Time[i] - cohort[i]) / HorizonWidth * HorizonWidth).OrderBy(g => g.Key)
            .Select(g =>
            {
                var e = Aggregate([.. g], out var influence, out double weight);
                return new ImputationHorizon(g.Key, e, ToMultiplier(e, g), g.Count()) { Influence = influence, Weight = weight };
            })
            .ToArray();

        return new ImputationDidResult
        {
            Options = this,
            OutcomeName = panel.OutcomeName,
            Overall = overall,
            Multiplier = ToMultiplier(overall, imputed),
            ByHorizon = horizons,
            UntreatedObservations = used.Length,
            ImputedObservations = imputed.Length,
            NotImputableObservations = treatedRows.Length - imputed.Length,
            DroppedUntreatedObservations = untreatedCount - used.Length,
            DroppedUnits = [.. fit.DroppedUnits.Select(u => panel.UnitLabels[u])],
            ClusterCount = unitCodes.Length,
            AdoptingUnits = adoptingUnits,
            ClusterUnits = [.. unitCodes.Select(u => panel.UnitLabels[u])],
            Influence = overallInfluence,
        };

        Multiplier ToMultiplier(Effect e, IEnumerable<int> rows)
        {
            if (Form != ImputationForm.Linear) return Multiplier.FromLogEffect(e);
            // Level ATT over the mean imputed outcome without treatment (base treated as known).
            var r = rows.ToArray();
            double baseline = r.Sum(i => (prior?[i] ?? 1.0) * Index(i)) / r.Sum(i => prior?[i] ?? 1.0);
            if (!(baseline > 0)) throw new EstimationException(Messages.NonPositiveBaseline(panel.OutcomeName, baseline));
            return Multiplier.FromLevelEffect(e, baseline);
        }
    }

    /// <summary>
    /// The overall estimate alone (log multiplier for the Poisson and Log forms, level for Linear), without its variance or
    /// horizons: what placebo inference refits hundreds of times.
    /// </summary>
    internal double PointEstimate(PanelData panel)
    {
        var (cohort, y, prior, fit, _, imputed, _, _) = Impute(panel);
        var untreatedIndex = UntreatedIndex(panel, fit, KeptCovariates(panel, fit));
        double s1 = 0, s0 = 0;
        foreach (int i in InWindow(panel, cohort, imputed))
        {
            double p = prior?[i] ?? 1.0, index = untreatedIndex(i);
            if (Form == ImputationForm.Poisson) { s1 += p * y[i]; s0 += p * Math.Exp(index); }
            else { s1 += p * (y[i] - index); s0 += p; }
        }
        return Form == ImputationForm.Poisson ? Math.Log(s1 / s0) : s1 / s0;
    }

    /// <summary>The values of the covariates the untreated-outcome fit kept, in the order of its coefficients.</summary>
    private static IReadOnlyList<double>[] KeptCovariates(PanelData panel, FixedEffectsFit fit) =>
        [.. fit.Terms.Select(name => panel.Covariates[name])];

    /// <summary>Row i's fitted untreated-world index: unit effect + period effect + x_i'γ over the kept covariates.</summary>
    private static Func<int, double> UntreatedIndex(PanelData panel, FixedEffectsFit fit, IReadOnlyList<double>[] covariates) =>
        i =>
        {
            double eta = fit.UnitEffects[panel.Unit[i]] + fit.PeriodEffects[panel.Time[i]];
            for (int k = 0; k < covariates.Length; k++) eta += fit.Coefficients[k] * covariates[k][i];
            return eta;
        };

    /// <summary>The imputed rows inside <see cref="Window"/>; an empty window is refused with the window named.</summary>
    private int[] InWindow(PanelData panel, IReadOnlyList<int> cohort, int[] imputed)
    {
        if (Window == AdoptedWindow.All) return imputed;
        var inside = imputed.Where(i => Window.Contains(panel.Time[i] - cohort[i], panel.Time[i])).ToArray();
        if (inside.Length == 0) throw new EstimationException(Messages.EmptyAdoptedWindow(Window.FirstEventTime, Window.LastPeriod));
        return inside;
    }

    /// <summary>Unit and period effects fitted on the untreated rows, and the treated rows they can impute.</summary>
    private (IReadOnlyList<int> Cohort, double[] Y, double[]? Prior, FixedEffectsFit Fit, int[] TreatedRows, int[] Imputed, int[] Used, int UntreatedCount)
        Impute(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) throw new EstimationException(Messages.ConfidenceLevelOutOfRange(ConfidenceLevel));
        var cohort = panel.Cohort ?? throw new EstimationException(Messages.MissingCohort("The imputation estimator"));
        var treated = Twfe.AdoptionIndicator(panel.Time, cohort);
        var y = Outcome(panel);

        var baseline = AdopterBaseline;
        var untreatedRows = Enumerable.Range(0, panel.Count)
            .Where(i => treated[i] == 0 && (baseline is null || cohort[i] == PanelData.NeverTreated || baseline.Contains(panel.Time[i]))).ToArray();
        var treatedRows = Enumerable.Range(0, panel.Count).Where(i => treated[i] == 1).ToArray();
        if (untreatedRows.Length == 0) throw new EstimationException(Messages.NoUntreatedObservations);
        if (treatedRows.Length == 0) throw new EstimationException(Messages.NoTreatedObservations(Twfe.TreatedTerm));

        double[]? prior = panel.Weight is null ? null : [.. panel.Weight];
        var regressors = Covariates.Select(name => panel.Covariates.TryGetValue(name, out var values)
            ? new Regressor(name, [.. untreatedRows.Select(i => values[i])])
            : throw new EstimationException(Messages.MissingCovariate(name, panel.Covariates.Keys))).ToArray();
        var input = new RegressionInput(
            [.. untreatedRows.Select(i => y[i])], regressors, [.. untreatedRows.Select(i => panel.Unit[i])],
            [.. untreatedRows.Select(i => panel.Time[i])], prior is null ? null : [.. untreatedRows.Select(i => prior[i])], panel.OutcomeName);
        var fit = Form == ImputationForm.Poisson ? FixedEffectsRegression.Poisson(input) : FixedEffectsRegression.Ols(input);

        bool Imputable(int i) => fit.UnitEffects.ContainsKey(panel.Unit[i]) && fit.PeriodEffects.ContainsKey(panel.Time[i]);
        var imputed = treatedRows.Where(Imputable).ToArray();
        if (imputed.Length == 0) throw new EstimationException(Messages.NoImputableObservations);
        var used = untreatedRows.Where(Imputable).ToArray();
        return (cohort, y, prior, fit, treatedRows, imputed, used, untreatedRows.Length);
    }

    /// <summary>The outcome on the form's scale (logs for <see cref="ImputationForm.Log"/>), validated.</summary>
    internal double[] Outcome(PanelData panel)
    {
        var y = panel.Outcome.ToArray();
        for (int i = 0; i < y.Length; i++)
        {
            if (!double.IsFinite(y[i])) throw new EstimationException(Messages.NonFiniteValue(panel.OutcomeName, i, y[i]));
            if (Form == ImputationForm.Log)
            {
                if (!(y[i] > 0)) throw new EstimationException(Messages.NonPositiveLogOutcome(panel.OutcomeName, i, y[i]));
                y[i] = Math.Log(y[i]);
            }
        }
        return y;
    }
}

/// <summary>
/// Which adopted unit-periods an overall effect averages over: event times from <see cref="FirstEventTime"/> on (0 =
/// the adoption period; 3 leaves out three ramp-up periods) and periods up to <see cref="LastPeriod"/> (inclusive; null
/// = no deadline).
/// </summary>
public sealed record AdoptedWindow(int FirstEventTime = 0, int? LastPeriod = null)
{
    public static AdoptedWindow All { get; } = new();

    public bool Contains(int eventTime, int period) => eventTime >= FirstEventTime && (LastPeriod is null || period <= LastPeriod);
}

/// <summary>Periods <paramref name="First"/> to <paramref name="Last"/>, inclusive.</summary>
public sealed record PeriodRange(int First, int Last)
{
    public bool Contains(int period) => period >= First && period <= Last;
}

/// <summary>Effect at relative period e = period − cohort (e ≥ 0), over the imputed observations at that horizon.</summary>
public sealed record ImputationHorizon(int RelativeTime, Effect Effect, Multiplier Multiplier, int Observations)
{
    /// <summary>Per-unit influence of the horizon's effect, over <see cref="ImputationDidResult.ClusterUnits"/> (the
    /// horizons' joint covariance is G/(G−1)·Σ_g ψ_a,g ψ_b,g).</summary>
    public IReadOnlyList<double> Influence { get; init; } = [];

    /// <summary>The horizon's weight in the overall effect: Σ p·μ₀ (Poisson: the overall multiplier is the weighted mean
    /// of the horizons') or Σ p (Linear and Log: the overall effect is the weighted mean of the horizons').</summary>
    public double Weight { get; init; }
}

/// <summary>
/// Result of <see cref="ImputationDid.Fit"/>: overall effect (log multiplier for the Log and Poisson forms, level ATT
/// for Linear) with its multiplier, per-horizon effects, counts, and the per-unit influence of the overall effect.
/// </summary>
public sealed record ImputationDidResult : IEffectEstimate
{
    public required ImputationDid Options { get; init; }
    public required string OutcomeName { get; init; }
    public required Effect Overall { get; init; }
    public required Multiplier Multiplier { get; init; }
    public required IReadOnlyList<ImputationHorizon> ByHorizon { get; init; }
    public required int UntreatedObservations { get; init; }
    public required int ImputedObservations { get; init; }
    /// <summary>Treated observations whose unit or period has no untreated observation (e.g. always-treated units).</summary>
    public required int NotImputableObservations { get; init; }
    /// <summary>Untreated observations dropped by the Poisson fit (units or periods whose untreated outcome is all zero).</summary>
    public required int DroppedUntreatedObservations { get; init; }
    public required IReadOnlyList<string> DroppedUnits { get; init; }
    public required int ClusterCount { get; init; }
    /// <summary>Units with an imputed (adopted) observation: how many the treated part of the estimate rests on.</summary>
    public required int AdoptingUnits { get; init; }
    public required IReadOnlyList<string> ClusterUnits { get; init; }
    public required IReadOnlyList<double> Influence { get; init; }
    public const string CovarianceType = "influence function clustered by unit (BJS 2024 Theorem 3 weights), G/(G-1) * sum of squared unit influences";

    /// <summary>The untreated observations the model is fitted on and the treated ones imputed.</summary>
    public int ObservationCount => UntreatedObservations + ImputedObservations;

    Effect IEffectEstimate.Effect => Overall;
    Multiplier? IEffectEstimate.Multiplier => Multiplier;
    public const string LeaveOutCovarianceType =
        "influence function clustered by unit (BJS 2024 Theorem 3 weights), treated residuals around the leave-one-unit-out average, G/(G-1) * sum of squared unit influences, t with (adopting units - 1) degrees of freedom";
    public const string CohortEventTimeCovarianceType =
        "influence function clustered by unit (BJS 2024 Theorem 3 weights), treated residuals around their cohort x event-time average (BJS equation 10), sum of squared unit influences (R didimputation)";

    /// <summary>How the variance was made, by <see cref="ImputationDid.Variance"/>.</summary>
    public string CovarianceDescription => Options.Variance switch
    {
        ImputationVariance.LeaveUnitOut => LeaveOutCovarianceType,
        ImputationVariance.CohortEventTime => CohortEventTimeCovarianceType,
        _ => CovarianceType,
    };
    string IEffectEstimate.CovarianceType => CovarianceDescription;
    IReadOnlyList<double>? IEffectEstimate.Influence => Influence;
    public double InfluenceVarianceFactor => Options.Variance == ImputationVariance.CohortEventTime ? 1.0 : ClusterCount / (ClusterCount - 1.0);

    /// <summary>
    /// Covariance of two effects from their per-unit influences over <see cref="ClusterUnits"/> (the overall effect's or
    /// a horizon's, or any linear combination of them): G/(G−1)·Σ_g ψ_a,g ψ_b,g, the variance the estimator reports.
    /// </summary>
    public double InfluenceCovariance(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double sum = 0;
        for (int g = 0; g < ClusterCount; g++) sum += a[g] * b[g];
        return InfluenceVarianceFactor * sum;
    }
}
