namespace Modeling.Simulation.Tests;

/// <summary>
/// Volumes per engineer-month and per team-month of a small organisation, scaled to 2,100 teams × 36 months, land near
/// the design figures (DESIGN.md: ~25,000 engineers, ~30 M ai_usage rows, ~5 M PRs, ~1.5 M deployments).
/// </summary>
public sealed class ScaleSanityTests(SmallDailyOrg org) : IClassFixture<SmallDailyOrg>
{
    [Fact]
    public void Volumes_scale_to_the_design_figures()
    {
        var s = org.Summary;
        double teamFactor = 2100.0 / s.Teams;
        Assert.InRange(s.Engineers * teamFactor, 20_000, 32_000);
        // Rows per team-month at 36 months are higher than at 18 (more adopted months); these are loose bands.
        double teamMonths = s.Teams * org.Options.Months;
        Assert.InRange(s.PullRequests / teamMonths * 2100 * 36, 3.5e6, 7e6);
        Assert.InRange(s.Deployments / teamMonths * 2100 * 36, 1.0e6, 2.2e6);
        Assert.InRange(s.AiUsageRows / teamMonths * 2100 * 36, 1.0e7, 4.5e7);
    }
}
