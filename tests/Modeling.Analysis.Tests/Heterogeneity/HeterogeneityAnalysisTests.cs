using Modeling.Analysis.Heterogeneity;
using Modeling.Analysis.Tests.Support;
using Modeling.Estimation.Imputation;

namespace Modeling.Analysis.Tests.Heterogeneity;

public class HeterogeneityAnalysisTests
{
    private static readonly OutcomeEstimation Estimation = new(1, 100, 0.95);

    // 60 teams; group "big" = teams 0..39, "small" = teams 40..59 (every team 3 engineers except in "tiny": team 59 alone, 1 engineer).
    private static readonly Estimation.Data.PanelData Data = TestPanels.Poisson(60, 20, effect: 1.25, seed: 3);

    private static TeamGrouping Grouping => new("org", Data.UnitLabels.Select((t, i) => (t, i)).ToDictionary(
        x => x.t, x => x.i < 40 ? "big" : x.i < 59 ? "small" : "tiny", StringComparer.Ordinal));

    private static IReadOnlyDictionary<string, double> Sizes =>
        Data.UnitLabels.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i == 59 ? 1.0 : 3.0, StringComparer.Ordinal);

    [Fact]
    public void A_group_under_the_small_group_threshold_is_suppressed_with_null_numbers()
    {
        var rows = HeterogeneityAnalysis.Estimate(Data, OutcomeKind.Count, Grouping, Sizes, 5, Estimation);
        Assert.Equal(["big", "small", "tiny"], rows.Select(r => r.Group));
        var tiny = rows.Single(r => r.Group == "tiny");
        Assert.True(tiny.Suppressed);
        Assert.Null(tiny.Multiplier);
        Assert.Null(tiny.CiLow);
        Assert.Null(tiny.CiHigh);
        Assert.Null(tiny.Engineers);
        Assert.Equal(1, tiny.NTeams);
        Assert.False(rows.Single(r => r.Group == "small").Suppressed);
    }

    [Fact]
    public void A_group_s_multiplier_equals_an_independent_refit_on_its_teams_and_the_never_adopted_controls()
    {
        var rows = HeterogeneityAnalysis.Estimate(Data, OutcomeKind.Count, Grouping, Sizes, 5, Estimation);
        var big = rows.Single(r => r.Group == "big");

        // Independent refit: select the rows by hand and fit the imputation estimator directly (Poisson form); the group has
        // at least 20 adopting teams, so its interval is the leave-out cluster-robust one with t on G₁−1 degrees of freedom.
        var cohort = Data.Cohort!;
        var keep = Enumerable.Range(0, Data.Count).Where(i => Data.Unit[i] < 40 || cohort[i] == 0).ToArray();
        var units = keep.Select(i => Data.Unit[i]).Distinct().Order().ToList();
        var subset = new Estimation.Data.PanelData([.. keep.Select(i => units.IndexOf(Data.Unit[i]))], [.. keep.Select(i => Data.Time[i])],
            [.. keep.Select(i => Data.Outcome[i])], [.. units.Select(u => Data.UnitLabels[u])], [.. keep.Select(i => cohort[i])]);
        var refit = new ImputationDid { Form = ImputationForm.Poisson, Variance = ImputationVariance.LeaveUnitOut }.Fit(subset).Multiplier;

        Assert.Equal(refit.Value, big.Multiplier!.Value, 12);
        Assert.Equal(refit.CiLow, big.CiLow!.Value, 12);
        Assert.Equal(refit.CiHigh, big.CiHigh!.Value, 12);
        Assert.Equal(40, big.NTeams);
        Assert.Equal(HeadlineInference.ClusterT, big.Inference);
        // "small": 15 adopting teams and only 12 never-adopted teams to give their adoption months to: no valid interval.
        var small = rows.Single(r => r.Group == "small");
        Assert.Equal((15, HeadlineInference.None), (small.AdoptingTeams!.Value, small.Inference));
        Assert.Null(small.CiLow);
        Assert.Equal(120, big.Engineers);
        // and it recovers the built-in effect (1.25) within its interval
        Assert.InRange(1.25, big.CiLow!.Value, big.CiHigh!.Value);
    }

    [Theory]
    [InlineData(0.5, "<5")]
    [InlineData(4.99, "<5")]
    [InlineData(5, "5-10")]
    [InlineData(19.9, "10-20")]
    [InlineData(20, "20+")]
    public void Team_size_bands(double engineers, string band) => Assert.Equal(band, HeterogeneityAnalysis.SizeBand(engineers));
}
