using System.Text.Json;

namespace Modeling.Interactive.Charting;

/// <summary>
/// A chart to show in a notebook: its data (<see cref="Spec"/>) and, on demand, the Plotly.NET HTML drawn in the
/// renderer's own load context. The registered formatter displays the HTML; the text form names the chart.
/// </summary>
public sealed class ChartView(ChartSpec spec)
{
    private readonly Lazy<string> _html = new(() => ChartRendererHost.RenderHtml(JsonSerializer.Serialize(spec, ChartSpecJson.Options)));

    public ChartSpec Spec { get; } = spec;

    /// <summary>A div plus the script that draws it with plotly.js (loaded by the notebook front end).</summary>
    public string ToHtml() => _html.Value;

    public override string ToString() =>
        $"[chart] {Spec.Title}: " + string.Join("; ", Spec.Series.Select(s => $"{s.Name} ({s.Y.Count} points)"));
}
