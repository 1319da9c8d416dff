using System.Text.Json.Nodes;
using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

/// <summary>The "By AI tool" section: shown when results.json has a tool comparison, in plain words, tool names as text.</summary>
public sealed class ToolComparisonReportTests
{
    private static string Render(string secondTool)
    {
        var document = JsonNode.Parse(File.ReadAllText(SamplePath))!;
        string outcome = document["mandates"]![0]!["metric"]!.GetValue<string>();
        JsonObject Estimate(string tool, double m, double low, double high) => new()
        {
            ["outcome"] = outcome, ["dimension"] = "first_tool", ["group"] = tool, ["multiplier"] = m, ["ci_low"] = low, ["ci_high"] = high,
            ["n_teams"] = 32, ["adopting_teams"] = 32, ["engineers"] = 300.0, ["suppressed"] = false, ["inference"] = "cluster_t",
        };
        document["tool_comparison"] = new JsonObject
        {
            ["attribution"] = "first_tool",
            ["teams"] = new JsonArray(new JsonObject { ["tool"] = "copilot", ["adopting_teams"] = 32 }, new JsonObject { ["tool"] = secondTool, ["adopting_teams"] = 32 }),
            ["estimates"] = new JsonArray(Estimate("copilot", 1.17, 1.11, 1.24), Estimate(secondTool, 2.04, 1.86, 2.24),
                new JsonObject { ["outcome"] = "change_failure_rate", ["dimension"] = "first_tool", ["group"] = "copilot", ["n_teams"] = 3, ["adopting_teams"] = 3, ["suppressed"] = true }),
            ["differences"] = new JsonArray(
                new JsonObject { ["outcome"] = outcome, ["tool"] = secondTool, ["versus"] = "copilot", ["ratio"] = 1.75, ["ci_low"] = 1.58, ["ci_high"] = 1.94, ["p_value"] = 1e-12, ["degrees_of_freedom"] = 31 },
                new JsonObject { ["outcome"] = "change_failure_rate", ["tool"] = secondTool, ["versus"] = "copilot", ["ratio"] = 1.02, ["ci_low"] = 0.8, ["ci_high"] = 1.3, ["p_value"] = 0.8, ["degrees_of_freedom"] = 31 }),
        };
        return ImpactReport.Render(document.ToJsonString());
    }

    private static string Section(string html)
    {
        int start = html.IndexOf("id=\"tools\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no tools section");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void Each_tool_and_each_difference_is_read_in_plain_words_and_small_groups_stay_suppressed()
    {
        string html = Render("claude-code");
        string section = Section(html);
        Assert.Contains("Adopting teams by the first tool their members alone brought to the adoption threshold: copilot 32, claude-code 32.", section);
        Assert.Contains("claude-code&#39;s effect is larger: 1.75&#215; copilot&#39;s [1.58–1.94]", section);
        Assert.Contains("can&#39;t tell them apart: claude-code&#39;s effect is anywhere from 0.80&#215; to 1.30&#215; copilot&#39;s", section);
        Assert.Contains("too few engineers to show", section);
        Assert.Contains("<a href=\"#tools\">By tool</a>", html);
    }

    [Fact]
    public void A_hostile_tool_name_is_text_everywhere_in_the_section_and_its_chart()
    {
        string html = Render(InjectionTests.Payload);
        string section = Section(html);
        Assert.DoesNotContain("<img src=x", section);
        Assert.DoesNotContain("<script>document", section);
        Assert.Contains(System.Net.WebUtility.HtmlEncode("<img src=x onerror="), section);
        var scripts = Page.ContentSecurityPolicy.InlineScripts(html).ToList();
        Assert.All(scripts.Skip(1).SkipLast(1), s => Assert.DoesNotContain("<", s));
    }

    [Fact]
    public void Without_a_tool_comparison_there_is_no_section_and_no_link()
    {
        string html = ImpactReport.Render(File.ReadAllText(SamplePath));
        Assert.DoesNotContain("id=\"tools\"", html);
        Assert.DoesNotContain("#tools", html);
    }
}
