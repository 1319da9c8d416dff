using Modeling.Panel.Tests.Support;

namespace Modeling.Panel.Tests;

/// <summary>The DuckDB panel against the naive in-memory re-implementation (NaivePanel): same rows, same values.</summary>
public class OracleTests
{
    // Doubles agree to 1e-9 (relative for large values): both sides compute the same sums and ratios, only the
    // order of floating-point operations differs.
    private const double Tolerance = 1e-9;

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public void PanelMatchesNaiveImplementation(int seed, bool weeks)
    {
        var org = Orgs.Random(seed);
        var panel = Build(org, new PanelOptions(weeks ? PeriodUnit.Week : PeriodUnit.Month));
        AssertMatches(NaivePanel.Build(org, weeks), panel);
    }

    [Fact]
    public void PanelMatchesNaiveImplementationWithCutOffAndThreshold()
    {
        var org = Orgs.Random(7, teams: 5, months: 6);
        var asOf = new DateOnly(2025, 3, 20); // mid-month: March is incomplete, so the last period is February
        var panel = Build(org, new PanelOptions(AdoptionThreshold: 0.8, AsOf: asOf));
        Assert.Equal("2025-02", panel.PeriodLabels[^1]);
        AssertMatches(NaivePanel.Build(org, threshold: 0.8, asOf: asOf), panel);
    }

    [Fact]
    public void PanelMatchesNaiveImplementationWithAbsentFiles()
    {
        var org = Orgs.Random(8);
        var panel = Build(org, PanelOptions.Default, StagingSource.PullRequests);
        AssertMatches(NaivePanel.Build(org, deployments: false, incidents: false), panel);
    }

    internal static TeamPanel Build(Org org, PanelOptions options, StagingSource sources = PanelBuilder.AllSources)
    {
        using var connection = org.Load();
        return new PanelBuilder(options).Build(connection, sources);
    }

    internal static void AssertMatches(List<NaivePanel.Row> expected, TeamPanel panel)
    {
        Assert.Equal(expected.Select(r => (r.TeamId, r.Period)), Enumerable.Range(0, panel.RowCount).Select(r => (panel.TeamIds[panel.TeamIndex[r]], panel.PeriodLabel[r])));
        Assert.True(panel.RowCount > 0);
        var numeric = panel.Columns.Where(c => c.IsNumeric && c.Name is not PanelColumns.PeriodIndex and not PanelColumns.Cohort).Select(c => c.Name).ToList();
        Assert.Equal(expected[0].Values.Keys.Order(StringComparer.Ordinal), numeric.Order(StringComparer.Ordinal));
        for (int row = 0; row < panel.RowCount; row++)
        {
            var want = expected[row];
            Assert.Equal(want.AdoptionPeriod, panel.Text(PanelColumns.AdoptionPeriod, row));
            foreach (var column in numeric)
            {
                double e = want.Values[column], a = panel.Values(column)[row];
                if (double.IsNaN(e) || double.IsNaN(a))
                    Assert.True(double.IsNaN(e) && double.IsNaN(a), $"{want.TeamId} {want.Period} {column}: expected {e}, got {a}");
                else
                    Assert.True(Math.Abs(e - a) <= Tolerance * Math.Max(1, Math.Abs(e)), $"{want.TeamId} {want.Period} {column}: expected {e:R}, got {a:R}");
            }
        }
    }
}
