using Modeling.Ingest.Pseudonyms;
using Modeling.Tests;

namespace Modeling.Panel.Tests;

/// <summary>The one adoption rule: the panel's SQL at the run's threshold and <see cref="AdoptionRule"/> at any other agree.</summary>
public class AdoptionRuleTests
{
    private static readonly PseudonymKey Key = SampleBuilds.Key;
    private static readonly string Clean = SampleBuilds.Clean;

    private static TeamPanel Build(double threshold) =>
        PanelPipeline.Run(new PipelineOptions(Clean, new PanelOptions(AdoptionThreshold: threshold), Key)).Panel;

    // The run's own panel (the default threshold), built once: every test re-derives adoption from it.
    private static readonly Lazy<TeamPanel> AtDefault = new(() => SampleBuilds.AtDefaults.Panel);

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)] // the run's own threshold: the rule must give what the SQL gave
    [InlineData(0.7)]
    [InlineData(1.0)]
    public void Adoption_periods_from_the_panel_equal_a_panel_built_at_that_threshold(double threshold)
    {
        var rebuilt = Build(threshold);
        var expected = rebuilt.Teams.Where(t => t.Cohort != 0).ToDictionary(t => t.TeamId, t => t.Cohort, StringComparer.Ordinal);
        var ours = AdoptionRule.AdoptionPeriodsAt(AtDefault.Value, threshold);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), ours.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_threshold_outside_zero_one_is_refused_with_the_one_message(double threshold)
    {
        Assert.False(AdoptionRule.IsValid(threshold));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PanelOptions(AdoptionThreshold: threshold).Validate());
        Assert.StartsWith(AdoptionRule.InvalidThreshold(threshold), e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => AdoptionRule.AdoptionPeriodsAt(AtDefault.Value, threshold));
        Assert.StartsWith(AdoptionRule.InvalidThreshold(threshold), e.Message);
    }
}
