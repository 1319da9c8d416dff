using System.Text.Json;
using Modeling.Tests;

namespace Modeling.Simulation.Tests;

/// <summary>
/// truth.json against the realised rows. Given the team traits and the roster, realised sums over adopted team-months are
/// sums of independent draws with mean Σ E[Y(1)] (expected_with_ai); their spread is at most about √(φ·Σ E[Y]) with φ the
/// overdispersion (1 for Poisson counts and day indicators, ≤ 3 for deployments because split releases come in bunches).
/// Tolerance: 4 standard deviations.
/// </summary>
public sealed class TruthConsistencyTests(MonteCarloOrg org) : IClassFixture<MonteCarloOrg>
{
    private (double Realised, double Team_months) Realised(string outcome)
    {
        var data = org.Data.Value;
        double sum = 0;
        int n = 0;
        foreach (var team in data.Teams)
            foreach (var p in data.Periods.Where(p => data.IsAdopted(team, p)))
            {
                sum += data.Get(team, p, outcome);
                n++;
            }
        return (sum, n);
    }

    [Theory]
    [InlineData("merged_prs", 1.0)]
    [InlineData("deployments", 3.0)]
    [InlineData("deployment_days", 1.0)]
    [InlineData("incidents", 1.5)]
    [InlineData("defects", 1.0)]
    [InlineData("escaped_defects", 1.0)]
    public void Realised_counts_over_adopted_team_months_match_the_expectation_with_AI(string outcome, double overdispersion)
    {
        var effect = org.Data.Value.Effect(outcome);
        double expectedWith = effect.GetProperty("expected_with_ai").GetDouble();
        double expectedWithout = effect.GetProperty("expected_without_ai").GetDouble();
        double multiplier = effect.GetProperty("multiplier").GetDouble();
        var (realised, teamMonths) = Realised(outcome);

        Assert.Equal(org.Data.Value.Truth.RootElement.GetProperty("adopted_team_months").GetInt32(), teamMonths);
        Assert.Equal(multiplier, expectedWith / expectedWithout, 5);
        double sd = Math.Sqrt(overdispersion * expectedWith);
        Assert.True(Math.Abs(realised - expectedWith) <= 4 * sd, $"{outcome}: realised {realised}, expected {expectedWith} ± {4 * sd:F0}");
        // The same check read as "realised / Σ E[Y(0)] estimates the multiplier".
        Assert.InRange(realised / expectedWithout, multiplier - 4 * sd / expectedWithout, multiplier + 4 * sd / expectedWithout);
    }

    [Fact]
    public void Realised_change_failure_rate_matches_the_pooled_expected_rate()
    {
        var data = org.Data.Value;
        double num = 0, den = 0;
        foreach (var team in data.Teams)
            foreach (var p in data.Periods.Where(p => data.IsAdopted(team, p)))
            {
                num += data.Get(team, p, "cfr_numerator");
                den += data.Get(team, p, "all_deployments");
            }
        var effect = data.Effect("change_failure_rate");
        double expected = effect.GetProperty("expected_with_ai").GetDouble();
        double sd = expected * Math.Sqrt(3.0 / num);
        Assert.True(Math.Abs(num / den - expected) <= 4 * sd, $"realised {num / den:F4}, expected {expected:F4} ± {4 * sd:F4}");
        Assert.True(effect.GetProperty("multiplier").GetDouble() > 1.1); // quality cost built in
    }

    [Fact]
    public void Steady_state_merged_pr_multiplier_follows_the_option_and_each_team_cohort_factor()
    {
        var data = org.Data.Value;
        double m = org.Options.TrueMultiplier;
        var factor = data.Truth.RootElement.GetProperty("teams").EnumerateArray()
            .Where(t => t.GetProperty("cohort_factor").ValueKind == JsonValueKind.Number)
            .ToDictionary(t => t.GetProperty("team_id").GetString()!, t => t.GetProperty("cohort_factor").GetDouble());
        // Independent: log multiplier of a team-month at event time e >= 3 is cohort_factor * ln(true_multiplier).
        var logs = new List<double>();
        foreach (var team in factor.Keys)
        {
            var adoption = OrgData.Month(data.Adoption[team]!);
            foreach (var p in data.Periods)
            {
                int e = (OrgData.Month(p).Year - adoption.Year) * 12 + OrgData.Month(p).Month - adoption.Month;
                if (e >= 3) logs.Add(factor[team] * Math.Log(m));
            }
        }
        var steady = data.Effect("merged_prs").GetProperty("by_event_time").EnumerateArray()
            .Where(x => x.GetProperty("event_time").GetInt32() >= 3).ToArray();
        int teamMonths = steady.Sum(x => x.GetProperty("team_months").GetInt32());
        double logSum = steady.Sum(x => x.GetProperty("team_months").GetInt32() * Math.Log(x.GetProperty("geometric_mean_multiplier").GetDouble()));
        Assert.Equal(logs.Count, teamMonths);
        Assert.Equal(Math.Exp(logs.Average()), Math.Exp(logSum / teamMonths), 5);

        // The overall truth lies between the first adopted month's (ramp 1/4) and the strongest cohort's steady state.
        double overall = data.Effect("merged_prs").GetProperty("multiplier").GetDouble();
        var byEvent = data.Effect("merged_prs").GetProperty("by_event_time").EnumerateArray().ToArray();
        Assert.InRange(overall, byEvent[0].GetProperty("multiplier").GetDouble(), Math.Pow(m, 1.2));
        Assert.InRange(byEvent[0].GetProperty("geometric_mean_multiplier").GetDouble(), Math.Pow(m, 0.8 / 4), Math.Pow(m, 1.2 / 4));
        Assert.True(byEvent[0].GetProperty("multiplier").GetDouble() < byEvent[1].GetProperty("multiplier").GetDouble());
    }

    [Fact]
    public void Per_engineer_truth_weighs_team_months_by_engineer_months_so_it_is_the_count_ratio()
    {
        // CONTRACT §3: the per-engineer multiplier is Σ EM·r(1) / Σ EM·r(0) = Σ Y(1) / Σ Y(0), the count's multiplier.
        var count = org.Data.Value.Effect("merged_prs");
        var rate = org.Data.Value.Effect("merged_prs_per_engineer");
        Assert.Equal("per_engineer_rate", rate.GetProperty("kind").GetString());
        Assert.Equal(count.GetProperty("multiplier").GetDouble(), rate.GetProperty("multiplier").GetDouble(), 12);
        Assert.Equal(count.GetProperty("geometric_mean_multiplier").GetDouble(), rate.GetProperty("geometric_mean_multiplier").GetDouble(), 6);
        Assert.Equal(count.GetProperty("mean_multiplier").GetDouble(), rate.GetProperty("mean_multiplier").GetDouble(), 6);
    }

    [Theory]
    [InlineData("merged_prs")]
    [InlineData("merged_prs_per_engineer")]
    [InlineData("deployments_per_engineer")]
    public void Team_truths_cover_every_adopting_team_and_add_up_to_the_overall_truth(string outcome)
    {
        // by_team is what a scope's truth is built from (bench: modeling-bench scopes): Σ with ÷ Σ without over any set of teams.
        var data = org.Data.Value;
        var adopting = data.Truth.RootElement.GetProperty("teams").EnumerateArray()
            .Where(t => t.GetProperty("adoption_period").ValueKind == JsonValueKind.String).Select(t => t.GetProperty("team_id").GetString()).ToList();
        var effect = data.Effect(outcome);
        var teams = effect.GetProperty("by_team").EnumerateArray().ToList();
        Assert.Equal(adopting, teams.Select(t => t.GetProperty("team_id").GetString()));
        double with = teams.Sum(t => t.GetProperty("expected_with_ai").GetDouble());
        double without = teams.Sum(t => t.GetProperty("expected_without_ai").GetDouble());
        Assert.Equal(effect.GetProperty("multiplier").GetDouble(), with / without, 1e-5); // truth.json rounds to 6 decimals
        Assert.Equal(effect.GetProperty("team_months").GetInt32(), teams.Sum(t => t.GetProperty("team_months").GetInt32()));
    }

    [Fact]
    public void A_true_multiplier_of_one_means_no_effect_on_merged_prs()
    {
        string folder = Path.Combine(TestPaths.NewTempFolder("modeling-truth"), "org");
        try
        {
            var summary = Simulator.Run(new SimulationOptions { Teams = 30, Months = 12, TrueMultiplier = 1, UsageDetail = UsageDetail.Monthly }, folder);
            var effect = summary.Truth.Effects.Single(e => e.Outcome == "merged_prs");
            Assert.Equal(1.0, effect.Overall.Multiplier, 12);
            Assert.All(effect.ByCohort, c => Assert.Equal(1.0, c.Aggregate.Multiplier, 12));
        }
        finally { Directory.Delete(Path.GetDirectoryName(folder)!, true); }
    }

    [Fact]
    public void No_effect_means_every_outcome_is_unchanged_and_says_so_in_truth_json()
    {
        string folder = Path.Combine(TestPaths.NewTempFolder("modeling-truth"), "org");
        try
        {
            var summary = Simulator.Run(new SimulationOptions { Teams = 30, Months = 12, NoEffect = true, UsageDetail = UsageDetail.Monthly }, folder);
            Assert.All(summary.Truth.Effects, e =>
            {
                Assert.Equal(1.0, e.Overall.Multiplier, 12);
                Assert.All(e.ByTeam, t => Assert.Equal(1.0, t.Aggregate.Multiplier, 12));
            });
            Assert.Contains(summary.Truth.Effects, e => e.Overall.TeamMonths > 0); // teams still adopt
            using var truth = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "truth.json")));
            Assert.True(truth.RootElement.GetProperty("options").GetProperty("no_effect").GetBoolean());
        }
        finally { Directory.Delete(Path.GetDirectoryName(folder)!, true); }
    }
}
