using Modeling.Estimation.Data;
using Modeling.Estimation.Regression;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Estimation.GoodmanBacon;

/// <summary>Kind of 2×2 comparison in the Goodman-Bacon decomposition (labels as in R bacondecomp).</summary>
public enum BaconComparisonType
{
    /// <summary>A timing group against the never treated ("Treated vs Untreated").</summary>
    TreatedVsUntreated,
    /// <summary>An earlier group against a later one before the later adopts ("Earlier vs Later Treated").</summary>
    EarlierVsLaterTreated,
    /// <summary>A later group against an earlier one that is already treated ("Later vs Earlier Treated") — the "forbidden" comparison.</summary>
    LaterVsEarlierTreated,
    /// <summary>A group against units treated in every period ("Later vs Always Treated").</summary>
    LaterVsAlwaysTreated,
}

/// <summary>One 2×2 difference-in-differences: treated and control groups named by their first treated period (0 = never).</summary>
public sealed record BaconComparison(BaconComparisonType Type, int TreatedCohort, int ControlCohort, double Estimate, double Weight);

/// <summary>Total weight and weighted average estimate of one comparison type.</summary>
public sealed record BaconTypeSummary(BaconComparisonType Type, double Weight, double AverageEstimate);

/// <summary>
/// Goodman-Bacon (2021, J. Econometrics 225(2), Theorem 1): the static OLS TWFE coefficient on a binary absorbing
/// treatment in a balanced panel is a weighted average of all 2×2 DiD comparisons between timing groups, with
/// weights from group sizes and the variance of treatment within each pair. Unweighted, no covariates.
/// </summary>
public sealed record BaconDecomposition
{
    public BaconDecompositionResult Fit(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var cohort = panel.Cohort ?? throw new EstimationException(Messages.MissingCohort("The Goodman-Bacon decomposition"));
        if (panel.Weight is not null) throw new EstimationException(Messages.BaconNeedsUnweighted);
        for (int i = 0; i < panel.Count; i++)
            if (!double.IsFinite(panel.Outcome[i])) throw new EstimationException(Messages.NonFiniteValue(panel.OutcomeName, i, panel.Outcome[i]));

        var times = panel.Time.Distinct().Order().ToArray();
        int periods = times.Length;
        var timeIndex = times.Select((t, k) => (t, k)).ToDictionary(x => x.t, x => x.k);

        // Balanced panel: every unit once in every period. y[u, s] and first-treated index per unit.
        var present = panel.Unit.Distinct().Order().ToArray();
        var unitRow = present.Select((u, r) => (u, r)).ToDictionary(x => x.u, x => x.r);
        var y = new double[present.Length, periods];
        var seen = new int[present.Length];
        var unitCohort = new int[present.Length];
        var filled = new bool[present.Length, periods];
        for (int i = 0; i < panel.Count; i++)
        {
            int r = unitRow[panel.Unit[i]], s = timeIndex[panel.Time[i]];
            if (filled[r, s]) throw new EstimationException(Messages.BaconNeedsBalancedPanel(panel.UnitLabels[panel.Unit[i]], seen[r] + 1, periods));
            filled[r, s] = true;
            y[r, s] = panel.Outcome[i];
            seen[r]++;
            unitCohort[r] = cohort[i];
        }
        for (int r = 0; r < present.Length; r++)
            if (seen[r] != periods) throw new EstimationException(Messages.BaconNeedsBalancedPanel(panel.UnitLabels[present[r]], seen[r], periods));

        // Timing groups by first treated index: 0 = always treated, periods = never (incl. adoption after the panel).
        int FirstIndex(int c) => c == PanelData.NeverTreated ? periods : Array.FindIndex(times, t => t >= c) is var k and >= 0 ? k : periods;
        var groups = Enumerable.Range(0, present.Length).GroupBy(r => FirstIndex(unitCohort[r]))
            .OrderBy(g => g.Key).Select(g => new Group(g.Key, [.. g])).ToArray();
        double totalUnits = present.Length;
        double Share(Group g) => g.Units.Length / totalUnits;
        double Treated(Group g) => (periods - g.First) / (double)periods; // D̄: share of periods treated
        int Label(Group g) => g.First >= periods ? 0 : times[g.First];

        double Mean(Group g, int from, int to)
        {
            double s = 0;
            foreach (int r in g.Units) for (int k = from; k < to; k++) s += y[r, k];
            return s / (g.Units.Length * (to - from));
        }
        // 2×2 DiD over periods [from, to) switching at `at`.
        double Did(Group treated, Group control, int from, int at, int to) =>
            Mean(treated, at, to) - Mean(treated, from, at) - (Mean(control, at, to) - Mean(control, from, at));

        var raw = new List<(BaconComparisonType Type, Group T, Group C, double Estimate, double Weight)>();
        var never = groups.FirstOrDefault(g => g.First >= periods);
        var timing = groups.Where(g => g.First > 0 && g.First < periods).ToArray();
        var always = groups.FirstOrDefault(g => g.First == 0);
        if (never is not null)
            foreach (var k in timing)
            {
                double nk = Share(k), nu = Share(never), d = Treated(k), nkU = nk / (nk + nu);
                double weight = Math.Pow(nk + nu, 2) * nkU * (1 - nkU) * d * (1 - d);
                raw.Add((BaconComparisonType.TreatedVsUntreated, k, never, Did(k, never, 0, k.First, periods), weight));
            }
        foreach (var k in timing)
            foreach (var l in timing.Where(l => l.First > k.First))
            {
                double nk = Share(k), nl = Share(l), dk = Treated(k), dl = Treated(l), nkl = nk / (nk + nl);
                double wEarly = Math.Pow((nk + nl) * (1 - dl), 2) * nkl * (1 - nkl) * ((dk - dl) / (1 - dl)) * ((1 - dk) / (1 - dl));
                raw.Add((BaconComparisonType.EarlierVsLaterTreated, k, l, Did(k, l, 0, k.First, l.First), wEarly));
                double wLate = Math.Pow((nk + nl) * dk, 2) * nkl * (1 - nkl) * (dl / dk) * ((dk - dl) / dk);
                raw.Add((BaconComparisonType.LaterVsEarlierTreated, l, k, Did(l, k, k.First, l.First, periods), wLate));
            }
        if (always is not null)
            foreach (var l in timing)
            {
                double na = Share(always), nl = Share(l), dl = Treated(l), nal = na / (na + nl);
                double weight = Math.Pow(na + nl, 2) * nal * (1 - nal) * dl * (1 - dl);
                raw.Add((BaconComparisonType.LaterVsAlwaysTreated, l, always, Did(l, always, 0, l.First, periods), weight));
            }
        double total = raw.Sum(c => c.Weight);
        if (raw.Count == 0 || !(total > 0)) throw new EstimationException(Messages.BaconNeedsTimingVariation);

        var comparisons = raw.Select(c => new BaconComparison(c.Type, Label(c.T), c.C.First == 0 ? times[0] : Label(c.C), c.Estimate, c.Weight / total)).ToArray();
        var summary = comparisons.GroupBy(c => c.Type).OrderBy(g => g.Key)
            .Select(g => new BaconTypeSummary(g.Key, g.Sum(c => c.Weight), g.Sum(c => c.Weight * c.Estimate) / g.Sum(c => c.Weight))).ToArray();

        var treatedIndicator = Twfe.AdoptionIndicator(panel.Time, cohort);
        var twfe = FixedEffectsRegression.Ols(new RegressionInput(panel.Outcome, [new Regressor(Twfe.TreatedTerm, treatedIndicator)], panel.Unit, panel.Time, null, panel.OutcomeName));
        if (twfe.IndexOf(Twfe.TreatedTerm) < 0) throw new EstimationException(Messages.TreatmentCollinear(Twfe.TreatedTerm));

        return new BaconDecompositionResult(twfe.Coefficients[0], comparisons, summary, total);
    }

    private sealed record Group(int First, int[] Units);
}

/// <summary>
/// The decomposition: every 2×2 comparison (weights sum to 1), the per-type summary, and the TWFE coefficient it
/// decomposes. <see cref="TreatmentVariance"/> is the sum of the unnormalised weights, which Theorem 1 equates with
/// the variance of the double-demeaned treatment.
/// </summary>
public sealed record BaconDecompositionResult(
    double TwfeEstimate,
    IReadOnlyList<BaconComparison> Comparisons,
    IReadOnlyList<BaconTypeSummary> ByType,
    double TreatmentVariance)
{
    /// <summary>Σ weight × estimate: equals <see cref="TwfeEstimate"/> up to rounding.</summary>
    public double WeightedSum => Comparisons.Sum(c => c.Weight * c.Estimate);
}
