using System.Globalization;
using System.Text;
using Modeling.Reporting.Charts;
using Modeling.Results;
using Modeling.Reporting.Text;
using Plotly.NET;
using static Modeling.Reporting.Page.Html;
using C = Plotly.NET.CSharp;

namespace Modeling.Reporting.Page;

internal sealed partial class ReportPage
{
    private string DoseResponse()
    {
        if (r.DoseResponse is not { Count: > 0 } dose) return NotEstimated("Dose-response (effect by share of engineers using AI)");
        var b = new StringBuilder();
        var outcomes = dose.Select(d => d.Outcome).Distinct().ToList();
        var focus = FocusOutcomes();
        outcomes = outcomes.OrderBy(o => focus.Contains(o) ? 0 : 1).ThenBy(o => outcomes.IndexOf(o)).ToList();
        foreach (var outcome in outcomes)
        {
            var rows = dose.Where(d => d.Outcome == outcome && d.Multiplier is not null && double.IsFinite(d.Adoption)).OrderBy(d => d.Adoption).ToList();
            if (rows.Count == 0) continue;
            var traces = new List<GenericChart>();
            var observed = rows.Where(d => !d.Extrapolation).ToList();
            var extrapolated = rows.Where(d => d.Extrapolation).ToList();
            // The dashed extrapolated line starts at the last observed point so the curve reads as one.
            if (extrapolated.Count > 0 && observed.Count > 0) extrapolated.Insert(0, observed[^1] with { Extrapolation = true });
            if (observed.Count > 0) traces.Add(DoseTrace("Within the observed adoption range", observed, "circle", "solid"));
            if (extrapolated.Count > 0) traces.Add(DoseTrace("Extrapolated beyond observed adoption", extrapolated, "circle-open", "dash"));
            var targets = r.Mandates.Where(m => m.Outcome == outcome && m.TargetMultiplier is not null).ToList();
            var shapes = new List<object> { ChartKit.ReferenceLine(vertical: false, at: 1) };
            var notes = new List<object>();
            foreach (var m in targets)
            {
                shapes.Add(ChartKit.ReferenceLine(vertical: false, at: m.TargetMultiplier!.Value, colour: Palette.Target, dash: "dot"));
                notes.Add(ChartKit.Note(0, Math.Log10(m.TargetMultiplier!.Value), $"target {Format.Target(m.TargetMultiplier)} ({m.MandateId})", xref: "paper", yref: "y"));
            }
            if (r.DoseRange is { Min: { } lo, Max: { } hi })
            {
                shapes.Add(new { type = "rect", xref = "x", yref = "paper", x0 = lo * 100, x1 = hi * 100, y0 = 0, y1 = 1, fillcolor = Palette.Observed, line = new { width = 0 }, layer = "below" });
                notes.Add(ChartKit.Note(lo * 100 + 1, 0.01, "adoption levels observed in the data", xref: "x"));
            }
            var values = rows.SelectMany(d => new[] { d.CiLow ?? d.Multiplier!.Value, d.CiHigh ?? d.Multiplier!.Value })
                .Concat(targets.Select(m => m.TargetMultiplier!.Value)).Where(v => v > 0 && double.IsFinite(v)).ToList();
            var layout = ChartKit.Layout(380, "Share of the team's engineers active with AI (%)", "");
            layout.SetProperty("yaxis", ChartKit.MultiplierAxis("Multiplier (log scale)", values.Min(), values.Max()));
            var x = ChartKit.Axis("Share of the team's engineers active with AI (%)");
            x["range"] = new[] { 0, 105 };
            x["ticksuffix"] = "%";
            layout.SetProperty("xaxis", x);
            layout.SetProperty("shapes", shapes);
            layout.SetProperty("annotations", notes);
            string chart = Chart("chart-dose-response-" + Slug(outcome), C.Chart.Combine(traces), layout, 380);

            var full = rows.LastOrDefault();
            string sentence = $"{E(Labels.Outcome(outcome))} against the share of engineers using AI (double machine learning). "
                + (full is null ? "" : $"At {Format.Share(full.Adoption)} adoption: {E(Format.Estimate(full.Multiplier, full.CiLow, full.CiHigh))}" + (full.Extrapolation ? " (extrapolated). " : ". "))
                + (r.DoseRange is { Min: { } a, Max: { } z } ? $"Adoption levels seen in the data range from {Format.Share(a)} to {Format.Share(z)}; points outside are extrapolated and drawn open with a dashed line." : "")
                + string.Concat(targets.Select(m => $" Target {Format.Target(m.TargetMultiplier)} ({E(m.MandateId)}): " + AdoptionNeededText(m) + "."));
            var table = Table($"Dose-response of {Labels.OutcomeInText(outcome)}", ["Adoption", "Multiplier", "95% interval", "Extrapolated"],
                rows.Select(d => (IReadOnlyList<string>)[Format.Share(d.Adoption), E(Format.Multiplier(d.Multiplier)), E(Format.Interval(d.CiLow, d.CiHigh)), d.Extrapolation ? "yes" : "no"]),
                numericColumns: [0, 1, 2]);
            b.Append(Figure($"Dose-response: {Labels.Outcome(outcome)}", chart, sentence, table));
        }
        return b.ToString();
    }

    private static string AdoptionNeededText(MandateRow m) => m.AdoptionNeededStatus switch
    {
        "unreachable" => "not reachable even at 100% adoption",
        _ when m.AdoptionNeeded is { } a => $"needs about {Format.Share(a)} of engineers active" + (m.AdoptionNeededStatus == "extrapolation" ? " (extrapolated)" : ""),
        _ => "adoption needed not estimated in this run",
    };

    private static GenericChart DoseTrace(string name, IReadOnlyList<DoseResponseRow> rows, string symbol, string dash)
    {
        var chart = C.Chart.Line<double, double, string>(x: rows.Select(d => d.Adoption * 100).ToArray(), y: rows.Select(d => d.Multiplier!.Value).ToArray(), Name: name);
        var trace = GenericChart.getTraces(chart).Head;
        trace.SetProperty("mode", "lines+markers");
        trace.SetProperty("line", new { color = Palette.Estimate, width = 2.5, dash });
        trace.SetProperty("marker", new { color = Palette.Estimate, symbol, size = 9, line = new { color = Palette.Estimate, width = 2 } });
        trace.SetProperty("error_y", new
        {
            type = "data",
            symmetric = false,
            array = rows.Select(d => Math.Max(0, (d.CiHigh ?? d.Multiplier!.Value) - d.Multiplier!.Value)).ToArray(),
            arrayminus = rows.Select(d => Math.Max(0, d.Multiplier!.Value - (d.CiLow ?? d.Multiplier!.Value))).ToArray(),
            color = Palette.Estimate,
            thickness = 1.5,
            width = 4,
        });
        trace.SetProperty("customdata", rows.Select(d => new[] { d.CiLow ?? double.NaN, d.CiHigh ?? double.NaN }).ToArray());
        trace.SetProperty("hovertemplate", "%{x:.0f}% adoption: %{y:.2f}× [%{customdata[0]:.2f}–%{customdata[1]:.2f}]<extra></extra>");
        return chart;
    }

    private string Breakdown()
    {
        if (r.Heterogeneity is not { Count: > 0 } rows) return NotEstimated("Breakdown by organisation, service tier and tool");
        var b = new StringBuilder();
        var outcomes = rows.Select(h => h.Outcome).Distinct().ToList();
        var focus = FocusOutcomes();
        string outcome = outcomes.FirstOrDefault(focus.Contains) ?? outcomes[0];
        foreach (var dimension in rows.Where(h => h.Outcome == outcome).Select(h => h.Dimension).Distinct())
            b.Append(GroupFigure(rows, outcome, dimension));
        var others = rows.Where(h => h.Outcome != outcome).ToList();
        if (others.Count > 0)
            b.Append("<details><summary>Breakdown of the other outcomes (table)</summary>\n")
             .Append(Table("Breakdown by group for the other outcomes", ["Outcome", "Dimension", "Group", "Multiplier", "95% interval", "Teams"],
                others.Select(h => (IReadOnlyList<string>)[E(Labels.Outcome(h.Outcome)), E(Labels.Dimension(h.Dimension)), E(h.Group),
                    h.Suppressed ? "suppressed" : E(Format.Multiplier(h.Multiplier)), h.Suppressed ? "suppressed" : E(Format.Interval(h.CiLow, h.CiHigh)),
                    h.Suppressed ? "—" : Format.Count(h.NTeams)]), numericColumns: [3, 4, 5]))
             .Append("</details>\n");
        return b.ToString();
    }

    /// <summary>One outcome's estimates by the groups of one dimension: chart, sentence and table (suppressed groups named, not shown).</summary>
    private string GroupFigure(IReadOnlyList<HeterogeneityRow> rows, string outcome, string dimension)
    {
        var groups = rows.Where(h => h.Outcome == outcome && h.Dimension == dimension)
            .Select(h => h with { Group = Labels.Group(h.Dimension, h.Group) }).ToList();
        var shown = groups.Where(g => !g.Suppressed && g.Multiplier is not null).ToList();
        var suppressed = groups.Where(g => g.Suppressed || g.Multiplier is null).ToList();
        var labels = groups.Select(g => g.Group).ToList();
        var traces = new List<GenericChart>();
        if (shown.Count > 0)
            traces.Add(ChartKit.PointsWithXInterval("Group estimate with 95% interval", shown.Select(g => g.Multiplier!.Value).ToList(), shown.Select(g => g.Group).ToList(),
                shown.Select(g => g.CiLow ?? g.Multiplier!.Value).ToList(), shown.Select(g => g.CiHigh ?? g.Multiplier!.Value).ToList(),
                Palette.Estimate, StyleParam.MarkerSymbol.Circle, 10, "Estimate"));
        var values = shown.SelectMany(g => new[] { g.CiLow ?? g.Multiplier!.Value, g.CiHigh ?? g.Multiplier!.Value }).Where(v => v > 0).DefaultIfEmpty(1).ToList();
        double left = Math.Min(values.Min(), 1) * 0.9;
        if (suppressed.Count > 0)
        {
            var text = C.Chart.Point<double, string, string>(x: suppressed.Select(_ => left).ToArray(), y: suppressed.Select(g => g.Group).ToArray(), Name: "Suppressed: too few engineers to show");
            var trace = GenericChart.getTraces(text).Head;
            trace.SetProperty("mode", "text");
            trace.SetProperty("text", suppressed.Select(_ => "suppressed (small group)").ToArray());
            trace.SetProperty("textfont", new { color = Palette.Naive, size = 12 });
            trace.SetProperty("textposition", "middle right");
            trace.SetProperty("hovertemplate", "%{y}: suppressed, fewer engineers than the privacy threshold<extra></extra>");
            traces.Add(text);
        }
        int height = 140 + 34 * groups.Count;
        var layout = ChartKit.Layout(height, "", "", leftMargin: 20);
        layout.SetProperty("xaxis", ChartKit.MultiplierAxis($"{Labels.Outcome(outcome)}: multiplier, log scale", values.Min(), values.Max()));
        var y = ChartKit.Axis("");
        y["type"] = "category";
        y["categoryorder"] = "array";
        y["categoryarray"] = labels;
        y["autorange"] = "reversed";
        layout.SetProperty("yaxis", y);
        layout.SetProperty("shapes", new[] { ChartKit.ReferenceLine(vertical: true, at: 1) });
        string chart = Chart($"chart-breakdown-{Slug(dimension)}", C.Chart.Combine(traces), layout, height);
        string sentence = $"{E(Labels.Outcome(outcome))} by {E(Labels.InText(Labels.Dimension(dimension)))}: "
            + string.Join("; ", shown.Select(g => $"{E(g.Group)} {E(Format.Estimate(g.Multiplier, g.CiLow, g.CiHigh))}"))
            + (suppressed.Count == 0 ? "." : $". Suppressed because they are too small to show without identifying people: {E(string.Join(", ", suppressed.Select(g => g.Group)))}.");
        var table = Table($"{Labels.Outcome(outcome)} by {Labels.InText(Labels.Dimension(dimension))}", ["Group", "Multiplier", "95% interval", "Teams", "Engineers", "Reading"],
            groups.Select(g => (IReadOnlyList<string>)(g.Suppressed || g.Multiplier is null
                ? [E(g.Group), "suppressed", "suppressed", g.Suppressed ? "—" : Format.Count(g.NTeams), "—", "too few engineers to show"]
                : [E(g.Group), E(Format.Multiplier(g.Multiplier)), E(Format.Interval(g.CiLow, g.CiHigh)), Format.Count(g.NTeams), Format.Decimal(g.Engineers, "0"), E(Labels.Reading(outcome, g.CiLow, g.CiHigh, g.PValueAdjusted))])),
            numericColumns: [1, 2, 3, 4]);
        return Figure($"{Labels.Dimension(dimension)}: {Labels.Outcome(outcome)}", chart, sentence, table);
    }

    private string CounterfactualModels()
    {
        if (r.CounterfactualModels is not { Count: > 0 } models) return NotEstimated("Counterfactual model (predicted outcome without AI)");
        var table = Table("Counterfactual models: fit and per-team uplift", ["Outcome", "Overall multiplier", "Cross-validated R²", "Cross-validated MAPE", "Folds", "Training rows", "Teams shown", "Teams suppressed", "Per team: min / median / max"],
            models.Select(m =>
            {
                var overall = r.Effect(m.Outcome, "counterfactual_model");
                var per = m.PerTeam.Where(t => t.Multiplier is not null).Select(t => t.Multiplier!.Value).Order().ToList();
                string spread = per.Count == 0 ? "—" : $"{Format.Multiplier(per[0])} / {Format.Multiplier(per[per.Count / 2])} / {Format.Multiplier(per[^1])}";
                return (IReadOnlyList<string>)[E(Labels.Outcome(m.Outcome)),
                    FailedCheck(m.Outcome, "counterfactual_model") is { } failed ? E(failed) : overall is null ? "—" : E(Format.Estimate(overall.Multiplier, overall.CiLow, overall.CiHigh)),
                    Format.Decimal(m.CvR2, "0.00"), m.CvMape is { } mape ? Format.Decimal(mape * 100, "0.0") + "%" : "n/a", Format.Count(m.CvFolds), Format.Count(m.TrainingRows),
                    Format.Count(m.PerTeam.Count), Format.Count(m.SuppressedTeams), E(spread)];
            }), numericColumns: [1, 2, 3, 4, 5, 6, 7]);
        return "<p>A gradient-boosted model (ML.NET FastTree) learns each outcome from teams and periods without AI, then predicts what adopting teams would have done without it. The overall multiplier is observed ÷ predicted over adopted team-periods. A low cross-validated R² means the prediction, and so the multiplier, is rough; at or below 0 the model predicts worse than the average and its multiplier is not shown as evidence.</p>\n" + table;
    }
}
