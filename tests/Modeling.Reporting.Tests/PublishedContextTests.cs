using System.Text.Json.Nodes;
using Modeling.Reporting.Text;
using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

/// <summary>What others measured, beside the headline: every study with its source, and the largest target set against them.</summary>
public sealed class PublishedContextTests
{
    private static string Context(Action<JsonNode>? change = null)
    {
        var document = JsonNode.Parse(File.ReadAllText(SamplePath))!;
        change?.Invoke(document);
        string html = ImpactReport.Render(document.ToJsonString());
        int start = html.IndexOf("<h3>What others measured</h3>", StringComparison.Ordinal);
        Assert.True(start >= 0);
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void Every_study_is_listed_with_a_link_to_its_source_and_the_largest_target_is_set_against_them()
    {
        string context = Context();
        foreach (var study in PublishedStudies.All)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(study.Study), context);
            Assert.Contains($"<a href=\"{study.Url}\" rel=\"noopener noreferrer\">", context);
        }
        Assert.Contains("The largest target here, 10×, is far outside all of them.", System.Net.WebUtility.HtmlDecode(context));
        Assert.Contains("1.26× [1.06–1.46] completed tasks", System.Net.WebUtility.HtmlDecode(context));
    }

    [Fact]
    public void Targets_within_the_published_range_are_not_called_far_outside()
    {
        string context = Context(d => { foreach (var m in d["mandates"]!.AsArray()) m!["target_multiplier"] = 1.2; });
        Assert.DoesNotContain("far outside", context);
    }
}
