using Modeling.Reporting.Text;
using Plotly.NET;
using C = Plotly.NET.CSharp;

namespace Modeling.Reporting.Charts;

/// <summary>One colour and one marker shape per meaning, used by every chart and by the page's legend swatches.</summary>
public static class Palette
{
    public const string Estimate = "#1f5fa8";
    public const string Target = "#b2182b";
    public const string Naive = "#6b6b6b";
    public const string Velocity = "#1f5fa8";
    public const string Quality = "#d9730d";
    public const string Scope = "#6a51a3";
    public const string PrePeriod = "#8c8c8c";
    public const string Band = "rgba(31, 95, 168, 0.15)";
    public const string Observed = "rgba(31, 95, 168, 0.07)";
    public const string Reference = "#444444";
    public const string Grid = "#e6e6e6";
    public const string Ink = "#1d2733";

    public static string For(OutcomeFamily family) => family switch
    {
        OutcomeFamily.Quality => Quality,
        OutcomeFamily.Scope => Scope,
        _ => Velocity,
    };

    public static StyleParam.MarkerSymbol SymbolFor(OutcomeFamily family) => family switch
    {
        OutcomeFamily.Quality => StyleParam.MarkerSymbol.Square,
        OutcomeFamily.Scope => StyleParam.MarkerSymbol.TriangleUp,
        _ => StyleParam.MarkerSymbol.Circle,
    };
}

/// <summary>Small builders over Plotly.NET so that every chart shares fonts, grid, reference line and hover format.</summary>
internal static class ChartKit
{
    public const string FontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    /// <summary>Points with an asymmetric interval on x (horizontal forest plot rows).</summary>
    public static GenericChart PointsWithXInterval(string name, IReadOnlyList<double> x, IReadOnlyList<string> y,
        IReadOnlyList<double> low, IReadOnlyList<double> high, string colour, StyleParam.MarkerSymbol symbol, int size, string hoverLabel)
    {
        var chart = C.Chart.Point<double, string, string>(x: x, y: y, Name: name, MarkerColor: Color.fromHex(colour),
            MarkerSymbol: symbol);
        var trace = GenericChart.getTraces(chart).Head;
        trace.SetProperty("marker", new { color = colour, symbol = SymbolName(symbol), size, line = new { color = colour, width = 1.5 } });
        trace.SetProperty("error_x", new
        {
            type = "data",
            symmetric = false,
            array = x.Select((v, i) => Math.Max(0, high[i] - v)).ToArray(),
            arrayminus = x.Select((v, i) => Math.Max(0, v - low[i])).ToArray(),
            color = colour,
            thickness = 2,
            width = 5,
        });
        trace.SetProperty("customdata", low.Select((l, i) => new[] { l, high[i] }).ToArray());
        trace.SetProperty("hovertemplate", "%{y}<br>" + hoverLabel + ": %{x:.2f}× [%{customdata[0]:.2f}–%{customdata[1]:.2f}]<extra></extra>");
        return chart;
    }

    /// <summary>Plain markers (targets, naive numbers) on a horizontal forest plot.</summary>
    public static GenericChart Markers(string name, IReadOnlyList<double> x, IReadOnlyList<string> y, string colour,
        StyleParam.MarkerSymbol symbol, int size, string hoverLabel, bool open = false)
    {
        var chart = C.Chart.Point<double, string, string>(x: x, y: y, Name: name);
        var trace = GenericChart.getTraces(chart).Head;
        trace.SetProperty("marker", new
        {
            color = open ? "rgba(255,255,255,1)" : colour,
            symbol = SymbolName(symbol),
            size,
            line = new { color = colour, width = 2 },
        });
        trace.SetProperty("hovertemplate", "%{y}<br>" + hoverLabel + ": %{x:.2f}×<extra></extra>");
        return chart;
    }

    public static string SymbolName(StyleParam.MarkerSymbol symbol) =>
        symbol == StyleParam.MarkerSymbol.Square ? "square"
        : symbol == StyleParam.MarkerSymbol.Diamond ? "diamond"
        : symbol == StyleParam.MarkerSymbol.TriangleUp ? "triangle-up"
        : symbol == StyleParam.MarkerSymbol.X ? "x"
        : "circle";

    /// <summary>The shared layout: white plot, light grid, legend on top, titled axes with units.</summary>
    public static Layout Layout(int height, string xTitle, string yTitle, int leftMargin = 70)
    {
        var layout = new Layout();
        layout.SetProperty("height", height);
        layout.SetProperty("autosize", true);
        layout.SetProperty("font", new { family = FontFamily, size = 13, color = Palette.Ink });
        layout.SetProperty("paper_bgcolor", "#ffffff");
        layout.SetProperty("plot_bgcolor", "#ffffff");
        layout.SetProperty("margin", new { l = leftMargin, r = 24, t = 40, b = 56 });
        layout.SetProperty("hovermode", "closest");
        layout.SetProperty("legend", new { orientation = "h", x = 0, y = 1.02, xanchor = "left", yanchor = "bottom" });
        layout.SetProperty("xaxis", Axis(xTitle));
        layout.SetProperty("yaxis", Axis(yTitle));
        return layout;
    }

    public static Dictionary<string, object> Axis(string title) => new()
    {
        ["title"] = new { text = title, standoff = 8 },
        ["gridcolor"] = Palette.Grid,
        ["zerolinecolor"] = Palette.Grid,
        ["linecolor"] = "#b5b5b5",
        ["showline"] = true,
        ["automargin"] = true,
    };

    /// <summary>A multiplier axis on a log scale (3× and 1/3× equally far from 1), ticks written as "1.5×".</summary>
    public static Dictionary<string, object> MultiplierAxis(string title, double min, double max)
    {
        double lo = Math.Min(min, 1) * 0.9, hi = Math.Max(max, 1) * 1.1;
        var candidates = new[] { 0.1, 0.2, 0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4, 5, 10, 20, 50, 100 }
            .Where(t => t >= lo && t <= hi).ToArray();
        // Ticks at least an eighth of the axis apart (on the log scale), outwards from 1, so labels never collide however
        // wide the range (a 10x target beside estimates near 1 used to stack "1×1.1×1.25×").
        double gap = (Math.Log10(hi) - Math.Log10(lo)) / 8;
        var ticks = new List<double> { 1 };
        foreach (var t in candidates.Where(t => t > 1)) if (Math.Log10(t) - Math.Log10(ticks[^1]) >= gap) ticks.Add(t);
        foreach (var t in candidates.Where(t => t < 1).Reverse()) if (Math.Log10(ticks[0]) - Math.Log10(t) >= gap) ticks.Insert(0, t);
        var axis = Axis(title);
        axis["type"] = "log";
        axis["range"] = new[] { Math.Log10(lo), Math.Log10(hi) };
        axis["tickvals"] = ticks.ToArray();
        axis["ticktext"] = ticks.Select(t => Format.Target(t)).ToArray();
        return axis;
    }

    /// <summary>A dashed reference line (e.g. "no change" at 1×) spanning the plot, on the x or y axis.</summary>
    public static object ReferenceLine(bool vertical, double at, string colour = Palette.Reference, string dash = "dash") => vertical
        ? new { type = "line", xref = "x", yref = "paper", x0 = at, x1 = at, y0 = 0, y1 = 1, line = new { color = colour, width = 1.5, dash } }
        : new { type = "line", xref = "paper", yref = "y", x0 = 0, x1 = 1, y0 = at, y1 = at, line = new { color = colour, width = 1.5, dash } };

    public static object Note(double x, double y, string text, string xref = "paper", string yref = "paper", string xanchor = "left") =>
        new { x, y, xref, yref, text, showarrow = false, xanchor, yanchor = "bottom", font = new { size = 12, color = Palette.Reference } };
}
