using Modeling.Estimation.Regression;
using System.Runtime.CompilerServices;
using Modeling.Estimation.Data;

namespace Modeling.Estimation.Staggered;

/// <summary>
/// The validated estimation sample as unit × period arrays: outcome and covariates per period indexed by sample
/// position (units ordered by label, ordinal, so results do not depend on unit indices or row order), NaN where a
/// unit is not observed. Applies did's pre-processing rules (see <see cref="StaggeredDid"/> remarks).
/// </summary>
internal sealed class PanelLayout
{
    public required int UnitCount { get; init; }
    /// <summary>Panel unit index of each sample position.</summary>
    public required int[] PanelUnit { get; init; }
    public required int PanelUnitCount { get; init; }
    public required int[] Periods { get; init; }
    /// <summary>Outcome on the fitting scale (log under <see cref="EffectScale.Log"/>): [period][position].</summary>
    public required double[][] Y { get; init; }
    /// <summary>Outcome in levels (for the ratio-of-means multiplier): [period][position].</summary>
    public required double[][] YLevel { get; init; }
    /// <summary>Covariates: [covariate][period][position].</summary>
    public required double[][][] X { get; init; }
    /// <summary>First treated period (0 = never) per position.</summary>
    public required int[] Cohort { get; init; }
    /// <summary>Start of each cohort's run of positions (positions are grouped by cohort), plus n at the end.</summary>
    public required int[] GroupStart { get; init; }
    /// <summary>Each sample position's cluster index (0..clusters−1, clusters in ordinal order of their labels), or null
    /// when units are the clusters.</summary>
    public int[]? ClusterOfPosition { get; init; }
    /// <summary>Unit weights normalised to mean 1 over the sample.</summary>
    public required double[] Weight { get; init; }
    /// <summary>Cohorts with at least one pre-treatment period, ascending.</summary>
    public required int[] Cohorts { get; init; }
    public required int DroppedUnitCount { get; init; }
    /// <summary>Cells use the repeated-cross-section estimators (<see cref="StaggeredDid.AllowUnbalancedPanel"/> on a panel with gaps).</summary>
    public bool RepeatedCrossSections { get; init; }
    public required int ObservationCount { get; init; }
    public required string OutcomeName { get; init; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PanelLayout Build(PanelData panel, StaggeredDid options)
    {
        var cohortColumn = panel.Cohort ?? throw new EstimationException(StaggeredDidMessages.MissingCohort);
        var covariates = new double[options.Covariates.Count][];
        for (int c = 0; c < covariates.Length; c++)
        {
            string name = options.Covariates[c];
            if (!panel.Covariates.TryGetValue(name, out var values))
                throw new EstimationException(StaggeredDidMessages.UnknownCovariate(name, panel.Covariates.Keys));
            covariates[c] = values;
        }

        int rows = panel.Count, unitCount = panel.UnitCount;
        bool log = options.Scale == EffectScale.Log;
        var unitCohort = new int[unitCount];
        var unitFirstRow = Enumerable.Repeat(-1, unitCount).ToArray();
        var unitWeight = new double[unitCount];
        bool anyNonZero = false;
        var unit = panel.Unit;
        var time = panel.Time;
        var outcome = panel.Outcome;
        var weight = panel.Weight;
        for (int r = 0; r < rows; r++)
        {
            int u = unit[r];
            double y = outcome[r];
            if (!double.IsFinite(y))
                throw new EstimationException(StaggeredDidMessages.NonFiniteOutcome(panel.OutcomeName, r, panel.UnitLabels[u], time[r], y));
            if (log && !(y > 0))
                throw new EstimationException(StaggeredDidMessages.NonPositiveOutcomeForLog(panel.OutcomeName, r, panel.UnitLabels[u], time[r], y));
            anyNonZero |= y != 0;
            for (int c = 0; c < covariates.Length; c++)
                if (!double.IsFinite(covariates[c][r]))
                    throw new EstimationException(StaggeredDidMessages.NonFiniteCovariate(options.Covariates[c], r, panel.UnitLabels[u], time[r], covariates[c][r]));
            int g = cohortColumn[r];
            if (g < 0) throw new EstimationException(StaggeredDidMessages.NegativeCohort(r, panel.UnitLabels[u], g));
            double wr = weight?[r] ?? 1.0;
            if (!(double.IsFinite(wr) && wr >= 0)) throw new EstimationException(StaggeredDidMessages.InvalidWeight(r, panel.UnitLabels[u], wr));
            if (unitFirstRow[u] < 0)
            {
                unitFirstRow[u] = r;
                unitCohort[u] = g;
                unitWeight[u] = wr;
            }
            else
            {
                if (unitCohort[u] != g)
                    throw new EstimationException(StaggeredDidMessages.CohortNotConstant(panel.UnitLabels[u], unitFirstRow[u], unitCohort[u], r, g));
                if (unitWeight[u] != wr)
                    throw new EstimationException(StaggeredDidMessages.WeightNotConstant(panel.UnitLabels[u], unitFirstRow[u], unitWeight[u], r, wr));
            }
        }
        if (!anyNonZero) throw new EstimationException(StaggeredDidMessages.AllZeroOutcome(panel.OutcomeName));

        var periods = time.Distinct().Order().ToArray();
        int firstPeriod = periods[0], lastPeriod = periods[^1];
        int presentUnits = unitFirstRow.Count(r => r >= 0);
        // did tests balance on the data as given (a duplicate unit × period is an error further on).
        bool balanced = rows == (long)presentUnits * periods.Length;
        if (presentUnits < 2) throw new EstimationException(StaggeredDidMessages.TooFewClusters(presentUnits));

        // did: cohorts first treated after the last period are never treated in the sample.
        for (int u = 0; u < unitCount; u++)
            if (unitCohort[u] > lastPeriod) unitCohort[u] = PanelData.NeverTreated;
        var keep = new bool[unitCount];
        int dropped = 0;
        for (int u = 0; u < unitCount; u++)
        {
            if (unitFirstRow[u] < 0) continue;
            // did drops units already treated in the first period: they have no untreated period at all.
            if (unitCohort[u] != 0 && unitCohort[u] <= firstPeriod) { dropped++; continue; }
            keep[u] = true;
        }
        var cohortsAll = Enumerable.Range(0, unitCount).Where(u => keep[u] && unitCohort[u] > 0).Select(u => unitCohort[u]).Distinct().Order().ToArray();
        bool hasNever = Enumerable.Range(0, unitCount).Any(u => keep[u] && unitCohort[u] == 0);
        if (cohortsAll.Length == 0)
            throw new EstimationException(dropped > 0 ? StaggeredDidMessages.NoPrePeriod(firstPeriod, options.Anticipation) : StaggeredDidMessages.NoTreatedCohort);
        int delta = options.Anticipation;
        var cohorts = cohortsAll.Where(g => periods.Any(t => t + delta < g)).ToArray();
        if (cohorts.Length == 0) throw new EstimationException(StaggeredDidMessages.NoPrePeriod(firstPeriod, delta));
        if (!hasNever && cohortsAll.Length == 1) throw new EstimationException(StaggeredDidMessages.SingleCohortNoControls(cohortsAll[0]));
        if (!hasNever && options.ControlGroup == ControlGroup.NeverTreated) throw new EstimationException(StaggeredDidMessages.NoNeverTreated);
        if (!hasNever)
        {
            // did: without never-treated units, periods from the last cohort's start (less anticipation) on have no controls.
            int gMax = cohortsAll[^1];
            periods = periods.Where(t => t < gMax - delta).ToArray();
            if (periods.Length < 2) throw new EstimationException(StaggeredDidMessages.NoNotYetTreatedControls);
            // ... and the last cohort, never treated within those periods, is a control only: it has no ATT(g,t) cells.
            cohorts = cohorts.Where(g => g != gMax).ToArray();
        }

        // Sample positions: grouped by cohort (never treated first) so every influence function is 0 outside a few
        // contiguous ranges, then by label (ordinal), ties by index: independent of unit indices and row order.
        var positions = Enumerable.Range(0, unitCount).Where(u => keep[u])
            .OrderBy(u => unitCohort[u]).ThenBy(u => panel.UnitLabels[u], StringComparer.Ordinal).ThenBy(u => u).ToArray();
        int n = positions.Length;
        if (n < 2) throw new EstimationException(StaggeredDidMessages.TooFewClusters(n));
        var positionOf = Enumerable.Repeat(-1, unitCount).ToArray();
        for (int p = 0; p < n; p++) positionOf[positions[p]] = p;
        var periodIndex = new Dictionary<int, int>(periods.Length);
        for (int i = 0; i < periods.Length; i++) periodIndex[periods[i]] = i;

        int nt = periods.Length;
        var yFit = NaNGrid(nt, n);
        var yLevel = NaNGrid(nt, n);
        var x = new double[covariates.Length][][];
        for (int c = 0; c < covariates.Length; c++) x[c] = NaNGrid(nt, n);
        var seenRow = new int[nt * n];
        Array.Fill(seenRow, -1);
        int observations = 0;
        for (int r = 0; r < rows; r++)
        {
            int p = positionOf[unit[r]];
            if (p < 0 || !periodIndex.TryGetValue(time[r], out int ti)) continue;
            ref int seen = ref seenRow[ti * n + p];
            if (seen >= 0)
                throw new EstimationException(StaggeredDidMessages.DuplicateObservation(panel.UnitLabels[unit[r]], time[r], seen, r));
            seen = r;
            observations++;
            double y = outcome[r];
            yLevel[ti][p] = y;
            yFit[ti][p] = log ? Math.Log(y) : y;
            for (int c = 0; c < covariates.Length; c++) x[c][ti][p] = covariates[c][r];
        }

        var cohort = new int[n];
        var w = new double[n];
        double wSum = 0;
        for (int p = 0; p < n; p++) { cohort[p] = unitCohort[positions[p]]; w[p] = unitWeight[positions[p]]; wSum += w[p]; }
        if (!(wSum > 0)) throw new EstimationException(StaggeredDidMessages.InvalidWeight(0, panel.UnitLabels[positions[0]], 0));
        for (int p = 0; p < n; p++) w[p] *= n / wSum;
        var groupStart = new List<int> { 0 };
        for (int p = 1; p < n; p++) if (cohort[p] != cohort[p - 1]) groupStart.Add(p);
        groupStart.Add(n);

        return new PanelLayout
        {
            UnitCount = n,
            PanelUnit = positions,
            PanelUnitCount = unitCount,
            Periods = periods,
            Y = yFit,
            YLevel = yLevel,
            X = x,
            Cohort = cohort,
            Weight = w,
            Cohorts = cohorts,
            GroupStart = [.. groupStart],
            ClusterOfPosition = ClusterIndices(panel, options, positions),
            DroppedUnitCount = dropped,
            RepeatedCrossSections = options.AllowUnbalancedPanel && !balanced,
            ObservationCount = observations,
            OutcomeName = panel.OutcomeName,
        };
    }

    /// <summary>Each position's cluster index from <see cref="StaggeredDid.UnitClusters"/> (labels in ordinal order), or null.</summary>
    private static int[]? ClusterIndices(PanelData panel, StaggeredDid options, int[] positions)
    {
        if (options.UnitClusters is not { } clusters) return null;
        var labels = positions.Select(u => clusters.TryGetValue(panel.UnitLabels[u], out var c) ? c
            : throw new EstimationException(StaggeredDidMessages.UnitWithoutCluster(panel.UnitLabels[u]))).ToArray();
        var index = labels.Distinct().Order(StringComparer.Ordinal).Select((c, k) => (c, k)).ToDictionary(x => x.c, x => x.k, StringComparer.Ordinal);
        return [.. labels.Select(c => index[c])];
    }

    private static double[][] NaNGrid(int rows, int cols)
    {
        var g = new double[rows][];
        for (int i = 0; i < rows; i++) { g[i] = new double[cols]; Array.Fill(g[i], double.NaN); }
        return g;
    }
}
