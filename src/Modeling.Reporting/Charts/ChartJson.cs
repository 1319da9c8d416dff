using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Modeling.Reporting.Charts;

/// <summary>
/// Makes a chart's JSON safe to put inside an inline <c>&lt;script&gt;</c> and shows its strings as plain text.
/// Two layers, because strings from results.json (team ids, orgs, mandate ids, scopes, outcome names) reach the chart:
/// the HTML parser ends a script at the first <c>&lt;/script</c> whatever the JavaScript means, and plotly.js reads a
/// subset of HTML (<c>&lt;a href&gt;</c>, <c>&lt;b&gt;</c>, <c>&lt;br&gt;</c>) and entities in every text it draws.
/// </summary>
internal static class ChartJson
{
    /// <summary>Keys whose strings are our own plotly templates (with <c>&lt;br&gt;</c>, <c>&lt;extra&gt;</c>), never data.</summary>
    private static readonly HashSet<string> Templates = new(StringComparer.Ordinal) { "hovertemplate", "texttemplate" };

    /// <summary>
    /// <paramref name="json"/> with every string but our templates written as plotly plain text (<c>&amp;</c>, <c>&lt;</c>,
    /// <c>&gt;</c> as entities, which plotly shows as those characters), then escaped for a script element.
    /// </summary>
    public static string ForScript(string json)
    {
        var token = JToken.Parse(json);
        AsPlainText(token, key: null);
        return EscapeForScript(token.ToString(Formatting.None));
    }

    private static void AsPlainText(JToken token, string? key)
    {
        switch (token)
        {
            case JObject o:
                foreach (var p in o.Properties()) AsPlainText(p.Value, p.Name);
                break;
            case JArray a:
                foreach (var item in a) AsPlainText(item, key);
                break;
            case JValue { Type: JTokenType.String } v when key is null || !Templates.Contains(key):
                var text = (string)v.Value!;
                if (text.AsSpan().IndexOfAny('&', '<', '>') >= 0) v.Value = PlainText(text);
                break;
        }
    }

    /// <summary>A string plotly.js draws as exactly these characters (no tags, no links, no entities).</summary>
    public static string PlainText(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>
    /// JSON with <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 written as \u escapes: the same value to
    /// JavaScript, but no <c>&lt;/script</c> or <c>&lt;!--</c> for the HTML parser, and no line terminators that old
    /// JavaScript engines refuse inside strings. Outside strings JSON has none of these characters.
    /// </summary>
    public static string EscapeForScript(string json)
    {
        var b = new StringBuilder(json.Length);
        foreach (var c in json)
            b.Append(c switch
            {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u2028' => "\\u2028",
                '\u2029' => "\\u2029",
                _ => c.ToString(),
            });
        return b.ToString();
    }
}
