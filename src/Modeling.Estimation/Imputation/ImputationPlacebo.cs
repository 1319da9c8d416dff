using Modeling.Estimation.Data;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.Imputation;

/// <summary>
/// Design-based inference for an imputation estimate that rests on few adopting units (Conley &amp; Taber 2011,
/// Review of Economics and Statistics 93(1)): the estimator is refitted on the never-adopted units alone, with the
/// adopting units' adoption periods given to as many never-adopted units; those placebo estimates have a true effect of
/// zero, so their spread is the estimation error's distribution. The interval inverts a rank test: θ is kept when
/// θ̂ − θ lies within the r-th smallest and r-th largest placebo errors, r = ⌊(B+1)(1−level)/2⌋, which covers with
/// probability at least the level when the adopting units' errors and the placebo units' errors are exchangeable.
/// Cluster-robust variances fail here (with one adopting unit the treated part of the influence is exactly zero).
/// </summary>
/// <remarks>
/// Placebo draws: every set of never-adopted units of the adopting units' number when there are at most
/// <see cref="MaxDraws"/> such sets (each unit once for one adopting unit: the exact Conley–Taber distribution), else
/// <see cref="MaxDraws"/> sets drawn at random with <see cref="Seed"/>. The adopting units' adoption periods are given to
/// a set's units in a seeded random order. A placebo fit the estimator rejects (e.g. an outcome that is zero throughout)
/// is left out and counted. Draws are fitted in parallel into fixed slots, so the result does not depend on scheduling.
/// </remarks>
public sealed record ImputationPlacebo
{
    public ImputationDid Estimator { get; init; } = new();
    public int MaxDraws { get; init; } = 199;
    public int Seed { get; init; } = 1;

    /// <summary>Placebo draws needed for a two-sided interval at <paramref name="confidenceLevel"/>: ⌈2/(1−level)⌉ − 1 (39 at 95 %).</summary>
    public static int DrawsNeeded(double confidenceLevel) => (int)Math.Ceiling(2 / (1 - confidenceLevel) - 1e-9) - 1;

    /// <param name="panel">Adopting units (cohort set) and never-adopted units (cohort <see cref="PanelData.NeverTreated"/>).</param>
    public ImputationPlaceboResult Fit(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (MaxDraws < 1) throw new EstimationException(Messages.PlaceboDrawsOutOfRange(MaxDraws));
        var cohort = panel.Cohort ?? throw new EstimationException(Messages.MissingCohort("Placebo inference"));
        var actual = Estimator.Fit(panel);

        var cohortOfUnit = new int[panel.UnitCount];
        var rowsOfUnit = new List<int>[panel.UnitCount];
        for (int u = 0; u < panel.UnitCount; u++) rowsOfUnit[u] = [];
        for (int i = 0; i < panel.Count; i++)
        {
            cohortOfUnit[panel.Unit[i]] = cohort[i];
            rowsOfUnit[panel.Unit[i]].Add(i);
        }
        var adoptingCohorts = Enumerable.Range(0, panel.UnitCount).Where(u => cohortOfUnit[u] != PanelData.NeverTreated)
            .Select(u => cohortOfUnit[u]).Order().ToArray();
        var controls = Enumerable.Range(0, panel.UnitCount).Where(u => cohortOfUnit[u] == PanelData.NeverTreated).ToArray();
        int k = adoptingCohorts.Length;
        // The placebo needs the adopting units' number of placebo units plus at least two left as controls, and enough
        // distinct sets for an interval at the level asked; else no fit is worth running.
        if (controls.Length < k + 2 || Math.Min(Combinations(controls.Length, k), MaxDraws) < DrawsNeeded(Estimator.ConfidenceLevel))
            return Result(actual, k, controls.Length, [], 0);

        var random = new Random(Seed);
        var draws = Draws(controls.Length, k, random);
        foreach (var draw in draws) random.Shuffle(draw); // which placebo unit gets which adoption period
        var controlRows = controls.SelectMany(u => rowsOfUnit[u]).Order().ToArray();
        var errors = new double[draws.Count];
        Parallel.For(0, draws.Count, d =>
        {
            var assigned = new Dictionary<int, int>(k);
            for (int j = 0; j < k; j++) assigned[controls[draws[d][j]]] = adoptingCohorts[j];
            var placebo = panel.Rows(controlRows, i => assigned.TryGetValue(panel.Unit[i], out var g) ? g : PanelData.NeverTreated)!;
            try
            {
                errors[d] = Estimator.PointEstimate(placebo);
            }
            catch (EstimationException)
            {
                errors[d] = double.NaN;
            }
        });
        var usable = errors.Where(double.IsFinite).ToArray();
        return Result(actual, k, controls.Length, usable, errors.Length - usable.Length);
    }

    private ImputationPlaceboResult Result(ImputationDidResult actual, int adopting, int controls, double[] errors, int failed)
    {
        double level = Estimator.ConfidenceLevel;
        double estimate = actual.Overall.Estimate;
        Array.Sort(errors);
        int b = errors.Length;
        int r = (int)Math.Floor((b + 1) * (1 - level) / 2 + 1e-9);
        double? low = null, high = null, p = null, detectable = null;
        if (r >= 1)
        {
            low = estimate - errors[b - r];
            high = estimate - errors[r - 1];
            // An effect δ is detected (interval above 0) when δ + e exceeds the r-th largest placebo error; with e drawn
            // like the placebo errors that happens 80 % of the time once δ = that error − the errors' 20th percentile (R's type 7 quantile).
            detectable = errors[b - r] - MathNet.Numerics.Statistics.SortedArrayStatistics.QuantileCustom(errors, 0.2, MathNet.Numerics.Statistics.QuantileDefinition.R7);
        }
        if (b > 0) p = (1.0 + errors.Count(e => Math.Abs(e) >= Math.Abs(estimate))) / (b + 1);
        return new ImputationPlaceboResult(actual, adopting, controls, b, failed, low, high, level, p, detectable) { Errors = errors };
    }

    /// <summary>Sets of <paramref name="k"/> positions among <paramref name="n"/>: all of them when few enough, else random ones.</summary>
    private List<int[]> Draws(int n, int k, Random random)
    {
        if (Combinations(n, k) <= MaxDraws)
        {
            var all = new List<int[]>();
            var set = Enumerable.Range(0, k).ToArray();
            while (true)
            {
                all.Add([.. set]);
                int j = k - 1;
                while (j >= 0 && set[j] == n - k + j) j--;
                if (j < 0) return all;
                set[j]++;
                for (int l = j + 1; l < k; l++) set[l] = set[l - 1] + 1;
            }
        }
        var draws = new List<int[]>(MaxDraws);
        var pool = Enumerable.Range(0, n).ToArray();
        for (int d = 0; d < MaxDraws; d++)
        {
            for (int j = 0; j < k; j++)
            {
                int pick = random.Next(j, n);
                (pool[j], pool[pick]) = (pool[pick], pool[j]);
            }
            draws.Add(pool[..k]);
        }
        return draws;
    }

    private static double Combinations(int n, int k)
    {
        double c = 1;
        for (int j = 0; j < k; j++) c = c * (n - j) / (j + 1);
        return c;
    }
}

/// <summary>
/// An imputation estimate with its placebo (Conley–Taber) interval on the estimator's scale (log multiplier for the
/// Poisson and Log forms). <see cref="CiLow"/>/<see cref="CiHigh"/> are null when the draws are too few for the level
/// (<see cref="ImputationPlacebo.DrawsNeeded"/>).
/// </summary>
/// <param name="Actual">The estimate on the real adoption dates.</param>
/// <param name="AdoptingUnits">Adopting units in the data.</param>
/// <param name="ControlUnits">Never-adopted units the placebos are drawn from.</param>
/// <param name="Draws">Placebo estimates used.</param>
/// <param name="FailedDraws">Placebo fits the estimator rejected (left out).</param>
/// <param name="CiLow">Lower end of the interval for the effect, or null.</param>
/// <param name="CiHigh">Upper end, or null.</param>
/// <param name="ConfidenceLevel">The interval's nominal level.</param>
/// <param name="PValue">(1 + #placebo errors at least as large in absolute value) ÷ (draws + 1), or null without draws.</param>
/// <param name="MinimumDetectableEffect">The smallest positive effect (estimator's scale) whose interval lies above 0 with
/// 80 % probability when the estimation error is distributed like the placebo errors; null without an interval.</param>
public sealed record ImputationPlaceboResult(ImputationDidResult Actual, int AdoptingUnits, int ControlUnits, int Draws, int FailedDraws,
    double? CiLow, double? CiHigh, double ConfidenceLevel, double? PValue, double? MinimumDetectableEffect)
{
    public const string Method = "placebo estimates on never-adopted units given the adopting units' adoption periods (Conley & Taber 2011), rank-test interval";

    public bool HasInterval => CiLow is not null && CiHigh is not null;

    /// <summary>The placebo estimates (true effect zero, so each is an estimation error), ascending.</summary>
    public IReadOnlyList<double> Errors { get; init; } = [];
}
