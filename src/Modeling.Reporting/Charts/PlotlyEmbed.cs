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

    /// <summary>A chart's markup (its div and drawing script) and the script's text, which the page's
    /// Content-Security-Policy names by hash.</summary>
    public sealed record ChartPart(string Markup, string Script);

    /// <summary>A chart's div and drawing script, and the script's text; <paramref name="id"/> must be stable so output is deterministic.</summary>
    public static ChartPart Chart(string id, GenericChart chart, Layout layout, int height)
    {
        // Strings from results.json reach traces and layout: shown as plain text, escaped for the script element.
        string data = ChartJson.ForScript(JsonConvert.SerializeObject(GenericChart.getTraces(chart), Globals.JSON_CONFIG));
        string layoutJson = ChartJson.ForScript(JsonConvert.SerializeObject(layout, Globals.JSON_CONFIG));
        string config = JsonConvert.SerializeObject(new
        {
            responsive = true,
            displaylogo = false,
            modeBarButtonsToRemove = new[] { "select2d", "lasso2d", "autoScale2d", "toggleSpikelines" },
            toImageButtonOptions = new { filename = id },
        });
        if (!IsSafeId(id)) throw new ArgumentException($"A chart id must be ASCII letters, digits and hyphens: {id}", nameof(id));
        string script = RenderView.AsString.htmlNode(HTML.CreateChartScript(data, layoutJson, config, PlotlyJSReference.NoReference, id));
        return new ChartPart($"<div id=\"{id}\" class=\"chart\" style=\"height:{height}px\" aria-hidden=\"true\"></div>\n" + script + "\n",
            ScriptText(script));
    }

    /// <summary>The text of a single script element.</summary>
    public static string ScriptText(string scriptElement)
    {
        int start = scriptElement.IndexOf('>') + 1;
        int end = scriptElement.LastIndexOf("</script>", StringComparison.Ordinal);
        if (!scriptElement.StartsWith("<script", StringComparison.Ordinal) || start <= 0 || end < start
            || scriptElement.IndexOf("</script", start, StringComparison.OrdinalIgnoreCase) != end)
            throw new InvalidOperationException("Not one script element: " + scriptElement[..Math.Min(80, scriptElement.Length)]);
        return scriptElement[start..end];
    }

    /// <summary>Chart ids become an HTML id, a JavaScript name and a file name: only letters, digits and hyphens.</summary>
    private static bool IsSafeId(string id) => id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

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
