using System.Text;
using Modeling.Reporting.Charts;
using Modeling.Reporting.Text;
using Modeling.Results;
using Plotly.NET;
using static Modeling.Reporting.Page.Html;
using C = Plotly.NET.CSharp;

namespace Modeling.Reporting.Page;

/// <summary>Month over month (retrain's runs): each mandate's estimate and interval in every run kept, beside its target.</summary>
internal sealed partial class ReportPage
{
    /// <summary>Whether the results carry at least two runs to compare (only retrain writes a history).</summary>
    private bool HasHistory => r.Run?.History is { } h && h.Select(p => p.AsOf).Distinct().Count() >= 2;

    private string History()
    {
        var history = r.Run!.History!;
        var b = new StringBuilder();
        foreach (var mandate in history.Select(p => p.MandateId).Distinct().Order(StringComparer.Ordinal))
        {
            var points = history.Where(p => p.MandateId == mandate).OrderBy(p => p.AsOf, StringComparer.Ordinal).ToList();
            var estimated = points.Where(p => p.Estimate is > 0).ToList();
            if (estimated.Count == 0) continue;
            var chart = C.Chart.Point<string, double, string>(x: estimated.Select(p => p.AsOf).ToArray(), y: estimated.Select(p => p.Estimate!.Value).ToArray(),
                Name: "Estimate with 95% interval");
            var trace = GenericChart.getTraces(chart).Head;
            trace.SetProperty("mode", "lines+markers");
            trace.SetProperty("marker", new { color = Palette.Estimate, size = 8 });
            trace.SetProperty("line", new { color = Palette.Estimate, width = 1 });
            trace.SetProperty("error_y", new
            {
                type = "data",
                symmetric = false,
                array = estimated.Select(p => Math.Max(0, (p.CiHigh ?? p.Estimate!.Value) - p.Estimate!.Value)).ToArray(),
                arrayminus = estimated.Select(p => Math.Max(0, p.Estimate!.Value - (p.CiLow ?? p.Estimate!.Value))).ToArray(),
                color = Palette.Estimate,
                thickness = 1.5,
                width = 3,
            });
            trace.SetProperty("hovertemplate", "%{x}: %{y:.2f}×<extra></extra>");
            double? target = points.Select(p => p.TargetMultiplier).LastOrDefault(t => t is not null);
            var values = estimated.SelectMany(p => new[] { p.CiLow ?? p.Estimate!.Value, p.CiHigh ?? p.Estimate!.Value })
                .Append(target ?? 1).Append(1).Where(v => v > 0).ToList();
            var layout = ChartKit.Layout(260, "Run (data up to the end of that month)", "");
            var x = ChartKit.Axis("Run (data up to the end of that month)");
            x["type"] = "category";
            layout.SetProperty("xaxis", x);
            layout.SetProperty("yaxis", ChartKit.MultiplierAxis("Multiplier (log scale)", values.Min(), values.Max()));
            var shapes = new List<object> { ChartKit.ReferenceLine(vertical: false, at: 1) };
            if (target is { } t) shapes.Add(ChartKit.ReferenceLine(vertical: false, at: t, colour: Palette.Target));
            layout.SetProperty("shapes", shapes.ToArray());
            string html = Chart("chart-history-" + Slug(mandate), chart, layout, 260);
            var first = estimated[0];
            var last = estimated[^1];
            string sentence = $"{E(mandate)}: {E(Format.Estimate(first.Estimate, first.CiLow, first.CiHigh))} in {E(first.AsOf)}, "
                + $"{E(Format.Estimate(last.Estimate, last.CiLow, last.CiHigh))} in {E(last.AsOf)}"
                + (target is { } tt ? $"; target {E(Format.Target(tt))} (red line)." : ".")
                + (first.Verdict != last.Verdict && last.Verdict is not null ? $" The verdict moved from {E(Labels.Verdict(first.Verdict))} to {E(Labels.Verdict(last.Verdict))}." : "");
            var table = Table($"{mandate} run by run", ["Run", "Estimate", "95% interval", "Verdict"],
                points.Select(p => (IReadOnlyList<string>)[E(p.AsOf), E(Format.Multiplier(p.Estimate)), E(Format.Interval(p.CiLow, p.CiHigh)), E(Labels.Verdict(p.Verdict))]),
                numericColumns: [1, 2]);
            b.Append(Figure($"Month over month: {mandate}", html, sentence, table, collapseTable: true));
        }
        return b.ToString();
    }
}
