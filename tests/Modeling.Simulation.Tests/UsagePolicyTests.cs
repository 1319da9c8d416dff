using Modeling.Tests;

namespace Modeling.Simulation.Tests;

/// <summary>The usage-in-reviews policy: written to policies.csv, inflating only the covered teams' prompting.</summary>
public class UsagePolicyTests
{
    [Fact]
    public void A_policy_for_an_organisation_the_company_does_not_have_is_refused_before_anything_is_written()
    {
        var folder = Path.Combine(TestPaths.NewTempFolder("sim-policy-scope"), "out");
        var e = Assert.Throws<ArgumentException>(() => Simulator.Run(new SimulationOptions
        {
            Teams = 8, Months = 12, UsageInReviews = new UsagePolicy(new DateOnly(2024, 6, 1), "org:nowhere"),
        }, folder));
        Assert.Contains("'org:nowhere' names no organisation", e.Message);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Covered_engineers_prompt_more_from_the_policy_day_with_the_same_acceptances_and_the_rest_of_the_company_is_unchanged()
    {
        var options = new SimulationOptions { Teams = 8, Months = 12, Seed = 4, UsageDetail = UsageDetail.Monthly };
        var plain = TestPaths.NewTempFolder("sim-no-policy");
        var inflated = TestPaths.NewTempFolder("sim-policy");
        Simulator.Run(options, plain);
        Simulator.Run(options with { UsageInReviews = new UsagePolicy(new DateOnly(2024, 7, 1), "all", 3) }, inflated);
        foreach (var file in new[] { "teams.csv", "roster.csv", "pull_requests.csv", "deployments.csv", "incidents.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(plain, file)), File.ReadAllText(Path.Combine(inflated, file)));
        var before = File.ReadAllLines(Path.Combine(plain, "ai_usage.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var after = File.ReadAllLines(Path.Combine(inflated, "ai_usage.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(before.Length, after.Length);
        for (int i = 0; i < before.Length; i++)
        {
            bool covered = string.CompareOrdinal(before[i][0], "2024-07-01") >= 0;
            long Int(string[] row, int column) => long.Parse(row[column], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(covered ? (long)Math.Round(Int(before[i], 5) * 3.0) : Int(before[i], 5), Int(after[i], 5)); // interactions
            Assert.Equal(Int(before[i], 7), Int(after[i], 7)); // acceptances
            Assert.Equal(Int(before[i], 9), Int(after[i], 9)); // lines accepted
        }
    }
}
