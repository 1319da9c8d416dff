using System.Text.Json.Nodes;
using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

/// <summary>Month over month: the runs retrain kept, one small chart and sentence per mandate.</summary>
public sealed class HistoryReportTests
{
    private static string Render(params (string AsOf, double Estimate, double Low, double High, string Verdict)[] points)
    {
        var document = JsonNode.Parse(File.ReadAllText(SamplePath))!;
        document["run"] = new JsonObject
        {
            ["as_of"] = points[^1].AsOf,
            ["history"] = new JsonArray([.. points.Select(p => (JsonNode)new JsonObject
            {
                ["mandate_id"] = "m1", ["as_of"] = p.AsOf, ["estimate"] = p.Estimate, ["ci_low"] = p.Low, ["ci_high"] = p.High,
                ["target_multiplier"] = 3.0, ["verdict"] = p.Verdict,
            })]),
        };
        return ImpactReport.Render(document.ToJsonString());
    }

    [Fact]
    public void Each_mandate_gets_its_runs_with_the_first_and_last_estimate_and_a_verdict_that_moved()
    {
        string html = Render(("2025-10", 1.10, 0.80, 1.50, "inconclusive"), ("2025-11", 1.20, 1.00, 1.45, "inconclusive"),
            ("2025-12", 1.33, 1.07, 1.64, "not_supported"));
        int start = html.IndexOf("id=\"history\"", StringComparison.Ordinal);
        Assert.True(start >= 0);
        string section = System.Net.WebUtility.HtmlDecode(html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)]);
        Assert.Contains("m1: 1.10× [0.80–1.50] in 2025-10, 1.33× [1.07–1.64] in 2025-12; target 3× (red line).", section);
        Assert.Contains("The verdict moved from", section);
        Assert.Contains("chart-history-m1", html);
        Assert.Contains("<a href=\"#history\">Month over month</a>", html);
    }

    [Fact]
    public void One_run_is_no_history()
    {
        string html = Render(("2025-12", 1.33, 1.07, 1.64, "not_supported"));
        Assert.DoesNotContain("id=\"history\"", html);
        Assert.DoesNotContain("#history", html);
    }
}
