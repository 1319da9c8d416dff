using System.Net;
using System.Text;

namespace Modeling.Interactive.Display;

/// <summary>What a result shows in a notebook: a title, a few "key: value" facts, then tables. Rendered as HTML or text.</summary>
public sealed record Summary(string Title, IReadOnlyList<(string Key, string Value)> Facts, IReadOnlyList<Table> Tables)
{
    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"modeling-summary\"><h4>").Append(WebUtility.HtmlEncode(Title)).Append("</h4>");
        if (Facts.Count > 0)
        {
            html.Append("<table>");
            foreach (var (key, value) in Facts)
                html.Append("<tr><th style=\"text-align:left\">").Append(WebUtility.HtmlEncode(key)).Append("</th><td style=\"text-align:left\">")
                    .Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
            html.Append("</table>");
        }
        foreach (var table in Tables) html.Append("<br/>").Append(table.ToHtml());
        return html.Append("</div>").ToString();
    }

    public string ToText()
    {
        var text = new StringBuilder(Title).Append('\n');
        int width = Facts.Count == 0 ? 0 : Facts.Max(f => f.Key.Length);
        foreach (var (key, value) in Facts) text.Append("  ").Append((key + ":").PadRight(width + 1)).Append(' ').Append(value).Append('\n');
        foreach (var table in Tables) text.Append('\n').Append(table.ToText());
        return text.ToString();
    }

    public override string ToString() => ToText();
}
