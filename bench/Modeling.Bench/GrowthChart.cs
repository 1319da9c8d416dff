using Plotly.NET;
using C = Plotly.NET.CSharp;

namespace Modeling.Bench;

/// <summary>
/// Seconds per stage against millions of ai_usage rows on log–log axes (a straight line of slope 1 = linear growth),
/// as a Plotly.NET page that loads plotly.js from its CDN: a benchmark artifact, unlike the offline report.
/// </summary>
internal static class GrowthChart
{
    public static string Html(IReadOnlyList<(long UsageRows, IReadOnlyList<(string Stage, double Seconds)> Stages)> sizes)
    {
        var stages = sizes[0].Stages.Select(s => s.Stage).ToList();
        var traces = stages.Select(stage =>
        {
            var x = sizes.Select(s => s.UsageRows / 1e6).ToArray();
            var y = sizes.Select(s => s.Stages.First(m => m.Stage == stage).Seconds).ToArray();
            var chart = C.Chart.Line<double, double, string>(x: x, y: y, Name: stage.Replace("`", "", StringComparison.Ordinal));
            GenericChart.getTraces(chart).Head.SetProperty("mode", "lines+markers");
            return chart;
        }).ToArray();
        var combined = C.Chart.Combine(traces);
        var layout = new Layout();
        layout.SetProperty("title", new { text = "Cost by organisation size (log–log)" });
        layout.SetProperty("xaxis", new { type = "log", title = new { text = "ai_usage rows (millions)" } });
        layout.SetProperty("yaxis", new { type = "log", title = new { text = "seconds" } });
        layout.SetProperty("height", 560);
        return GenericChart.toEmbeddedHTML(GenericChart.setLayout(layout, combined));
    }
}
