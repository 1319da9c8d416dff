using Modeling.Analysis.MachineLearning;
using Modeling.Analysis.Tests.Support;
using Modeling.Panel;
using Modeling.Tests;

namespace Modeling.Analysis.Tests.MachineLearning;

/// <summary>DML with team and period fixed effects: the input is the two-way within transformation of the panel.</summary>
public class DmlAnalysisTests
{
    private static readonly Lazy<TeamPanel> Panel = new(() => TestPanels.Build(Path.Combine(TestPaths.DataSamples, "clean")));

    [Fact]
    public void Outcome_and_adoption_are_demeaned_by_team_and_by_period()
    {
        var panel = Panel.Value;
        var (input, zeros, shareMin, shareMax) = DmlAnalysis.InputFor(panel, "merged_prs_per_engineer");
        var y = panel.Values("merged_prs_per_engineer");
        var share = panel.Values(PanelColumns.AiActiveShare);
        var kept = Enumerable.Range(0, panel.RowCount).Where(r => y[r] > 0 && !double.IsNaN(share[r])).ToArray();
        Assert.Equal(kept.Length, input.Count);
        Assert.Equal(panel.RowCount - kept.Length, zeros + Enumerable.Range(0, panel.RowCount).Count(r => double.IsNaN(y[r]) || double.IsNaN(share[r])));
        Assert.Equal(kept.Min(r => share[r]), shareMin);
        Assert.Equal(kept.Max(r => share[r]), shareMax);
        Assert.Equal(["org", "service_tier", "primary_language", "period", "engineers_within"], DmlAnalysis.Features);

        // Within residuals sum to zero in every team and every period (the normal equations of both sets of dummies).
        foreach (var values in new[] { input.Outcome, input.Treatment, input.Covariates.Select(c => c[4]).ToArray() })
        {
            foreach (var team in kept.Select((r, k) => (Team: panel.TeamIndex[r], k)).GroupBy(x => x.Team))
                Assert.Equal(0, team.Sum(x => values[x.k]), 1e-9);
            foreach (var period in kept.Select((r, k) => (Period: panel.PeriodIndex[r], k)).GroupBy(x => x.Period))
                Assert.Equal(0, period.Sum(x => values[x.k]), 1e-9);
        }
        // ... and differ from the raw values only by a team and a period effect: log y − ỹ is additive (checked on two teams, two periods).
        var teams = kept.Select(r => panel.TeamIndex[r]).Distinct().Take(2).ToArray();
        var periods = kept.Select(r => panel.PeriodIndex[r]).Distinct().Take(2).ToArray();
        double Gap(int team, int period)
        {
            int k = Array.FindIndex(kept, r => panel.TeamIndex[r] == team && panel.PeriodIndex[r] == period);
            return Math.Log(y[kept[k]]) - input.Outcome[k];
        }
        Assert.Equal(Gap(teams[0], periods[0]) - Gap(teams[1], periods[0]), Gap(teams[0], periods[1]) - Gap(teams[1], periods[1]), 1e-9);
    }
}
