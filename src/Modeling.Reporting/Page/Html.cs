using System.Net;
using System.Text;

namespace Modeling.Reporting.Page;

/// <summary>Escaping and the few repeated HTML shapes of the page (tables, figures, "not estimated" notes).</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A number cell whose data-value holds the exact JSON number, so tests can compare page and JSON.</summary>
    public static string Num(string shown, double? raw, string cssClass = "num") =>
        raw is null ? $"<span class=\"{cssClass}\">{E(shown)}</span>"
        : $"<span class=\"{cssClass}\" data-value=\"{Text.Format.Raw(raw)}\">{E(shown)}</span>";

    public static string NotEstimated(string what) =>
        $"<p class=\"not-estimated\"><strong>{E(what)}:</strong> {E(Messages.NotEstimated)}</p>\n";

    /// <summary>A table; header cells are escaped, body cells are taken as HTML (callers escape).</summary>
    public static string Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? id = null,
        IReadOnlyList<int>? numericColumns = null)
    {
        var numeric = new HashSet<int>(numericColumns ?? []);
        var b = new StringBuilder();
        // A wide table scrolls inside its card on a narrow screen instead of spilling out of it.
        b.Append("<div class=\"table-scroll\">");
        b.Append(id is null ? "<table>" : $"<table id=\"{id}\">");
        b.Append("<caption>").Append(E(caption)).Append("</caption>\n<thead><tr>");
        for (int i = 0; i < headers.Count; i++)
            b.Append(numeric.Contains(i) ? "<th scope=\"col\" class=\"n\">" : "<th scope=\"col\">").Append(E(headers[i])).Append("</th>");
        b.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            b.Append("<tr>");
            for (int i = 0; i < row.Count; i++) b.Append(numeric.Contains(i) ? "<td class=\"n\">" : "<td>").Append(row[i]).Append("</td>");
            b.Append("</tr>\n");
        }
        b.Append("</tbody></table></div>\n");
        return b.ToString();
    }

    /// <summary>A chart with its text alternative: a sentence with the key numbers and a table with all of them.</summary>
    public static string Figure(string title, string chartMarkup, string summarySentence, string table, bool collapseTable = false)
    {
        var b = new StringBuilder();
        b.Append("<figure class=\"figure\">\n<h3>").Append(E(title)).Append("</h3>\n");
        b.Append(chartMarkup);
        b.Append("<figcaption>").Append(summarySentence).Append("</figcaption>\n");
        if (collapseTable) b.Append("<details><summary>Table of the numbers in this chart</summary>\n").Append(table).Append("</details>\n");
        else b.Append(table);
        b.Append("</figure>\n");
        return b.ToString();
    }

    public static string Section(string id, string title, string body, string? intro = null) =>
        $"<section id=\"{id}\">\n<h2>{E(title)}</h2>\n" + (intro is null ? "" : $"<p class=\"intro\">{intro}</p>\n") + body + "</section>\n";
}
