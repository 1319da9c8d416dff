using System.Text.Json.Nodes;
using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

/// <summary>The naive number beside a scoped mandate is its own scope's when results.json has it, not the all-teams one.</summary>
public sealed class NaiveLikeForLikeTests
{
    [Fact]
    public void A_scoped_mandate_shows_its_own_scope_s_naive_number()
    {
        var document = JsonNode.Parse(File.ReadAllText(SamplePath))!;
        var scoped = document["mandates"]!.AsArray().First(m => m!["scope"]!.GetValue<string>().StartsWith("org:", StringComparison.Ordinal))!;
        string before = ImpactReport.Render(document.ToJsonString());
        Assert.Contains("(all teams; before/after", before);
        scoped["naive_multiplier"] = 2.345;
        scoped["naive_ci_low"] = 2.0;
        scoped["naive_ci_high"] = 2.7;
        string html = ImpactReport.Render(document.ToJsonString());
        Assert.Contains("2.35&#215;", html);
        Assert.DoesNotContain("(all teams; before/after", html);
    }
}
