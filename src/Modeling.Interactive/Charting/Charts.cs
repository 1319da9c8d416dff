using System.Globalization;
using Modeling.Results;
using Modeling.Estimation.Staggered;
using Modeling.Panel;

namespace Modeling.Interactive.Charting;

/// <summary>
/// Charts of the toolkit's objects for notebooks. Multipliers are drawn on a log axis (×2 and ÷2 look equally far from 1)
/// with their confidence intervals as error bars and a dashed line at 1 = no change.
/// </summary>
public static class Charts
{
    private const string MultiplierAxis = "multiplier (with AI ÷ without AI)";

    /// <summary>
    /// Adoption over time: the share of teams that have reached the panel's adoption threshold, and the share of all
    /// members active with AI (ai_active_share weighted by members). Org-wide figures only: no team is shown.
    /// </summary>
    public static ChartView AdoptionCurve(TeamPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (panel.RowCount == 0) throw new ArgumentException(Messages.NoRows("panel rows"), nameof(panel));
        var active = panel.Values(PanelColumns.AiActiveShare);
        var periods = Enumerable.Range(0, panel.RowCount)
            .GroupBy(r => panel.PeriodIndex[r])
            .OrderBy(g => g.Key)
            .Select(g => (Ordinal: g.Key, Label: panel.PeriodLabel[g.First()], Rows: g.Where(r => !double.IsNaN(active[r])).ToArray()))
            .ToArray();
        var adoptedShare = periods.Select(p => (double)panel.Teams.Count(t => t.Cohort != 0 && t.Cohort <= p.Ordinal) / panel.Teams.Length).ToArray();
        var activeShare = periods.Select(p =>
        {
            double members = p.Rows.Sum(r => (double)panel.Members[r]);
            return members > 0 ? p.Rows.Sum(r => active[r] * panel.Members[r]) / members : double.NaN;
        }).ToArray();
        var labels = periods.Select(p => p.Label).ToArray();
        return new ChartView(new ChartSpec(
            $"AI adoption (threshold {panel.Options.AdoptionThreshold.ToString("0.##", CultureInfo.InvariantCulture)})", "period", "share",
            [
                new SeriesSpec("teams adopted", SeriesKind.Line, null, labels, adoptedShare),
                new SeriesSpec("engineers active with AI", SeriesKind.Line, null, labels, activeShare),
            ]));
    }

    /// <summary>The event study of one outcome from results (<see cref="ResultsDocument.EventStudy"/>).</summary>
    public static ChartView EventStudy(IEnumerable<EventStudyRow> rows, string outcome)
    {
        var points = rows.Where(r => r.Outcome == outcome).OrderBy(r => r.EventTime).ToArray();
        if (points.Length == 0) throw new ArgumentException(Messages.NoRows($"event-study rows for '{outcome}'"), nameof(rows));
        double[] x = [.. points.Select(p => (double)p.EventTime)];
        return new ChartView(new ChartSpec($"Event study: {outcome}", "periods since adoption", MultiplierAxis,
            [
                new SeriesSpec("multiplier", SeriesKind.Markers, x, null, [.. points.Select(p => N(p.Multiplier))],
                    [.. points.Select(p => N(p.CiLow))], [.. points.Select(p => N(p.CiHigh))]),
                Reference("no change", 1, x[0], x[^1]),
            ], LogY: true));
    }

    /// <summary>
    /// The event study of a staggered DiD fit: multipliers when the fit has them (log or ratio scale), else level ATTs
    /// with a reference line at 0.
    /// </summary>
    public static ChartView EventStudy(StaggeredDidResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var elements = result.Dynamic.Elements.Where(e => e.Key is not null).ToArray();
        if (elements.Length == 0) throw new ArgumentException(Messages.NoRows("event times"), nameof(result));
        double[] x = [.. elements.Select(e => (double)e.Key!.Value)];
        bool multiplier = elements.All(e => e.Multiplier is not null);
        var series = multiplier
            ? new SeriesSpec("multiplier", SeriesKind.Markers, x, null, [.. elements.Select(e => e.Multiplier!.Value)],
                [.. elements.Select(e => e.Multiplier!.CiLow)], [.. elements.Select(e => e.Multiplier!.CiHigh)])
            : new SeriesSpec("ATT", SeriesKind.Markers, x, null, [.. elements.Select(e => e.Estimate)],
                [.. elements.Select(e => e.Effect.CiLow)], [.. elements.Select(e => e.Effect.CiHigh)]);
        return new ChartView(new ChartSpec($"Event study: {result.OutcomeName}", "periods since treatment",
            multiplier ? MultiplierAxis : "ATT", [series, Reference(multiplier ? "no change" : "zero", multiplier ? 1 : 0, x[0], x[^1])], LogY: multiplier));
    }

    /// <summary>
    /// Every estimator's multiplier for one outcome side by side: the naive number beside the causal ones; optional
    /// dashed reference levels (a known truth, a target).
    /// </summary>
    public static ChartView Estimators(IEnumerable<EffectRow> effects, string outcome, IReadOnlyList<(string Name, double Value)>? references = null)
    {
        var rows = effects.Where(e => e.Outcome == outcome).ToArray();
        if (rows.Length == 0) throw new ArgumentException(Messages.NoRows($"effects for '{outcome}'"), nameof(effects));
        string[] labels = [.. rows.Select(e => e.Headline ? e.Estimator + " (headline)" : e.Estimator)];
        return new ChartView(new ChartSpec($"Naive vs causal: {outcome}", "estimator", MultiplierAxis,
            [
                new SeriesSpec("multiplier", SeriesKind.Markers, null, labels, [.. rows.Select(e => N(e.Multiplier))],
                    [.. rows.Select(e => N(e.CiLow))], [.. rows.Select(e => N(e.CiHigh))]),
                new SeriesSpec("no change", SeriesKind.Reference, null, labels, [.. rows.Select(_ => 1.0)]),
                .. (references ?? []).Select(r => new SeriesSpec(r.Name, SeriesKind.Reference, null, labels, [.. rows.Select(_ => r.Value)])),
            ], LogY: true));
    }

    /// <summary>Each mandate's target beside the estimate and interval it is judged on.</summary>
    public static ChartView Mandates(IEnumerable<MandateRow> mandates)
    {
        var rows = mandates.Where(m => m.Estimate is not null).ToArray();
        if (rows.Length == 0) throw new ArgumentException(Messages.NoRows("mandates with an estimate"), nameof(mandates));
        string[] labels = [.. rows.Select(m => $"{m.MandateId}: {m.Metric}")];
        return new ChartView(new ChartSpec("Mandated targets against the evidence", "mandate", MultiplierAxis,
            [
                new SeriesSpec("estimate (95% CI)", SeriesKind.Markers, null, labels, [.. rows.Select(m => m.Estimate!.Value)],
                    [.. rows.Select(m => m.CiLow ?? double.NaN)], [.. rows.Select(m => m.CiHigh ?? double.NaN)]),
                new SeriesSpec("target", SeriesKind.Markers, null, labels, [.. rows.Select(m => N(m.TargetMultiplier))]),
                new SeriesSpec("no change", SeriesKind.Reference, null, labels, [.. rows.Select(_ => 1.0)]),
            ], LogY: true));
    }

    /// <summary>
    /// The dose-response double machine learning implies for one outcome: the multiplier from 0 to each adoption share
    /// (1 at no adoption), with the observed range of the treatment in the title and optional target levels.
    /// </summary>
    public static ChartView DoseResponse(IEnumerable<DoseResponseRow> rows, string outcome, DoseRange? observed = null,
        IReadOnlyList<(string Name, double Value)>? references = null)
    {
        var points = rows.Where(r => r.Outcome == outcome).OrderBy(r => r.Adoption).ToArray();
        if (points.Length == 0) throw new ArgumentException(Messages.NoRows($"dose-response rows for '{outcome}'"), nameof(rows));
        string range = observed is null ? "" : string.Create(CultureInfo.InvariantCulture, $" (observed {observed.Treatment} {observed.Min:0.00}–{observed.Max:0.00})");
        return Multipliers($"Dose-response (DML): {outcome}{range}", $"{points[0].Treatment} (share of engineers active with AI)",
            [0.0, .. points.Select(p => p.Adoption)], [1.0, .. points.Select(p => N(p.Multiplier))],
            [1.0, .. points.Select(p => N(p.CiLow))], [1.0, .. points.Select(p => N(p.CiHigh))], references);
    }

    /// <summary>
    /// Multipliers with intervals against a numeric x (a what-if sweep, a dose-response), with optional dashed
    /// reference levels such as a mandated 3×.
    /// </summary>
    public static ChartView Multipliers(string title, string xTitle, IReadOnlyList<double> x, IReadOnlyList<double> multiplier,
        IReadOnlyList<double> ciLow, IReadOnlyList<double> ciHigh, IReadOnlyList<(string Name, double Value)>? references = null)
    {
        if (x.Count == 0) throw new ArgumentException(Messages.NoRows("points"), nameof(x));
        var series = new List<SeriesSpec> { new("multiplier", SeriesKind.Line, [.. x], null, [.. multiplier], [.. ciLow], [.. ciHigh]) };
        series.Add(Reference("no change", 1, x.Min(), x.Max()));
        foreach (var (name, value) in references ?? []) series.Add(Reference(name, value, x.Min(), x.Max()));
        return new ChartView(new ChartSpec(title, xTitle, MultiplierAxis, series, LogY: true));
    }

    /// <summary>A number of the results as plotted: a missing one is a gap (NaN).</summary>
    private static double N(double? value) => value ?? double.NaN;

    private static SeriesSpec Reference(string name, double y, double from, double to) =>
        new(name, SeriesKind.Reference, [from, to], null, [y, y]);
}
