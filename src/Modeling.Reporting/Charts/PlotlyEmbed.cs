using Giraffe.ViewEngine;
using Microsoft.FSharp.Collections;
using Newtonsoft.Json;
using Plotly.NET;

namespace Modeling.Reporting.Charts;

/// <summary>
/// Puts Plotly.NET charts on the page: plotly.js once (Plotly.NET's <see cref="PlotlyJSReference.Full"/>, the copy
/// bundled in the package, so the page needs no network), and per chart a div with a stable id plus the script that
/// draws into it (<see cref="PlotlyJSReference.NoReference"/>: no second copy of plotly.js).
/// </summary>
public static class PlotlyEmbed
{
    private static readonly Lazy<string> PlotlyScript = new(ExtractFullScript);

    /// <summary>The plotly.js version Plotly.NET bundles (read from the script's banner).</summary>
    public static string PlotlyJsVersion
    {
        get
        {
            const string marker = "plotly.js v";
            string script = PlotlyScript.Value;
            int at = script.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) return "unknown";
            int end = script.IndexOfAny(['\n', '\r', ' '], at + marker.Length);
            return script[(at + marker.Length)..end];
        }
    }

    /// <summary>The one inline script element carrying plotly.js.</summary>
    public static string InlinePlotlyScript() => PlotlyScript.Value;

    /// <summary>A chart's div and drawing script; <paramref name="id"/> must be stable so output is deterministic.</summary>
    public static string ChartMarkup(string id, GenericChart chart, Layout layout, int height)
    {
        string data = JsonConvert.SerializeObject(GenericChart.getTraces(chart), Globals.JSON_CONFIG);
        string layoutJson = JsonConvert.SerializeObject(layout, Globals.JSON_CONFIG);
        string config = JsonConvert.SerializeObject(new
        {
            responsive = true,
            displaylogo = false,
            modeBarButtonsToRemove = new[] { "select2d", "lasso2d", "autoScale2d", "toggleSpikelines" },
            toImageButtonOptions = new { filename = id },
        });
        var script = HTML.CreateChartScript(data, layoutJson, config, PlotlyJSReference.NoReference, id);
        return $"<div id=\"{id}\" class=\"chart\" style=\"height:{height}px\" aria-hidden=\"true\"></div>\n"
            + RenderView.AsString.htmlNode(script) + "\n";
    }

    private static string ExtractFullScript()
    {
        // HTML.Doc is Plotly.NET's public way to emit PlotlyJSReference.Full; keep only its inline <script> element.
        var document = HTML.Doc(FSharpList<HtmlElements.XmlNode>.Empty, "t", "utf-8", "d", HtmlElements.rawText(""), PlotlyJSReference.Full, null, null);
        string html = RenderView.AsString.htmlDocument(document);
        int start = html.IndexOf("<script", StringComparison.Ordinal);
        int end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        if (start < 0 || end < 0) throw new InvalidOperationException("Plotly.NET did not emit an inline plotly.js script.");
        return html[start..(end + "</script>".Length)];
    }
}
