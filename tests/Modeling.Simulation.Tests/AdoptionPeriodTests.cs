using Modeling.Tests;

namespace Modeling.Simulation.Tests;

public sealed class AdoptionPeriodTests(SmallDailyOrg org) : IClassFixture<SmallDailyOrg>
{
    /// <summary>CONTRACT §3: the adoption period is the first period whose ai_active_share reaches 0.5.</summary>
    private static void AssertAdoptionMatchesTruth(OrgData data)
    {
        var shares = data.ActiveShares();
        int adopters = 0;
        foreach (var team in data.Teams)
        {
            string? firstReaching = data.Periods.FirstOrDefault(p => shares[(team, p)] >= 0.5);
            Assert.Equal(data.Adoption[team], firstReaching);
            foreach (var p in data.Periods)
            {
                double share = shares[(team, p)];
                if (data.IsAdopted(team, p)) Assert.True(share >= 0.6, $"{team} {p}: {share}");
                else Assert.True(share <= 0.35, $"{team} {p}: {share}");
            }
            if (firstReaching is not null) adopters++;
        }
        Assert.InRange(adopters, 1, data.Teams.Length - 1);
    }

    [Fact]
    public void Daily_telemetry_reaches_the_threshold_exactly_in_the_adoption_period() => AssertAdoptionMatchesTruth(org.Data.Value);

    [Fact]
    public void Monthly_telemetry_gives_the_same_adoption_periods()
    {
        string folder = Path.Combine(TestPaths.NewTempFolder("modeling-adopt"), "org");
        try
        {
            Simulator.Run(org.Options with { UsageDetail = UsageDetail.Monthly, Seed = 12 }, folder);
            AssertAdoptionMatchesTruth(OrgData.Load(folder));
        }
        finally { Directory.Delete(Path.GetDirectoryName(folder)!, true); }
    }

    [Fact]
    public void Some_engineers_experiment_before_adoption()
    {
        var data = org.Data.Value;
        var shares = data.ActiveShares();
        var pre = data.Teams.Where(t => data.Adoption[t] is not null)
            .SelectMany(t => data.Periods.Where(p => !data.IsAdopted(t, p)).Select(p => shares[(t, p)])).ToArray();
        Assert.True(pre.Average() is > 0.05 and < 0.35, pre.Average().ToString());
    }

    [Fact]
    public void Cohorts_are_staggered_and_early_adopters_have_higher_baseline_output()
    {
        var data = org.Data.Value;
        var cohorts = data.Adoption.Values.Where(a => a is not null).Distinct().Count();
        Assert.True(cohorts >= 8, $"{cohorts} cohorts");
        Assert.Contains(null, data.Adoption.Values);
        // Selection: merged PRs per team-month in the first three months (before anyone adopts), early half vs the rest.
        var roster = data.Roster;
        double Baseline(string team) => data.Periods.Take(3).Sum(p => data.Get(team, p, "merged_prs"))
            / Math.Max(1, roster.Count(r => r.Team == team && r.From <= OrgData.Month(data.Periods[0])));
        var adopters = data.Teams.Where(t => data.Adoption[t] is not null).OrderBy(t => data.Adoption[t], StringComparer.Ordinal).ToArray();
        var early = adopters.Take(adopters.Length / 2).Average(Baseline);
        var rest = adopters.Skip(adopters.Length / 2).Concat(data.Teams.Where(t => data.Adoption[t] is null)).Average(Baseline);
        Assert.True(early > 1.1 * rest, $"early {early:F2} vs rest {rest:F2}");
    }
}
