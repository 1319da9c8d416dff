using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Modeling.Tests;

namespace Modeling.Reporting.Tests;

/// <summary>The results files the tests render, and helpers to read a rendered page back.</summary>
internal static partial class ReportFixtures
{
    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Reporting.Tests", "Fixtures");

    /// <summary>A real results.json: `modeling analyze --data data-samples/clean` (seed 20211), copied here so goldens stay stable.</summary>
    public static string SamplePath => Path.Combine(Folder, "sample-results.json");

    /// <summary>The same command after the results.json extensions landed (dml, dose-response, heterogeneity, refutations, Goodhart flags).</summary>
    public static string SampleExtPath => Path.Combine(Folder, "sample-ext-results.json");

    /// <summary>The sample plus hand-made sections for every section beyond the contract minimum (dml, dose-response, heterogeneity, ...).</summary>
    public static string FullPath => Path.Combine(Folder, "full-results.json");

    /// <summary>A results.json with almost nothing in it: every optional section absent.</summary>
    public static string MinimalPath => Path.Combine(Folder, "minimal-results.json");

    private static readonly Dictionary<string, string> Rendered = new();
    private static readonly Lock Gate = new();

    /// <summary>Rendering takes a moment (plotly.js is 3.6 MB); tests share one rendering per fixture.</summary>
    public static string Html(string path)
    {
        lock (Gate)
        {
            if (!Rendered.TryGetValue(path, out var html)) Rendered[path] = html = ImpactReport.Render(File.ReadAllText(path));
            return html;
        }
    }

    public static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    /// <summary>The page's visible text: scripts and styles removed, tags turned into line breaks or cell separators.</summary>
    public static string VisibleText(string html)
    {
        string s = ScriptOrStyle().Replace(html, "");
        s = BlockEnd().Replace(s, "\n");
        s = CellEnd().Replace(s, " | ");
        s = AnyTag().Replace(s, "");
        s = WebUtility.HtmlDecode(s);
        var lines = s.Split('\n').Select(l => Spaces().Replace(l, " ").Trim().TrimEnd('|').Trim()).Where(l => l.Length > 0);
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>Chart div ids in page order.</summary>
    public static IReadOnlyList<string> ChartIds(string html) => ChartDiv().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<br\s*/?>|</(p|h\d|li|tr|dt|dd|caption|summary|figcaption|div|section|article|header|nav|dl|ul|table|thead|tbody|figure)>")]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"</t[hd]>")]
    private static partial Regex CellEnd();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"[ \t\r]+")]
    private static partial Regex Spaces();

    [GeneratedRegex("<div id=\"(chart-[a-z0-9-]+)\" class=\"chart\"")]
    private static partial Regex ChartDiv();
}
