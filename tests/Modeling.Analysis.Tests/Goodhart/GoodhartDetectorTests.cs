using System.Text.Json;
using Modeling.Analysis.Goodhart;
using Modeling.Analysis.Tests.Support;
using Modeling.Estimation.Data;

namespace Modeling.Analysis.Tests.Goodhart;

public class GoodhartDetectorTests
{
    // A simulated organisation of the size the issue names (150 teams, 24 months); truth.json lists the teams the
    // simulator built to split releases and to slice PRs.
    private static readonly Lazy<(IReadOnlyList<TeamFlag> Flags, HashSet<string> Splitting, HashSet<string> Slicing)> Simulated = new(() =>
    {
        var folder = TestPanels.Simulated(150, 24, 5);
        var panel = TestPanels.Build(folder);
        using var truth = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "truth.json")));
        HashSet<string> Teams(string name) =>
            truth.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
        return (GoodhartDetector.Evaluate(GoodhartDetector.SeriesOf(panel), new GoodhartRules()), Teams("release_splitting_teams"), Teams("slicing_teams"));
    });

    private static (double Precision, double Recall, int Flagged) Score(GoodhartPattern flag, HashSet<string> truth)
    {
        var flags = Simulated.Value.Flags.Where(f => f.Flag == flag).ToArray();
        var flagged = flags.Where(f => f.Flagged).Select(f => f.TeamId).ToArray();
        int truePositives = flagged.Count(truth.Contains);
        return (flagged.Length == 0 ? 0 : truePositives / (double)flagged.Length, truePositives / (double)truth.Count, flagged.Length);
    }

    [Fact]
    public void Release_splitting_fires_for_the_splitting_teams_and_not_for_the_others()
    {
        // Required: precision ≥ 0.9 and recall ≥ 0.9. Measured (seed 5): 17 splitters, 18 flagged, precision 0.94, recall 1.
        var (precision, recall, flagged) = Score(GoodhartPattern.ReleaseSplitting, Simulated.Value.Splitting);
        Assert.True(precision >= 0.9, $"precision {precision:0.000} ({flagged} flagged)");
        Assert.True(recall >= 0.9, $"recall {recall:0.000}");
    }

    [Fact]
    public void Pr_slicing_fires_for_the_slicing_teams_and_not_for_the_others()
    {
        // Required: precision ≥ 0.9 and recall ≥ 0.85 (late adopters have only three ramping months to show it).
        // Measured (seed 5): 33 slicers, 35 flagged, precision 0.94, recall 1.
        var (precision, recall, flagged) = Score(GoodhartPattern.PrSlicing, Simulated.Value.Slicing);
        Assert.True(precision >= 0.9, $"precision {precision:0.000} ({flagged} flagged)");
        Assert.True(recall >= 0.85, $"recall {recall:0.000}");
    }

    [Fact]
    public void Every_adopted_team_with_data_is_checked_and_never_adopted_teams_are_not()
    {
        var checkedTeams = Simulated.Value.Flags.Where(f => f.Flag == GoodhartPattern.ReleaseSplitting).Select(f => f.TeamId).ToHashSet();
        Assert.True(checkedTeams.Count >= 100, $"{checkedTeams.Count} checked");
        Assert.Contains(Simulated.Value.Splitting.First(), checkedTeams);
    }

    private static TeamSeries Team(string id, int cohort, Func<int, double> deployments, Func<int, double> days,
        Func<int, double>? size = null, Func<int, double>? prs = null)
    {
        int[] periods = [.. Enumerable.Range(1, 12)];
        return new TeamSeries(id, cohort, periods, [.. periods.Select(_ => 10.0)], [.. periods.Select(deployments)], [.. periods.Select(days)],
            [.. periods.Select(prs ?? (_ => 30.0))], [.. periods.Select(size ?? (_ => 100.0))], [.. periods.Select(_ => double.NaN)]);
    }

    [Fact]
    public void Deployments_doubling_on_the_same_days_is_release_splitting()
    {
        var teams = new[]
        {
            Team("a", 7, t => t >= 7 ? 24 : 12, _ => 10),
            Team("c", PanelData.NeverTreated, _ => 12, _ => 10),
        };
        var flag = GoodhartDetector.Evaluate(teams, new GoodhartRules()).Single(f => f.Flag == GoodhartPattern.ReleaseSplitting);
        Assert.True(flag.Flagged);
        Assert.Equal(2.0, flag.Statistic, 12);
    }

    [Fact]
    public void An_org_wide_rise_in_deployments_per_day_flags_nobody()
    {
        // The controls double their deployments per day in the same months: the team's change is the trend, not gaming.
        var teams = new[]
        {
            Team("a", 7, t => t >= 7 ? 24 : 12, _ => 10),
            Team("c", PanelData.NeverTreated, t => t >= 7 ? 24 : 12, _ => 10),
        };
        var flag = GoodhartDetector.Evaluate(teams, new GoodhartRules()).Single(f => f.Flag == GoodhartPattern.ReleaseSplitting);
        Assert.False(flag.Flagged);
        Assert.Equal(1.0, flag.Statistic, 12);
    }

    [Fact]
    public void Smaller_prs_without_more_prs_is_not_slicing_but_with_more_prs_it_is()
    {
        var control = Team("c", PanelData.NeverTreated, _ => 12, _ => 10);
        var fewer = Team("a", 7, _ => 12, _ => 10, size: t => t >= 7 ? 50 : 100, prs: _ => 30);
        var more = Team("b", 7, _ => 12, _ => 10, size: t => t >= 7 ? 50 : 100, prs: t => t >= 7 ? 45 : 30);
        var flags = GoodhartDetector.Evaluate([control, fewer, more], new GoodhartRules()).Where(f => f.Flag == GoodhartPattern.PrSlicing).ToArray();
        Assert.False(flags.Single(f => f.TeamId == "a").Flagged);
        Assert.True(flags.Single(f => f.TeamId == "b").Flagged);
        Assert.Equal(0.5, flags.Single(f => f.TeamId == "b").Statistic, 12);
    }

    [Fact]
    public void More_prs_with_a_significantly_higher_failure_rate_is_throughput_vs_quality()
    {
        int[] periods = [.. Enumerable.Range(1, 12)];
        TeamSeries With(string id, int cohort, double prsAfter, double cfrAfter) => new(id, cohort, periods, [.. periods.Select(_ => 10.0)],
            [.. periods.Select(_ => 40.0)], [.. periods.Select(_ => 15.0)], [.. periods.Select(t => t >= 7 ? prsAfter : 30.0)],
            [.. periods.Select(_ => 100.0)], [.. periods.Select(t => t >= 7 ? cfrAfter : 0.1)]);
        var control = With("c", PanelData.NeverTreated, 30, 0.1);
        var flags = GoodhartDetector.Evaluate([control, With("a", 7, 40, 0.2), With("b", 7, 40, 0.1), With("d", 7, 30, 0.2)], new GoodhartRules())
            .Where(f => f.Flag == GoodhartPattern.ThroughputVsQuality).ToDictionary(f => f.TeamId);
        // a: PRs ×1.33 and failures 10% → 20% over 240 deployments each side (z ≈ 3.0): flagged.
        Assert.True(flags["a"].Flagged);
        Assert.False(flags["b"].Flagged); // throughput up, quality unchanged
        Assert.False(flags["d"].Flagged); // quality down, throughput unchanged
    }

    [Fact]
    public void A_mandate_carries_a_flag_relevant_to_its_metric_when_enough_teams_in_scope_show_it()
    {
        TeamFlag[] flags =
        [
            new("a", GoodhartPattern.ReleaseSplitting, true, 2), new("b", GoodhartPattern.ReleaseSplitting, false, 1),
            new("a", GoodhartPattern.PrSlicing, true, 0.5),
        ];
        var rules = new GoodhartRules();
        Assert.Equal(["release_splitting"], GoodhartDetector.ForMandate("deployments", null, flags, rules));
        Assert.Equal(["pr_slicing"], GoodhartDetector.ForMandate("merged_prs", null, flags, rules));
        Assert.Empty(GoodhartDetector.ForMandate("deployments", new HashSet<string> { "b" }, flags, rules));
        Assert.Empty(GoodhartDetector.ForMandate("change_failure_rate", null, flags, rules));
    }

    [Fact]
    public void Summary_rows_list_flagged_teams_with_a_plain_sentence()
    {
        TeamFlag[] flags = [new("b", GoodhartPattern.ReleaseSplitting, true, 2.5), new("a", GoodhartPattern.ReleaseSplitting, false, 1.0)];
        var row = Assert.Single(GoodhartDetector.Summarise(flags, new GoodhartRules()));
        Assert.Equal("release_splitting", row.Flag);
        Assert.Equal(["b"], row.TeamIds);
        Assert.Equal(
            "1 of 2 adopted teams raised deployments per deployment day by at least ×1.30 beyond the never-adopted teams' change over the same months while deployments per engineer rose (median change: flagged ×2.50, others ×1.00).",
            row.Evidence);
    }
}
