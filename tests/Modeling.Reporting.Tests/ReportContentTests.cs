using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

public sealed partial class ReportContentTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // Independent of the renderer's Format class: the texts the page must show for a JSON number.
    private static string Two(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero).ToString("0.00", Inv);

    [Theory]
    [InlineData("sample-results.json")]
    [InlineData("sample-ext-results.json")]
    [InlineData("full-results.json")]
    public void Every_mandate_card_shows_the_numbers_of_results_json(string fixture)
    {
        string path = Path.Combine(Folder, fixture);
        string html = Html(path);
        var mandates = Json(path).GetProperty("mandates").EnumerateArray().ToList();
        Assert.NotEmpty(mandates);
        foreach (var m in mandates)
        {
            string id = m.GetProperty("mandate_id").GetString()!;
            string card = Card(html, id);
            double target = m.GetProperty("target_multiplier").GetDouble();
            double estimate = m.GetProperty("estimate").GetDouble();
            double low = m.GetProperty("ci_low").GetDouble(), high = m.GetProperty("ci_high").GetDouble();
            double probability = m.GetProperty("probability_target_met").GetDouble();

            // The exact JSON numbers travel in data-value, the rounded ones are what a reader sees.
            Assert.Equal((target, target.ToString("0.##", Inv) + "×"), Value(card, "target"));
            Assert.Equal((estimate, Two(estimate) + "×"), Value(card, "estimate"));
            Assert.Equal((low, Two(low)), Value(card, "ci-low"));
            Assert.Equal((high, Two(high)), Value(card, "ci-high"));
            string shownProbability = probability < 0.001 ? "< 0.1%" : (probability * 100).ToString("0.0", Inv) + "%";
            Assert.Equal((probability, shownProbability), Value(card, "probability"));
            Assert.Equal((m.GetProperty("pretrend_p_value").GetDouble(), m.GetProperty("pretrend_p_value").GetDouble().ToString("0.000", Inv)), Value(card, "pretrend"));

            string text = VisibleText(card);
            string verdict = m.GetProperty("verdict").GetString() switch
            {
                "not_supported" => "Not supported",
                "supported" => "Supported",
                _ => "Inconclusive",
            };
            Assert.Contains(verdict, text);
            Assert.Contains($"The mandate says {target.ToString("0.##", Inv)}×; the data show {Two(estimate)}× [{Two(low)}–{Two(high)}]", text);
            Assert.Contains(m.GetProperty("reason").GetString()!, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_naive_dashboard_number_beside_each_mandate_is_the_naive_estimate_of_its_outcome()
    {
        var json = Json(SamplePath);
        string html = Html(SamplePath);
        foreach (var m in json.GetProperty("mandates").EnumerateArray())
        {
            string outcome = m.GetProperty("compared_outcome").GetString()!;
            var naive = json.GetProperty("effects").EnumerateArray()
                .Single(e => e.GetProperty("outcome").GetString() == outcome && e.GetProperty("estimator").GetString() == "naive_before_after");
            double v = naive.GetProperty("multiplier").GetDouble();
            Assert.Equal((v, Two(v) + "×"), Value(Card(html, m.GetProperty("mandate_id").GetString()!), "naive"));
        }
    }

    [Fact]
    public void Quality_cost_on_the_first_screen_equals_the_headline_estimates()
    {
        var json = Json(SamplePath);
        string card = Card(Html(SamplePath), "m1");
        foreach (var outcome in new[] { "change_failure_rate", "incidents_per_engineer", "rework_rate", "revert_rate" })
        {
            var headline = json.GetProperty("effects").EnumerateArray()
                .Single(e => e.GetProperty("outcome").GetString() == outcome && e.GetProperty("headline").GetBoolean());
            var match = Regex.Match(card, $"data-outcome=\"{outcome}\">[^<]*<span class=\"qc-estimate\" data-value=\"([^\"]+)\">([^<]+)</span> ([^<]+)</span>");
            Assert.True(match.Success, outcome);
            double v = headline.GetProperty("multiplier").GetDouble();
            Assert.Equal(v, double.Parse(match.Groups[1].Value, Inv));
            Assert.Equal(Two(v) + "×", WebUtility.HtmlDecode(match.Groups[2].Value));
            Assert.StartsWith($"[{Two(headline.GetProperty("ci_low").GetDouble())}–{Two(headline.GetProperty("ci_high").GetDouble())}]", WebUtility.HtmlDecode(match.Groups[3].Value));
        }
    }

    [Fact]
    public void Quality_cost_written_in_the_mandate_row_is_used_when_present()
    {
        // m4 of the full fixture carries an empty quality_cost list; m3 carries two outcomes only.
        string html = Html(FullPath);
        Assert.Equal(2, Regex.Matches(Card(html, "m3"), "class=\"quality-cost\"").Count);
        Assert.Contains("quality cost: not estimated in this run", VisibleText(Card(html, "m4")));
    }

    [Fact]
    public void Adoption_needed_and_quality_cost_of_the_mandate_rows_are_shown_as_written()
    {
        string html = Html(SampleExtPath);
        foreach (var m in Json(SampleExtPath).GetProperty("mandates").EnumerateArray())
        {
            string card = Card(html, m.GetProperty("mandate_id").GetString()!);
            var needed = m.GetProperty("adoption_needed");
            if (needed.ValueKind == JsonValueKind.Number)
                Assert.Equal((needed.GetDouble(), Math.Round(needed.GetDouble() * 100).ToString("0", Inv) + "%"), Value(card, "adoption-needed"));
            else
                Assert.Contains("Not reachable even with every engineer using AI", VisibleText(card));
            var costs = m.GetProperty("quality_cost").EnumerateArray().ToList();
            var shown = Regex.Matches(card, "<span class=\"qc-estimate\" data-value=\"([^\"]+)\">([^<]+)</span> ([^<]+) \\(")
                .Select(x => (double.Parse(x.Groups[1].Value, Inv), WebUtility.HtmlDecode(x.Groups[2].Value), WebUtility.HtmlDecode(x.Groups[3].Value))).ToList();
            Assert.Equal(costs.Select(c => (c.GetProperty("multiplier").GetDouble(), Two(c.GetProperty("multiplier").GetDouble()) + "×",
                $"[{Two(c.GetProperty("ci_low").GetDouble())}–{Two(c.GetProperty("ci_high").GetDouble())}]")), shown);
            foreach (var flag in m.GetProperty("goodhart_flags").EnumerateArray())
                Assert.Contains(flag.GetString() switch { "release_splitting" => "⚑ Release splitting", "pr_slicing" => "⚑ PR slicing", _ => "⚑ Throughput up, quality down" }, VisibleText(card));
        }
    }

    [Fact]
    public void The_first_screen_opens_with_the_verdicts()
    {
        string text = VisibleText(Html(SamplePath));
        int verdicts = text.IndexOf("Mandates: target versus evidence", StringComparison.Ordinal);
        int firstChart = text.IndexOf("Target versus evidence\n", StringComparison.Ordinal);
        Assert.True(verdicts > 0 && verdicts < firstChart);
        Assert.Contains("The mandate says 3×; the data show 1.33× [1.07–1.64] (deployments per engineer);\nquality cost: change failure rate 1.02× [0.59–1.78] (can't tell: anywhere from −41% to +78%)", text);
    }

    [Fact]
    public void Plotly_js_is_inlined_exactly_once_and_nothing_is_loaded_from_another_host()
    {
        string html = Html(FullPath);
        Assert.Single(Regex.Matches(html, @"\* plotly\.js v\d"));
        var charts = ChartIds(html);
        // One inline plotly.js, one script per chart, one print helper; none has a src attribute.
        var scripts = Regex.Matches(html, "<script\\b[^>]*>").Select(m => m.Value).ToList();
        Assert.Equal(charts.Count + 2, scripts.Count);
        Assert.DoesNotContain(scripts, s => s.Contains("src=", StringComparison.Ordinal));
        var loaders = Regex.Matches(html, "<(script|link|img|iframe|source|video|audio|embed|object)\\b[^>]*>", RegexOptions.IgnoreCase).Select(m => m.Value);
        Assert.DoesNotContain(loaders, tag => Regex.IsMatch(tag, "(src|href|data)\\s*=\\s*\"?(https?:)?//", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("@import", html[..html.IndexOf("</style>", StringComparison.Ordinal)]);
    }

    [Fact]
    public void The_page_stays_a_few_megabytes()
    {
        long bytes = System.Text.Encoding.UTF8.GetByteCount(Html(FullPath));
        Assert.InRange(bytes, 3_000_000, 5_000_000);
    }

    [Fact]
    public void Rendering_is_deterministic_with_stable_chart_ids()
    {
        string json = File.ReadAllText(FullPath);
        string first = ImpactReport.Render(json), second = ImpactReport.Render(json);
        Assert.Equal(first, second);
        Assert.DoesNotMatch(new Regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), first[first.IndexOf("</script>", StringComparison.Ordinal)..]);
        Assert.Equal(
        [
            "chart-target-vs-evidence", "chart-tradeoff", "chart-event-study-deployments-per-engineer", "chart-event-study-merged-prs-per-engineer",
            "chart-adoption", "chart-dose-response-deployments-per-engineer", "chart-dose-response-merged-prs-per-engineer",
            "chart-breakdown-org", "chart-breakdown-service-tier", "chart-breakdown-tool-mix", "chart-goodhart", "chart-data-quality",
        ], ChartIds(first));
    }

    [Fact]
    public void Each_chart_has_a_text_alternative_with_its_numbers()
    {
        string html = Html(FullPath);
        foreach (Match figure in Regex.Matches(html, "<figure class=\"figure\">(.*?)</figure>", RegexOptions.Singleline))
        {
            string body = figure.Groups[1].Value;
            Assert.Contains("aria-hidden=\"true\"", body);
            Assert.Matches("<figcaption>[^<]*\\d", body);
            Assert.Contains("<table", body);
        }
        Assert.Equal(ChartIds(html).Count, Regex.Matches(html, "<figure class=\"figure\">").Count);
    }

    [Fact]
    public void Sections_absent_from_the_results_say_not_estimated()
    {
        string text = VisibleText(Html(SamplePath));
        foreach (var section in new[]
        {
            "Dose-response (effect by share of engineers using AI): Not estimated in this run.",
            "Breakdown by organisation, service tier and tool: Not estimated in this run.",
            "Counterfactual model (predicted outcome without AI): Not estimated in this run.",
            "Goodhart flags (gaming the metric): Not estimated in this run.",
            "Refutation checks (placebo dates, placebo outcomes, other thresholds, leave one cohort out, E-values): Not estimated in this run.",
            "Adoption the target would need\nNot estimated in this run.",
        })
            Assert.Contains(section, text);
        Assert.Contains("Not estimated in this run: Double machine learning (dose), Counterfactual model (FastTree).", text);
    }

    [Fact]
    public void Extension_sections_render_when_present()
    {
        string text = VisibleText(Html(FullPath));
        Assert.Contains("Adoption the target would need\nNot reachable even with every engineer using AI (according to the dose-response estimate).", text);
        Assert.Contains("Adoption the target would need\n92% of engineers active with AI, by the dose-response model (a different estimator), beyond the adoption levels observed (extrapolated) — at odds with the verdict above", text);
        Assert.Contains("Goodhart flags\n⚑ Release splitting: deployments rise while deployment days stay flat", text);
        Assert.Contains("research | suppressed | suppressed | — | — | too few engineers to show", text);
        Assert.Contains("Suppressed because they are too small to show without identifying people: research.", text);
        Assert.Contains("⚑ Release splitting | deployments rise while deployment days stay flat: the same work shipped in more, smaller releases | team | 5 | 48 |", text);
        Assert.Contains("Placebo adoption date | Deployments per engineer | shift=-6 | 1.02× | [0.88–1.18] | 0.790 | — | ✔ passed |", text);
        Assert.Contains("4 checks tried to break the estimates: 2 passed, 1 failed, 1 without a pass/fail rule.", text);
        Assert.Contains("Deployments per engineer | 1.29× [1.08–1.54] | 0.61 | 23.0% | 5 | 820 | 12 | 3 | 1.02× / 1.14× / 1.24×", text);
        Assert.Contains("Double machine learning (dose)", text);
        Assert.Contains("Tool\nmodeling 0.1.0+fixture", text);
        Assert.Contains("pull_requests.csv | 11,980 | 11,963 | 17 | 0.14", text);
    }

    [Fact]
    public void Suppressed_groups_never_show_numbers()
    {
        string html = Html(FullPath);
        var breakdown = html[html.IndexOf("<section id=\"breakdown\">", StringComparison.Ordinal)..html.IndexOf("<section id=\"counterfactual\">", StringComparison.Ordinal)];
        foreach (var group in new[] { "research", "cursor" })
            Assert.DoesNotMatch(new Regex($"<td>{group}</td><td class=\"n\">[^s]"), breakdown);
    }

    [Fact]
    public void A_nearly_empty_results_file_still_renders_a_page()
    {
        string text = VisibleText(Html(MinimalPath));
        Assert.Contains("Mandate verdicts: Not estimated in this run.", text);
        Assert.Contains("Event study: Not estimated in this run.", text);
        Assert.Contains("Target-versus-evidence chart: Not estimated in this run.", text);
        Assert.Contains("Seed\nn/a", text);
    }

    [Theory]
    [InlineData("{\"a\": ", "The results file is not valid JSON (line 1, column 7):")]
    [InlineData("[1, 2]", "The results file must hold a JSON object (the results.json written by 'modeling analyze'). Got a JSON Array instead.")]
    public void Bad_results_files_get_a_clear_message(string json, string expected)
    {
        var e = Assert.Throws<ReportInputException>(() => ImpactReport.Render(json));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void WriteHtml_writes_the_rendered_page_and_names_a_missing_input()
    {
        string folder = Modeling.Tests.TestPaths.NewTempFolder("report");
        string output = Path.Combine(folder, "sub", "report.html");
        ImpactReport.WriteHtml(SamplePath, output);
        Assert.Equal(Html(SamplePath), File.ReadAllText(output));
        Assert.False(File.Exists(output + ".tmp"));
        string missing = Path.Combine(folder, "nope.json");
        var e = Assert.Throws<ReportInputException>(() => ImpactReport.WriteHtml(missing, output));
        Assert.Equal($"The results file '{missing}' does not exist. Pass the results.json written by 'modeling analyze' with --results.", e.Message);
    }

    private static string Card(string html, string mandateId)
    {
        var match = Regex.Match(html, $"<article class=\"verdict[^\"]*\" data-mandate=\"{Regex.Escape(mandateId)}\">(.*?)</article>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no card for mandate {mandateId}");
        return match.Value;
    }

    private static (double Raw, string Shown) Value(string card, string cssClass)
    {
        var match = Regex.Match(card, $"<span class=\"{cssClass}\" data-value=\"([^\"]+)\">([^<]+)</span>");
        Assert.True(match.Success, $"no {cssClass} value");
        return (double.Parse(match.Groups[1].Value, NumberStyles.Float, Inv), WebUtility.HtmlDecode(match.Groups[2].Value));
    }
}
