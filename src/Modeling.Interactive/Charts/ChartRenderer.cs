using System.Text.Json;
using Microsoft.FSharp.Core;
using Modeling.Interactive.Charting;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace Modeling.Interactive.Charts;

/// <summary>
/// Draws a <see cref="ChartSpec"/> with Plotly.NET and returns the chart's HTML fragment (a div and the script that
/// loads plotly.js in the notebook front end). Runs in its own AssemblyLoadContext (FSharp.Core 10.1); called by
/// reflection with strings only.
/// </summary>
public static class ChartRenderer
{
    /// <summary>
    /// Load plotly.js through require.js (loaded first when the front end lacks it), as Plotly.NET.Interactive does:
    /// notebook front ends (VS Code, Jupyter) have no plotly.js of their own, and outputs are HTML fragments.
    /// </summary>
    private static readonly DisplayOptions NotebookDisplay = DisplayOptions.init(null, null, null, null, null, null,
        Some(PlotlyJSReference.NewRequire("https://cdn.plot.ly/plotly-" + global::Globals.PLOTLYJS_VERSION + ".min")));

    /// <summary>The entry point: chart spec JSON in, HTML out.</summary>
    public static string RenderHtml(string specJson)
    {
        var spec = JsonSerializer.Deserialize<ChartSpec>(specJson, ChartSpecJson.Options)
            ?? throw new ArgumentException("The 'specJson' parameter of RenderHtml must hold a chart spec. Got null instead.", nameof(specJson));
        return GenericChart.toChartHTML(Plotly.NET.Chart.withDisplayOptions(NotebookDisplay).Invoke(Build(spec)));
    }

    private static GenericChart Build(ChartSpec spec)
    {
        var chart = Plotly.NET.Chart.combine(spec.Series.Select(Trace).ToArray());
        chart = Plotly.NET.Chart.withTitle(spec.Title, null).Invoke(chart);
        chart = chart.WithXAxisStyle<double, double, string>(TitleText: spec.XTitle);
        chart = spec.LogY
            ? chart.WithYAxisStyle<double, double, string>(TitleText: spec.YTitle, AxisType: StyleParam.AxisType.Log)
            : chart.WithYAxisStyle<double, double, string>(TitleText: spec.YTitle);
        return chart.WithSize(Width: 760, Height: 420);
    }

    private static GenericChart Trace(SeriesSpec s)
    {
        var y = s.Y.ToArray();
        var trace = s.XLabels is { } labels ? Draw(s, labels.ToArray(), y) : Draw(s, (s.X ?? [.. Enumerable.Range(0, y.Length).Select(i => (double)i)]).ToArray(), y);
        if (s.Low is { } low && s.High is { } high)
        {
            var plus = y.Select((v, i) => high[i] - v).ToArray();
            var minus = y.Select((v, i) => v - low[i]).ToArray();
            // Plotly.NET.CSharp has no error-bar helper; the F# one takes every optional argument explicitly.
            trace = Plotly.NET.Chart.withYErrorStyle<double, double>(Visible: Some(true), Type: Some(StyleParam.ErrorType.Data),
                Symmetric: Some(false), Array: Some<IEnumerable<double>>(plus), Arrayminus: Some<IEnumerable<double>>(minus),
                Value: null, Valueminus: null, Traceref: null, Tracerefminus: null, Copy_ystyle: null, Color: null,
                Thickness: null, Width: null).Invoke(trace);
        }
        return trace;
    }

    private static GenericChart Draw<TX>(SeriesSpec s, TX[] x, double[] y) where TX : IConvertible => s.Kind switch
    {
        SeriesKind.Bars => Plotly.NET.CSharp.Chart.Column<double, TX, string>(values: y, Keys: x, Name: s.Name),
        SeriesKind.Markers => Plotly.NET.CSharp.Chart.Point<TX, double, string>(x: x, y: y, Name: s.Name),
        SeriesKind.Reference => Plotly.NET.CSharp.Chart.Line<TX, double, string>(x: x, y: y, Name: s.Name,
            LineDash: StyleParam.DrawingStyle.Dash, LineWidth: 1.5),
        _ => Plotly.NET.CSharp.Chart.Line<TX, double, string>(x: x, y: y, Name: s.Name, ShowMarkers: true),
    };

    private static FSharpOption<T> Some<T>(T value) => FSharpOption<T>.Some(value);
}
