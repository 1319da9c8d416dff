using System.Text;
using System.Text.Json.Nodes;
using Modeling.Cli;
using Modeling.Tests;
using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

/// <summary>
/// Hostile text in every user-controlled field reaches the report only as text. Each payload, if it ever became markup
/// or script, would mark the document (<c>data-pwned</c> on the root element) or add an element or attribute the report
/// never has: a second script, an img, an on* handler, a javascript: link. The page is opened in headless Chromium,
/// scripts run, and the live DOM is checked; the console must stay silent, so the Content-Security-Policy had nothing to
/// block either (the escaping alone held).
/// </summary>
[Collection("Chromium")]
public sealed class InjectionTests
{
    /// <summary>Every way out of text we know: a script-block break, an event handler, an SVG onload, a javascript: URL,
    /// plotly's own markup, a comment opener and the two JavaScript line terminators.</summary>
    public const string Payload =
        "</script><script>document.documentElement.setAttribute('data-pwned','script')</script>"
        + "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','onerror')\">"
        + "<svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\"></svg>"
        + "<a href=\"javascript:document.documentElement.setAttribute('data-pwned','href')\">link</a>"
        + "<b>bold</b>\u2028\u2029<!--";

    [SkippableFact]
    public void A_results_file_with_a_payload_in_every_string_renders_it_as_text()
    {
        string results = HostileResults();
        string folder = Path.GetDirectoryName(results)!;
        string html = Path.Combine(folder, "report.html");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.True(Program.Run(["report", "--results", results, "--out", html], stdout, stderr) == 0, stderr.ToString());
        AssertNothingInjected(html, expectVisible: "m1" + Payload);
    }

    [SkippableFact]
    public void Input_files_with_a_payload_in_every_free_text_and_id_give_a_report_that_shows_it_as_text()
    {
        string data = HostileSample();
        string output = TestPaths.NewTempFolder("analyze-injection");
        string key = Path.Combine(TestPaths.NewTempFolder("key"), "pseudonym.key");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(["analyze", "--data", data, "--out", output, "--skip-ml", "--key-file", key], stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        AssertNothingInjected(Path.Combine(output, "report.html"), expectVisible: "m1" + Payload);
    }

    [Fact]
    public void Hostile_strings_leave_the_chart_scripts_without_markup_and_the_policy_names_each_script()
    {
        string html = ImpactReport.Render(File.ReadAllText(HostileResults()));
        var scripts = Page.ContentSecurityPolicy.InlineScripts(html).ToList();
        Assert.Equal(ChartIds(html).Count + 2, scripts.Count);
        // Chart scripts (all but plotly.js) hold no '<' at all: every one in the data is a \u003c escape or an entity.
        Assert.All(scripts.Skip(1).SkipLast(1), s => Assert.DoesNotContain("<", s));
        Assert.All(scripts.Skip(1).SkipLast(1), s => Assert.DoesNotContain("\u2028", s));
        string policy = html[html.IndexOf("<meta http-equiv=\"Content-Security-Policy\"", StringComparison.Ordinal)..];
        policy = policy[..policy.IndexOf('>')];
        Assert.Contains("default-src 'none'", policy);
        Assert.DoesNotContain("unsafe-inline' ", policy[..policy.IndexOf("style-src", StringComparison.Ordinal)]);
        foreach (var script in scripts)
            Assert.Contains("'sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(script))) + "'", policy);
        Assert.True(html.IndexOf("Content-Security-Policy", StringComparison.Ordinal) < html.IndexOf("<script", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void The_policy_stops_a_script_or_handler_that_escaping_had_let_through()
    {
        // Defence in depth: markup slipped into the page after rendering neither runs nor loads anything.
        string html = ImpactReport.Render(File.ReadAllText(SamplePath));
        int main = html.IndexOf("<main>", StringComparison.Ordinal);
        html = html.Insert(main, "<script>document.documentElement.setAttribute('data-pwned','script')</script>"
            + "<img src=\"data:,x\" onerror=\"document.documentElement.setAttribute('data-pwned','onerror')\" alt=\"\">"
            + "<div onclick=\"x\" id=\"injected\"></div>");
        string folder = TestPaths.NewTempFolder("report-policy");
        string path = Path.Combine(folder, "report.html");
        File.WriteAllText(path, html);
        string dom = "";
        var (exitCode, stderr) = PdfPrinter.Run(ChromiumRequirement.Path,
            [.. PdfPrinter.OfflineArguments, $"--user-data-dir={Path.Combine(folder, "chromium-profile")}", "--virtual-time-budget=15000",
             "--dump-dom", "--enable-logging=stderr", "--v=0", "--vmodule=console*=1", new Uri(path).AbsoluteUri],
            timeoutSeconds: 180, stdout: s => dom = s);
        Assert.True(exitCode == 0, stderr);
        var parsed = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(dom);
        Assert.Null(parsed.DocumentElement.GetAttribute("data-pwned"));
        Assert.Contains("Content Security Policy", stderr);
        // The page's own scripts still ran.
        Assert.Contains("js-plotly-plot", dom);
    }

    private static string HostileResults()
    {
        var document = JsonNode.Parse(File.ReadAllText(FullPath))!;
        Poison(document);
        // Maps keyed by file name: their keys are data too.
        foreach (var map in new[] { "rows_read", "rows_used", "rows_rejected", "lines_read" })
            if (document["data"]?[map] is JsonObject counts)
            {
                var entries = counts.ToList();
                counts.Clear();
                foreach (var (key, value) in entries) counts[key + Payload] = value?.DeepClone();
            }
        string results = Path.Combine(TestPaths.NewTempFolder("report-injection"), "results.json");
        File.WriteAllText(results, document.ToJsonString());
        return results;
    }

    /// <summary>
    /// The clean sample with the payload appended to the first team's id (in every file, and in a team: mandate scope),
    /// to every org, name, service tier and language, to every tool and model name and to every mandate id and source.
    /// </summary>
    private static string HostileSample()
    {
        string source = Path.Combine(TestPaths.DataSamples, "clean");
        string folder = TestPaths.NewTempFolder("hostile-sample");
        const string team = "team-0001";
        string hostileTeam = team + Payload;
        void Rewrite(string file, Func<string, string, string> field)
        {
            var lines = File.ReadAllLines(Path.Combine(source, file));
            var header = lines[0].Split(',');
            var b = new StringBuilder(lines[0]).Append('\n');
            foreach (var line in lines.Skip(1))
            {
                var cells = line.Split(',');
                b.Append(string.Join(',', cells.Select((v, i) => Quote(field(header[i], v))))).Append('\n');
            }
            File.WriteAllText(Path.Combine(folder, file), b.ToString());
        }
        string TeamId(string column, string value) => column == "team_id" && value == team ? hostileTeam : value;
        Rewrite("teams.csv", (c, v) => c is "org" or "name" or "service_tier" or "primary_language" ? v + Payload : TeamId(c, v));
        Rewrite("roster.csv", TeamId);
        Rewrite("ai_usage.csv", (c, v) => c is "tool" or "model" && v.Length > 0 ? v + Payload : v);
        Rewrite("deployments.csv", TeamId);
        Rewrite("incidents.csv", TeamId);
        Rewrite("pull_requests.csv", TeamId);
        Rewrite("mandates.csv", (c, v) => c switch
        {
            "mandate_id" or "source" => v + Payload,
            "scope" when v.StartsWith("org:", StringComparison.Ordinal) => v + Payload,
            _ => v,
        });
        // A mandate scoped to the hostile team itself.
        File.AppendAllText(Path.Combine(folder, "mandates.csv"),
            $"{Quote("m9" + Payload)},{Quote("team:" + hostileTeam)},deployments,3,2024-01-01,2024-04-30,2025-12-31,{Quote(Payload)}\n");
        return folder;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static void Poison(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var s)) o[key] = s + Payload;
                    else if (value is not null) Poison(value);
                }
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var s)) a[i] = s + Payload;
                    else if (a[i] is { } item) Poison(item);
                }
                break;
        }
    }

    private static void AssertNothingInjected(string htmlPath, string expectVisible)
    {
        string html = File.ReadAllText(htmlPath);
        string folder = Path.GetDirectoryName(htmlPath)!;
        string dom = "";
        var (exitCode, stderr) = PdfPrinter.Run(ChromiumRequirement.Path,
            [.. PdfPrinter.OfflineArguments, $"--user-data-dir={Path.Combine(folder, "chromium-profile")}", "--virtual-time-budget=15000",
             "--dump-dom", "--enable-logging=stderr", "--v=0", "--vmodule=console*=1", new Uri(htmlPath).AbsoluteUri],
            timeoutSeconds: 180, stdout: s => dom = s);
        Assert.True(exitCode == 0, $"chromium exited {exitCode}: {stderr}");
        Assert.Contains("js-plotly-plot", dom);

        // The live DOM, parsed as a browser parses it (AngleSharp, HTML5): no marker, no element or attribute the report never has.
        var parsed = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(dom);
        var elements = parsed.All.ToList();
        Assert.Null(parsed.DocumentElement.GetAttribute("data-pwned"));
        Assert.Empty(elements.Where(e => e.LocalName is "img" or "iframe" or "object" or "embed").Select(e => e.OuterHtml));
        Assert.Empty(elements.SelectMany(e => e.Attributes.Where(a => a.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase))
            .Select(a => $"{e.LocalName} {a.Name}")));
        Assert.Empty(elements.SelectMany(e => e.Attributes.Where(a => a.LocalName is "href" or "src" or "action"
            && a.Value.Trim().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)).Select(a => $"{e.LocalName} {a.Name}={a.Value}")));
        // The scripts in the DOM are the page's own: plotly.js, one per chart and the print fit, all named in the policy.
        var pageScripts = Page.ContentSecurityPolicy.InlineScripts(html).ToList();
        Assert.Equal(ChartIds(html).Count + 2, pageScripts.Count);
        Assert.Equal(pageScripts, elements.Where(e => e.LocalName == "script").Select(e => e.TextContent));
        Assert.Contains("Content-Security-Policy", html);
        var console = stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        Assert.True(console.Count == 0, "console output: " + string.Join("\n", console));
        // And the text is still there for the reader, as text.
        Assert.Contains(expectVisible[..100], parsed.Body!.TextContent);
    }
}
