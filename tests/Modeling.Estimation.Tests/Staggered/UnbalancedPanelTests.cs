using Modeling.Estimation.Data;
using Modeling.Estimation.Staggered;

namespace Modeling.Estimation.Tests.Staggered;

/// <summary>
/// Teams appearing and disappearing. Rule (StaggeredDid remarks): each ATT(g,t) uses the units observed in both t and its
/// base period; its influence function is n/n₁ times the 2×2 one and 0 for every other unit; n counts all units.
/// </summary>
public sealed class UnbalancedPanelTests
{
    private static PanelData DropRows(PanelData p, double share, int seed)
    {
        var rng = new Random(seed);
        var keep = Enumerable.Range(0, p.Count).Where(_ => rng.NextDouble() >= share).ToArray();
        return new PanelData(keep.Select(r => p.Unit[r]).ToArray(), keep.Select(r => p.Time[r]).ToArray(), keep.Select(r => p.Outcome[r]).ToArray(),
            p.UnitLabels, keep.Select(r => p.Cohort![r]).ToArray(),
            covariates: p.Covariates.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)keep.Select(r => kv.Value[r]).ToArray()),
            outcomeName: p.OutcomeName);
    }

    [Theory]
    [InlineData(ControlGroup.NeverTreated)]
    [InlineData(ControlGroup.NotYetTreated)]
    public void Cells_use_the_units_observed_in_both_periods(ControlGroup control)
    {
        var panel = DropRows(PanelCsv.Mpdta(), 0.15, seed: 11);
        var result = new StaggeredDid { ControlGroup = control, Bootstrap = new Bootstrap(Draws: 200) }.Fit(panel);
        Assert.Equal(12, result.GroupTime.Count);
        Assert.Equal(500, result.UnitCount);
        foreach (var cell in result.GroupTime)
        {
            var naive = NaiveDid.TwoByTwo(panel, cell.Cohort, cell.Period, cell.BasePeriod, control == ControlGroup.NotYetTreated);
            Assert.Equal(naive.Att, cell.Estimate, 1e-12);
            Assert.Equal(naive.Treated, cell.TreatedCount);
            Assert.Equal(naive.Controls, cell.ControlCount);
            Assert.Equal(cell.TreatedCount + cell.ControlCount, cell.InfluenceFunction.Count(v => v != 0));
            Assert.True(cell.Effect.StandardError > 0);
        }
    }

    [Fact]
    public void Removing_random_rows_gives_sensible_numbers_close_to_the_balanced_panel()
    {
        var full = new StaggeredDid().Fit(PanelCsv.Mpdta());
        var gappy = new StaggeredDid().Fit(DropRows(PanelCsv.Mpdta(), 0.10, seed: 3));
        // 10% of rows gone: estimates move by well under one (balanced) standard error, SEs grow a little.
        Assert.InRange(gappy.Simple.Overall.Estimate, full.Simple.Overall.Estimate - full.Simple.Overall.Effect.StandardError,
            full.Simple.Overall.Estimate + full.Simple.Overall.Effect.StandardError);
        Assert.InRange(gappy.Dynamic.Overall.Estimate, full.Dynamic.Overall.Estimate - full.Dynamic.Overall.Effect.StandardError,
            full.Dynamic.Overall.Estimate + full.Dynamic.Overall.Effect.StandardError);
        Assert.InRange(gappy.Simple.Overall.Effect.StandardError, full.Simple.Overall.Effect.StandardError, 1.5 * full.Simple.Overall.Effect.StandardError);
        Assert.NotNull(gappy.PreTrend);
    }

    [Fact]
    public void A_unit_seen_in_one_period_only_counts_as_a_cluster_but_enters_no_cell()
    {
        var p = PanelCsv.Mpdta();
        // Keep just the 2003 row of the first county.
        int unit = p.Unit[0];
        var keep = Enumerable.Range(0, p.Count).Where(r => p.Unit[r] != unit || p.Time[r] == 2003).ToArray();
        var panel = new PanelData(keep.Select(r => p.Unit[r]).ToArray(), keep.Select(r => p.Time[r]).ToArray(), keep.Select(r => p.Outcome[r]).ToArray(),
            p.UnitLabels, keep.Select(r => p.Cohort![r]).ToArray(), outcomeName: p.OutcomeName);
        var result = new StaggeredDid { Bootstrap = null }.Fit(panel);
        Assert.Equal(500, result.UnitCount);
        Assert.All(result.GroupTime, c => Assert.Equal(0, c.InfluenceFunction[unit]));
    }
}
