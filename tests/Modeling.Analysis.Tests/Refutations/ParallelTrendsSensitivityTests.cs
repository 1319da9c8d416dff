using Modeling.Analysis.Refutations;
using Modeling.Analysis.Tests.Support;

namespace Modeling.Analysis.Tests.Refutations;

public class ParallelTrendsSensitivityTests
{
    private static Estimation.Data.PanelData Positive(double effect) =>
        TestPanels.Poisson(300, 24, effect, seed: 21) is var d ? d.WithOutcome([.. d.Outcome.Select(v => v + 1)], "y") : null!;

    [Fact]
    public void A_doubling_survives_post_adoption_trend_changes_larger_than_the_pre_adoption_ones()
    {
        // First-year average of 12 event-study effects: under relative magnitudes the identified set widens by
        // M̄·m·Σ|L_k| ≈ 6.5·M̄·m (m = largest pre-adoption change, here sampling noise), so a ×1.3 effect breaks down
        // near M̄ ≈ 0.6 on this panel (measured 0.58), while a ×2 effect must survive M̄ = 1.
        var rows = ParallelTrendsSensitivity.Rows(Positive(2.0), 0.95);
        Assert.Equal(["Mbar=0.5", "Mbar=1", "Mbar=2", "breakdown"], rows.Select(r => r.Parameter));
        var breakdown = rows[^1];
        Assert.True(breakdown.Passed, breakdown.Detail);
        Assert.True(breakdown.Value >= 1);
        Assert.True(rows[0].Passed); // M̄ = 0.5
        Assert.True(rows[2].CiHigh - rows[2].CiLow > rows[0].CiHigh - rows[0].CiLow); // wider at larger M̄
        Assert.True(rows[1].CiLow > 1, $"M̄ = 1 interval [{rows[1].CiLow}, {rows[1].CiHigh}]");
    }

    [Fact]
    public void Without_an_effect_the_breakdown_fails_and_says_the_interval_already_includes_no_effect()
    {
        var breakdown = ParallelTrendsSensitivity.Rows(Positive(1.0), 0.95)[^1];
        Assert.False(breakdown.Passed);
        Assert.Equal(0, breakdown.Value);
        Assert.Equal("The six-month event-study interval already includes no effect under exact parallel trends.", breakdown.Detail);
    }

    [Fact]
    public void An_outcome_with_zeros_is_not_computed_and_says_why()
    {
        var d = TestPanels.Poisson(40, 12, effect: 1.3, seed: 2);
        var zeros = d.WithOutcome([.. d.Outcome.Select((v, i) => i == 0 ? 0 : v)], "y");
        var row = Assert.Single(ParallelTrendsSensitivity.Rows(zeros, 0.95));
        Assert.Null(row.Passed);
        Assert.Equal("Not computed: the outcome has zeros, and the relative-magnitude bounds are computed on the log scale.", row.Detail);
    }
}
