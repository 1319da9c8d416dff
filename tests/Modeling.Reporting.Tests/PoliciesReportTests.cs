using System.Text.Json.Nodes;
using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

/// <summary>The "Policies" section: each policy read in words, inflated adoption called out, descriptions as text.</summary>
public sealed class PoliciesReportTests
{
    private static string Render(string description, bool inflated)
    {
        var document = JsonNode.Parse(File.ReadAllText(SamplePath))!;
        document["policies"] = new JsonArray(new JsonObject
        {
            ["policy_id"] = "p1", ["date"] = "2025-01-01", ["scope"] = "org:payments", ["kind"] = "usage_in_reviews", ["description"] = description,
            ["period"] = "2025-01", ["covered_teams"] = 30, ["comparison_teams"] = 90, ["design"] = "covered_vs_uncovered",
            ["estimates"] = new JsonArray(
                new JsonObject { ["measure"] = "ai_interactions_per_engineer", ["multiplier"] = 2.28, ["ci_low"] = 1.95, ["ci_high"] = 2.49, ["inference"] = "placebo" },
                new JsonObject { ["measure"] = "ai_acceptance_rate", ["multiplier"] = 0.49, ["ci_low"] = 0.48, ["ci_high"] = 0.51, ["inference"] = "placebo" },
                new JsonObject { ["measure"] = "merged_prs_per_engineer", ["not_estimated_reason"] = "no team the policy covers has data for this measure" }),
            ["adoption_inflated"] = inflated,
        });
        return ImpactReport.Render(document.ToJsonString());
    }

    private static string Section(string html)
    {
        int start = html.IndexOf("id=\"policies\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no policies section");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void Inflated_adoption_after_usage_counted_in_reviews_is_called_out_with_what_moved()
    {
        string section = Section(Render("AI usage counts in the half-year reviews", inflated: true));
        Assert.Contains("p1: AI usage counted in performance reviews, 2025-01-01 (organisation payments)", section);
        Assert.Contains("The 30 teams it covered are compared with the 90 it did not, from 2025-01 on.", section);
        Assert.Contains("<strong>Adoption looks inflated.</strong>", section);
        Assert.Contains("AI interactions per engineer", section);
        Assert.Contains("no team the policy covers has data for this measure", section);
        Assert.Contains(">up<", section);
        Assert.Contains(">down<", section);
    }

    [Fact]
    public void Without_inflation_it_says_so_and_a_hostile_description_is_text()
    {
        string html = Render(InjectionTests.Payload, inflated: false);
        string section = Section(html);
        Assert.Contains("No sign of inflated adoption", section);
        Assert.DoesNotContain("<img src=x", section);
        Assert.Contains(System.Net.WebUtility.HtmlEncode("<img src=x onerror="), section);
        Assert.Contains("<a href=\"#policies\">Policies</a>", html);
    }
}
