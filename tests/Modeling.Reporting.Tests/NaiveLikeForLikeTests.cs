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

/// <summary>Each card says how small an effect its data could have found.</summary>
public sealed class DetectableEffectCardTests
{
    [Fact]
    public void A_mandate_with_a_minimum_detectable_effect_shows_it_on_its_card()
    {
        var document = JsonNode.Parse(File.ReadAllText(SamplePath))!;
        document["mandates"]![0]!["minimum_detectable_multiplier"] = 1.123;
        string html = ImpactReport.Render(document.ToJsonString());
        Assert.Contains("<dt>Smallest effect these data could detect</dt>", html);
        Assert.Contains("1.12&#215;", html[html.IndexOf("Smallest effect these data could detect", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("<dt>Smallest effect these data could detect</dt>", ImpactReport.Render(File.ReadAllText(SamplePath)));
    }
}
