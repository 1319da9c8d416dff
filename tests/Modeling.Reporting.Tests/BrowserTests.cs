using System.Text.RegularExpressions;
using Modeling.Tests;
using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

/// <summary>Tests that start Chromium or change the variable that finds it run one at a time.</summary>
[CollectionDefinition("Chromium", DisableParallelization = true)]
public sealed class ChromiumCollection;

/// <summary>
/// Headless Chromium (Debian package chromium) opens the report from disk with networking off: every host name
/// resolves to nothing (--host-resolver-rules="MAP * ~NOTFOUND") and all traffic goes to a proxy on a closed local port
/// (--proxy-server=http://127.0.0.1:9). After the scripts ran (--virtual-time-budget) the DOM must hold a drawn plotly
/// SVG in every chart div, Chromium's net log (--log-net-log) shows no request from the page to any http(s) host,
/// the console must stay silent (console output and uncaught errors are logged as
/// "CONSOLE" lines with --enable-logging=stderr --vmodule=console*=1), and a screenshot is kept as an artifact in
/// bin/.../artifacts/.
/// </summary>
[Collection("Chromium")]
public sealed partial class BrowserTests
{
    private static string Chromium => ChromiumRequirement.Path;

    public static string ArtifactFolder
    {
        get
        {
            string folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    [SkippableTheory]
    [InlineData("sample-results.json", "report-sample")]
    [InlineData("sample-ext-results.json", "report-sample-ext")]
    [InlineData("full-results.json", "report-full")]
    public void Every_chart_renders_offline_without_console_errors(string fixture, string name)
    {
        string folder = TestPaths.NewTempFolder("report-browser");
        string html = Path.Combine(folder, "report.html");
        ImpactReport.WriteHtml(Path.Combine(Folder, fixture), html);
        var expectedCharts = ChartIds(File.ReadAllText(html));
        Assert.NotEmpty(expectedCharts);

        string dom = "";
        string netLog = Path.Combine(folder, "netlog.json");
        var (exitCode, stderr) = PdfPrinter.Run(Chromium, Arguments(folder, "--dump-dom", "--enable-logging=stderr", "--v=0", "--vmodule=console*=1",
            $"--log-net-log={netLog}", new Uri(html).AbsoluteUri), timeoutSeconds: 180, stdout: s => dom = s);
        Assert.True(exitCode == 0, $"chromium exited {exitCode}: {stderr}");
        Assert.Empty(PageRequestsToOtherHosts(netLog));

        foreach (var id in expectedCharts)
        {
            int at = dom.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
            Assert.True(at >= 0, $"chart div {id} missing from the DOM");
            int next = dom.IndexOf("<figcaption>", at, StringComparison.Ordinal);
            string drawn = dom[at..(next < 0 ? dom.Length : next)];
            Assert.True(drawn.Contains("js-plotly-plot", StringComparison.Ordinal) && drawn.Contains("class=\"main-svg\"", StringComparison.Ordinal), $"chart {id} was not drawn");
            Assert.Matches(PlotMarks(), drawn);
        }
        var console = stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        Assert.True(console.Count == 0, "console output: " + string.Join("\n", console));

        string screenshot = Path.Combine(ArtifactFolder, name + ".png");
        if (File.Exists(screenshot)) File.Delete(screenshot);
        var shot = PdfPrinter.Run(Chromium, Arguments(folder, "--hide-scrollbars", "--window-size=1280,2400", $"--screenshot={screenshot}", new Uri(html).AbsoluteUri), 180);
        Assert.True(shot.ExitCode == 0, shot.Stderr);
        Assert.True(new FileInfo(screenshot).Length > 50_000, "screenshot is suspiciously small");
    }

    [SkippableFact]
    public void The_network_check_catches_a_page_that_loads_from_another_host()
    {
        string folder = TestPaths.NewTempFolder("report-browser");
        string html = Path.Combine(folder, "leaky.html");
        File.WriteAllText(html, "<!DOCTYPE html><html><body><img src=\"https://example.invalid/pixel.png\" alt=\"\"></body></html>");
        string netLog = Path.Combine(folder, "netlog.json");
        var (exitCode, stderr) = PdfPrinter.Run(Chromium, Arguments(folder, "--dump-dom", $"--log-net-log={netLog}", new Uri(html).AbsoluteUri), 120);
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("https://example.invalid/pixel.png", PageRequestsToOtherHosts(netLog));
    }

    [SkippableFact]
    public void The_pdf_is_printed_from_the_offline_page()
    {
        _ = Chromium;
        string folder = TestPaths.NewTempFolder("report-pdf");
        string html = Path.Combine(folder, "report.html");
        ImpactReport.WriteHtml(SamplePath, html);
        string pdf = Path.Combine(ArtifactFolder, "report-sample.pdf");
        PdfPrinter.Print(html, pdf);
        var bytes = File.ReadAllBytes(pdf);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        Assert.True(bytes.Length > 100_000, $"PDF of {bytes.Length} bytes is too small to hold the charts");
        int pages = Regex.Matches(System.Text.Encoding.Latin1.GetString(bytes), @"/Type\s*/Page[^s]").Count;
        Assert.InRange(pages, 4, 30);
    }

    [SkippableFact]
    public void Printing_opens_every_collapsed_table()
    {
        // The page's print script opens each <details> before printing; without it (here: the script edited, so the
        // page's Content-Security-Policy blocks it) the collapsed tables, the refutation checks among them, stay shut.
        _ = Chromium;
        string folder = TestPaths.NewTempFolder("report-print");
        string html = Path.Combine(folder, "report.html");
        ImpactReport.WriteHtml(FullPath, html);
        string shut = Path.Combine(folder, "report-shut.html");
        File.WriteAllText(shut, File.ReadAllText(html).Replace("d.open = true;", "d.open = d.open;", StringComparison.Ordinal));
        int Pages(string page)
        {
            string pdf = Path.ChangeExtension(page, ".pdf");
            PdfPrinter.Print(page, pdf);
            return Regex.Matches(System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(pdf)), @"/Type\s*/Page[^s]").Count;
        }
        int opened = Pages(html), closed = Pages(shut);
        Assert.True(opened > closed, $"printed with the tables opened: {opened} pages; with them shut: {closed}");
    }

    [Fact]
    public void A_missing_chromium_is_reported_with_the_install_line()
    {
        string? before = Environment.GetEnvironmentVariable(PdfPrinter.ChromiumVariable);
        try
        {
            Environment.SetEnvironmentVariable(PdfPrinter.ChromiumVariable, "/nonexistent/chromium");
            var e = Assert.Throws<PdfPrintException>(() => PdfPrinter.Print("in.html", "out.pdf"));
            Assert.True(e.ChromiumMissing);
            Assert.Equal("Printing a PDF needs Chromium, which was not found (looked for MODELING_CHROMIUM=/nonexistent/chromium). Install it (Debian: apt-get install -y chromium) or set MODELING_CHROMIUM to its path.", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PdfPrinter.ChromiumVariable, before);
        }
    }

    [SkippableFact]
    public void At_1440_pixels_no_table_spills_out_of_its_card()
    {
        string folder = TestPaths.NewTempFolder("report-width");
        string html = Path.Combine(folder, "report.html");
        ImpactReport.WriteHtml(FullPath, html);
        // A copy with a probe that lists each table (or its scroll box) wider than its card; the copy drops the policy,
        // which would block the probe (the report itself keeps it).
        string probe = "<script>window.addEventListener('load',function(){setTimeout(function(){var out=[];"
            + "document.querySelectorAll('table').forEach(function(t){var s=t.closest('.table-scroll')||t;"
            + "var card=s.parentElement.closest('.figure,.verdict,section,article')||s.parentElement;"
            + "if(s.getBoundingClientRect().width>card.clientWidth+1)out.push(t.caption?t.caption.textContent:'?');});"
            + "var d=document.createElement('pre');d.id='overflow-probe';d.textContent=JSON.stringify(out);document.body.appendChild(d);},1500);});</script>";
        string page = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(html), "<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "")
            .Replace("</body>", probe + "</body>", StringComparison.Ordinal);
        string probed = Path.Combine(folder, "probed.html");
        File.WriteAllText(probed, page);
        string dom = "";
        var (exitCode, stderr) = PdfPrinter.Run(Chromium, Arguments(folder, "--window-size=1440,900", "--dump-dom", new Uri(probed).AbsoluteUri),
            timeoutSeconds: 180, stdout: s => dom = s);
        Assert.True(exitCode == 0, $"chromium exited {exitCode}: {stderr}");
        Assert.Contains("<pre id=\"overflow-probe\">[]</pre>", dom);
    }

    private static List<string> Arguments(string profileFolder, params string[] extra) =>
        [.. PdfPrinter.OfflineArguments, $"--user-data-dir={Path.Combine(profileFolder, "chromium-profile")}", "--virtual-time-budget=15000", .. extra];

    /// <summary>
    /// The http(s) URLs Chromium tried to load (from its net log; none can succeed with networking off), less the
    /// browser's own background services (update checks, time sync, sign-in, spell-check dictionaries), which any
    /// page triggers and which the page cannot cause or prevent.
    /// </summary>
    private static List<string> PageRequestsToOtherHosts(string netLog)
    {
        string[] browserServices = ["google.com", "googleapis.com", "gvt1.com", "gstatic.com"];
        return NetLogUrl().Matches(File.ReadAllText(netLog)).Select(m => m.Groups[1].Value).Distinct()
            .Where(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                && !browserServices.Any(h => uri.Host == h || uri.Host.EndsWith("." + h, StringComparison.Ordinal)))
            .ToList();
    }

    [GeneratedRegex("\"url\":\"([^\"]+)\"")]
    private static partial Regex NetLogUrl();

    /// <summary>Something plotly draws only from data: a point, a bar or a line path.</summary>
    [GeneratedRegex("class=\"(point|scatterpts|textpoint|js-line|bars|errorbar)")]
    private static partial Regex PlotMarks();
}
