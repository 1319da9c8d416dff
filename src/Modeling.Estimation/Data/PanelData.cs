namespace Modeling.Estimation.Data;

/// <summary>
/// A long panel (or cross-section) as the estimators read it: one entry per observation in parallel,
/// immutable arrays. Units are dense indices 0..UnitCount-1 (their labels in <see cref="UnitLabels"/>);
/// times are ordered integer labels (e.g. years, or year*12+month for months), all greater than zero.
/// </summary>
public sealed class PanelData
{
    /// <summary>Cohort value meaning "never treated" (CONTRACT §5: 0 or empty).</summary>
    public const int NeverTreated = 0;

    public PanelData(
        IReadOnlyList<int> unit,
        IReadOnlyList<int> time,
        IReadOnlyList<double> outcome,
        IReadOnlyList<string> unitLabels,
        IReadOnlyList<int>? cohort = null,
        IReadOnlyList<double>? treatment = null,
        IReadOnlyDictionary<string, IReadOnlyList<double>>? covariates = null,
        IReadOnlyList<double>? weight = null,
        string outcomeName = "y")
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(unitLabels);
        int n = outcome.Count;
        RequireLength(unit, n, nameof(unit));
        RequireLength(time, n, nameof(time));
        if (cohort is not null) RequireLength(cohort, n, nameof(cohort));
        if (treatment is not null) RequireLength(treatment, n, nameof(treatment));
        if (weight is not null) RequireLength(weight, n, nameof(weight));
        for (int i = 0; i < n; i++)
        {
            if (unit[i] < 0 || unit[i] >= unitLabels.Count)
                throw new ArgumentException($"The 'unit' parameter of PanelData must hold indices in [0, {unitLabels.Count}). Got {unit[i]} at row {i} instead.", nameof(unit));
            if (time[i] <= 0)
                throw new ArgumentException($"The 'time' parameter of PanelData must hold labels greater than 0. Got {time[i]} at row {i} instead.", nameof(time));
        }

        Unit = [.. unit];
        Time = [.. time];
        Outcome = [.. outcome];
        UnitLabels = [.. unitLabels];
        Cohort = cohort is null ? null : [.. cohort];
        Treatment = treatment is null ? null : [.. treatment];
        Weight = weight is null ? null : [.. weight];
        var cov = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        if (covariates is not null)
            foreach (var (name, values) in covariates)
            {
                RequireLength(values, n, $"covariates[{name}]");
                cov[name] = [.. values];
            }
        Covariates = cov;
        OutcomeName = outcomeName;
    }

    public IReadOnlyList<int> Unit { get; }
    public IReadOnlyList<int> Time { get; }
    public IReadOnlyList<double> Outcome { get; }
    public IReadOnlyList<string> UnitLabels { get; }
    /// <summary>First treated period per observation (constant within a unit), <see cref="NeverTreated"/> if never.</summary>
    public IReadOnlyList<int>? Cohort { get; }
    /// <summary>Continuous treatment intensity (e.g. ai_active_share), for DML and dose-response.</summary>
    public IReadOnlyList<double>? Treatment { get; }
    public IReadOnlyList<double>? Weight { get; }
    /// <summary>Covariates by name, ordinal-sorted so iteration order is deterministic.</summary>
    public IReadOnlyDictionary<string, double[]> Covariates { get; }
    public string OutcomeName { get; }

    public int Count => Outcome.Count;
    public int UnitCount => UnitLabels.Count;

    /// <summary>The same panel with another outcome column (e.g. a placebo outcome or a log transform).</summary>
    public PanelData WithOutcome(IReadOnlyList<double> outcome, string outcomeName) =>
        new(Unit, Time, outcome, UnitLabels, Cohort, Treatment, Covariates.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value), Weight, outcomeName);

    /// <summary>The same panel with other row weights (null: unweighted).</summary>
    public PanelData WithWeight(IReadOnlyList<double>? weight) =>
        new(Unit, Time, Outcome, UnitLabels, Cohort, Treatment, Covariates.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value), weight, OutcomeName);

    /// <summary>The same panel with another cohort column (e.g. placebo adoption dates).</summary>
    public PanelData WithCohort(IReadOnlyList<int> cohort) =>
        new(Unit, Time, Outcome, UnitLabels, cohort, Treatment, Covariates.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value), Weight, OutcomeName);

    /// <summary>
    /// The given rows only, units renumbered densely in their old order (labels kept), with each row's cohort from
    /// <paramref name="cohortOf"/> (row index → cohort; the panel's own when null); null when no row is given.
    /// </summary>
    public PanelData? Rows(IReadOnlyList<int> rows, Func<int, int>? cohortOf = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return null;
        var units = rows.Select(i => Unit[i]).Distinct().Order().ToArray();
        var index = new Dictionary<int, int>(units.Length);
        for (int j = 0; j < units.Length; j++) index[units[j]] = j;
        var cohort = cohortOf ?? (Cohort is { } c ? i => c[i] : null);
        return new PanelData(
            [.. rows.Select(i => index[Unit[i]])], [.. rows.Select(i => Time[i])], [.. rows.Select(i => Outcome[i])],
            [.. units.Select(u => UnitLabels[u])], cohort is null ? null : [.. rows.Select(cohort)],
            Treatment is { } d ? [.. rows.Select(i => d[i])] : null,
            Covariates.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)[.. rows.Select(i => kv.Value[i])]),
            Weight is { } w ? [.. rows.Select(i => w[i])] : null,
            OutcomeName);
    }

    private static void RequireLength<T>(IReadOnlyList<T> values, int n, string name)
    {
        if (values.Count != n)
            throw new ArgumentException($"The '{name}' parameter of PanelData must have {n} entries (one per observation). Got {values.Count} instead.", name);
    }
}
