using Modeling.Estimation.Data;
using Modeling.Estimation.Staggered;

namespace Modeling.Estimation.Tests.Staggered;

/// <summary>
/// With more pre-treatment cells than units the influence-function covariance of the pre-period ATTs is singular,
/// so no Wald statistic exists; R did prints "Not returning pre-test Wald statistic due to singular covariance
/// matrix" and still returns the ATTs. We must do the same rather than fail the whole fit.
/// </summary>
public sealed class PreTrendSingularTests
{
    [Fact]
    public void A_singular_pre_period_covariance_gives_no_pre_trend_test_but_keeps_the_estimates()
    {
        // mpdta reduced to 5 counties (two never treated, one per cohort 2004/2006/2007): 5 pre-period cells
        // (2006: 2004, 2005; 2007: 2004, 2005, 2006) but influence functions of mean zero over 5 units span at most 4 dimensions.
        var full = PanelCsv.Mpdta();
        var chosen = new List<int>();
        foreach (var (cohort, take) in new[] { (0, 2), (2004, 1), (2006, 1), (2007, 1) })
            chosen.AddRange(Enumerable.Range(0, full.Count).Where(r => full.Cohort![r] == cohort).Select(r => full.Unit[r]).Distinct().Take(take));
        var rows = Enumerable.Range(0, full.Count).Where(r => chosen.Contains(full.Unit[r])).ToArray();
        var unitIndex = chosen.Select((u, i) => (u, i)).ToDictionary(x => x.u, x => x.i);
        var small = new PanelData(rows.Select(r => unitIndex[full.Unit[r]]).ToArray(), rows.Select(r => full.Time[r]).ToArray(),
            rows.Select(r => full.Outcome[r]).ToArray(), chosen.Select(u => full.UnitLabels[u]).ToArray(), rows.Select(r => full.Cohort![r]).ToArray());

        var result = new StaggeredDid { Bootstrap = null }.Fit(small);

        Assert.Null(result.PreTrend);
        Assert.Equal(12, result.GroupTime.Count);
        foreach (var cell in result.GroupTime)
            Assert.Equal(NaiveDid.TwoByTwo(small, cell.Cohort, cell.Period, cell.BasePeriod, notYetTreated: false).Att, cell.Estimate, 1e-12);
    }
}
