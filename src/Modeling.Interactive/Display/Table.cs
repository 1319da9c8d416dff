using System.Globalization;
using System.Net;
using System.Text;

namespace Modeling.Interactive.Display;

/// <summary>
/// A small table rendered two ways: HTML for notebook front ends, aligned text for terminals (dotnet-repl) and logs.
/// Cells are text already formatted with the invariant culture.
/// </summary>
public sealed class Table(string? caption, IReadOnlyList<string> header)
{
    private readonly List<string[]> _rows = [];

    public string? Caption { get; } = caption;
    public IReadOnlyList<string> Header { get; } = header;
    public IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    public Table Add(params string[] cells)
    {
        if (cells.Length != Header.Count)
            throw new ArgumentException($"The 'cells' parameter of Table.Add must have {Header.Count} entries. Got {cells.Length} instead.", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"modeling\">");
        if (Caption is not null) html.Append("<caption style=\"text-align:left;font-weight:bold\">").Append(Encode(Caption)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (var h in Header) html.Append("<th>").Append(Encode(h)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in _rows)
        {
            html.Append("<tr>");
            // Figures right, labels and text left.
            for (int i = 0; i < row.Length; i++)
                html.Append(i > 0 && IsFigure(row[i]) ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">").Append(Encode(row[i])).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    public string ToText()
    {
        var widths = Header.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        if (Caption is not null) text.Append(Caption).Append('\n');
        text.Append(Line(Header, widths)).Append('\n');
        text.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var row in _rows) text.Append(Line(row, widths)).Append('\n');
        return text.ToString();
    }

    public override string ToString() => ToText();

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A number, multiplier, interval, percentage or p-value as <see cref="Cells"/> writes them, or the "–" of a missing one.</summary>
    private static bool IsFigure(string cell) =>
        cell == "–" || (cell.Length > 0 && (char.IsDigit(cell[0]) || (cell.Length > 1 && cell[0] is '-' or '<' or '[' && char.IsDigit(cell[1]))));
}

/// <summary>Invariant-culture number formats shared by every table.</summary>
public static class Cells
{
    public static string Number(double value, int decimals = 3) =>
        double.IsFinite(value) ? value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "–";

    public static string Number(double? value, int decimals = 3) => value is double v ? Number(v, decimals) : "–";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(long? value) => value is long v ? Count(v) : "–";

    /// <summary>A multiplier with its interval: <c>1.23× [1.10, 1.37]</c>.</summary>
    public static string Multiplier(double? value, double? low, double? high) =>
        value is double v && double.IsFinite(v)
            ? $"{Number(v, 2)}× [{Number(low, 2)}, {Number(high, 2)}]"
            : "–";

    /// <summary>An estimate with its interval: <c>-0.0400 [-0.0632, -0.0168]</c>.</summary>
    public static string Interval(double value, double low, double high, int decimals = 4) =>
        $"{Number(value, decimals)} [{Number(low, decimals)}, {Number(high, decimals)}]";

    public static string PValue(double? p) => p switch
    {
        null => "–",
        double v when !double.IsFinite(v) => "–",
        < 0.001 => "<0.001",
        double v => Number(v, 3),
    };

    public static string Level(double confidenceLevel) => (confidenceLevel * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Level(double? confidenceLevel) => confidenceLevel is double level ? Level(level) : "–";
}
