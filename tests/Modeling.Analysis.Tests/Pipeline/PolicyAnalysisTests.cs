using Modeling.Analysis.Tests.Support;
using Modeling.Ingest;
using Modeling.Panel;
using Modeling.Simulation;
using Modeling.Tests;

namespace Modeling.Analysis.Tests.Pipeline;

/// <summary>
/// Policies of policies.csv on organisations where usage counted in reviews from 2025-01-01 makes the covered engineers
/// prompt twice as much with the same acceptances (truth: interactions ×2, acceptance rate ×0.5), or not at all (×1).
/// </summary>
public class PolicyAnalysisTests
{
    private static readonly OutcomeEstimation Estimation = new(1, 100, 0.95);
    private static readonly DateOnly PolicyDate = new(2025, 1, 1);

    private static (TeamPanel Panel, string Scope) Panel(string scope, double inflation)
    {
        var folder = TestPaths.NewTempFolder($"sim-policy-{inflation}");
        var options = new SimulationOptions { Teams = 120, Months = 24, Seed = 3, UsageDetail = UsageDetail.Monthly };
        if (scope.StartsWith("org:", StringComparison.Ordinal)) scope = "org:" + FirstOrg(options);
        Simulator.Run(options with { UsageInReviews = new UsagePolicy(PolicyDate, scope, inflation) }, folder);
        Assert.Equal($"policy_id,date,scope,kind,description\np1,2025-01-01,{scope},usage_in_reviews,AI usage counts in performance reviews\n",
            File.ReadAllText(Path.Combine(folder, "policies.csv")));
        return (TestPanels.Build(folder), scope);
    }

    /// <summary>The org of the simulated organisation's first team (the simulator names orgs from its catalogue).</summary>
    private static string FirstOrg(SimulationOptions options)
    {
        var probe = TestPaths.NewTempFolder("sim-policy-probe");
        Simulator.Run(options with { Teams = 4 }, probe);
        return File.ReadAllLines(Path.Combine(probe, "teams.csv"))[1].Split(',')[1];
    }

    /// <summary>The analysis of the policy as the simulator wrote it (its scope, date and kind).</summary>
    private static Results.PolicyEffects Evaluate((TeamPanel Panel, string Scope) simulated)
    {
        var (panel, scope) = simulated;
        Assert.Contains(panel.Teams, t => scope == "all" || scope == "org:" + t.Org);
        var policy = new PolicyInput("p1", PolicyDate, scope, PolicyAnalysis.UsageInReviews, null, null);
        var warnings = new List<string>();
        var result = Assert.Single(PolicyAnalysis.Run(panel, [policy], [], Estimation, warnings));
        Assert.Equal(result.AdoptionInflated == true, warnings.Any(w => w.Contains("inflated", StringComparison.Ordinal)));
        return result;
    }

    [Theory]
    [InlineData("org:", PolicyAnalysis.CoveredVersusUncovered)]
    [InlineData("all", PolicyAnalysis.BeforeAfter)]
    public void Usage_counted_in_reviews_is_flagged_as_inflated_adoption_with_its_true_size_in_the_intervals(string scope, string design)
    {
        var result = Evaluate(Panel(scope, 2.0));
        Assert.Equal(design, result.Design);
        Assert.True(result.AdoptionInflated);
        var flag = Assert.Single(PolicyAnalysis.InflationFlags([result]));
        Assert.Equal((PolicyAnalysis.InflationFlag, result.CoveredTeams), (flag.Flag, flag.TeamsFlagged));
        var interactions = result.Estimates.Single(e => e.Measure == PanelColumns.AiInteractionsPerEngineer);
        var acceptance = result.Estimates.Single(e => e.Measure == PanelColumns.AiAcceptanceRate);
        Assert.InRange(0.5, acceptance.CiLow!.Value, acceptance.CiHigh!.Value);
        if (design == PolicyAnalysis.CoveredVersusUncovered)
        {
            Assert.InRange(2.0, interactions.CiLow!.Value, interactions.CiHigh!.Value);
            // The event study around the policy: the acceptance rate halves from the policy's month on and not before.
            var events = acceptance.ByEventTime.ToDictionary(e => e.EventTime);
            foreach (int t in new[] { -3, -2, -1 }) Assert.InRange(1.0, events[t].CiLow!.Value, events[t].CiHigh!.Value);
            foreach (int t in new[] { 0, 1, 2 }) Assert.InRange(0.5, events[t].CiLow!.Value, events[t].CiHigh!.Value);
        }
        else Assert.True(interactions.CiLow > 2.0 * 0.9, $"{interactions.CiLow}"); // before-after: ×2 plus usage still ramping up
    }

    [Theory]
    [InlineData("org:")]
    [InlineData("all")]
    public void The_same_policy_without_inflated_usage_is_not_flagged(string scope)
    {
        var result = Evaluate(Panel(scope, 1.0));
        Assert.False(result.AdoptionInflated);
        Assert.Empty(PolicyAnalysis.InflationFlags([result]));
        var acceptance = result.Estimates.Single(e => e.Measure == PanelColumns.AiAcceptanceRate);
        Assert.InRange(1.0, acceptance.CiLow!.Value, acceptance.CiHigh!.Value);
    }

    [Fact]
    public void A_policy_about_one_tool_is_read_first_on_that_tool_s_share_of_interactions()
    {
        var (panel, scope) = Panel("org:", 1.0);
        var policy = new PolicyInput("p2", PolicyDate, scope, "restrict_tool", "cursor", "no Cursor in this org");
        var result = Assert.Single(PolicyAnalysis.Run(panel, [policy], [], Estimation, []));
        Assert.Null(result.AdoptionInflated);
        var share = result.Estimates[0];
        Assert.Equal("tool_share_cursor", share.Measure);
        // The simulator restricts nothing: the share of the covered teams does not move against the others'.
        Assert.InRange(1.0, share.CiLow!.Value, share.CiHigh!.Value);
    }
}
