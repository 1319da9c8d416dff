using Modeling.Analysis.Refutations;
using Modeling.Analysis.Tests.Support;

namespace Modeling.Analysis.Tests.Refutations;

public class ParallelTrendsSensitivityTests
{
    private static Estimation.Data.PanelData Counts(double effect) => TestPanels.Poisson(300, 24, effect, seed: 21);

    [Fact]
    public void A_doubling_survives_post_adoption_trend_changes_larger_than_the_pre_adoption_ones()
    {
        var rows = ParallelTrendsSensitivity.Rows(Counts(2.0), OutcomeKind.Count, 0.95, seed: 1);
        Assert.Equal(["Mbar=0.5", "Mbar=1", "Mbar=2", "breakdown"], rows.Select(r => r.Parameter));
        var breakdown = rows[^1];
        Assert.True(breakdown.Passed, breakdown.Detail);
        Assert.True(breakdown.Value >= 1);
        Assert.True(rows[0].Passed); // M̄ = 0.5
        Assert.True(rows[2].CiHigh - rows[2].CiLow > rows[0].CiHigh - rows[0].CiLow); // wider at larger M̄
        Assert.True(rows[1].CiLow > 1, $"M̄ = 1 interval [{rows[1].CiLow}, {rows[1].CiHigh}]");
        Assert.InRange(rows[1].Multiplier!.Value, 1.8, 2.2);
    }

    [Fact]
    public void Without_an_effect_the_breakdown_fails_and_says_the_interval_already_includes_no_effect()
    {
        var breakdown = ParallelTrendsSensitivity.Rows(Counts(1.0), OutcomeKind.Count, 0.95, seed: 1)[^1];
        Assert.False(breakdown.Passed);
        Assert.Equal(0, breakdown.Value);
        Assert.Equal("The first year's event-study interval already includes no effect under exact parallel trends.", breakdown.Detail);
    }

    [Fact]
    public void A_panel_too_short_for_the_event_study_is_not_computed_and_says_why()
    {
        var row = Assert.Single(ParallelTrendsSensitivity.Rows(TestPanels.Poisson(40, 9, effect: 1.3, seed: 2), OutcomeKind.Count, 0.95, seed: 1));
        Assert.Null(row.Passed);
        Assert.Equal("The refit could not be estimated on the altered data.", row.Detail);
    }
}
