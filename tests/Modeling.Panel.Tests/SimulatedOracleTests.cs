using DuckDB.NET.Data;
using Modeling.Ingest;
using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;
using Modeling.Panel.Tests.Support;
using Modeling.Simulation;
using Modeling.Tests;

namespace Modeling.Panel.Tests;

/// <summary>
/// The whole path on a simulated organisation: files → Ingest (usage summed into segments while reading) → DuckDB
/// panel, against NaivePanel over the same files read by plain string splitting. Roster moves and leavers make
/// segments split inside periods, so this checks that pre-summing is exact.
/// </summary>
public class SimulatedOracleTests
{
    private static readonly PseudonymKey Key = PseudonymKey.FromHex(new string('a', 64));

    [Theory]
    [InlineData(UsageGrain.Month, false)]
    [InlineData(UsageGrain.Week, true)]
    [InlineData(UsageGrain.Day, true)]
    public void Ingested_simulated_organisation_matches_the_naive_panel(UsageGrain grain, bool weeks)
    {
        var folder = TestPaths.NewTempFolder();
        Simulator.Run(new SimulationOptions { Teams = 10, Months = 9, Seed = 11, MeanTeamSize = 5, MoveRate = 0.05, LeaveRate = 0.03 }, folder);
        var org = SimulatedOrg.Read(folder);
        Assert.True(org.Roster.Count(m => m.To is not null) > 5, "the organisation should have moves and leavers");

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        DuckDbStaging.Stage(connection, folder, new IngestOptions(Key), grain);
        var panel = new PanelBuilder(new PanelOptions(weeks ? PeriodUnit.Week : PeriodUnit.Month)).Build(connection);

        OracleTests.AssertMatches(NaivePanel.Build(org, weeks), panel);
    }

    [Fact]
    public void Usage_summed_by_month_is_refused_for_a_weekly_panel()
    {
        var folder = TestPaths.NewTempFolder();
        Simulator.Run(new SimulationOptions { Teams = 4, Months = 6, Seed = 2, MeanTeamSize = 5 }, folder);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        DuckDbStaging.Stage(connection, folder, new IngestOptions(Key), UsageGrain.Month);

        var e = Assert.Throws<InvalidOperationException>(() => new PanelBuilder(new PanelOptions(PeriodUnit.Week)).Build(connection));
        Assert.Equal("The staged AI usage was summed per month, which cannot make a panel by week; stage it again with the week (or day) grain.", e.Message);
    }

    [Fact]
    public void Summing_usage_stages_far_fewer_rows_than_the_raw_telemetry()
    {
        var folder = TestPaths.NewTempFolder();
        Simulator.Run(new SimulationOptions { Teams = 6, Months = 6, Seed = 3, MeanTeamSize = 5 }, folder);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var report = DuckDbStaging.Stage(connection, folder, new IngestOptions(Key), UsageGrain.Month);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), CAST(SUM(usage_rows) AS BIGINT), (SELECT COUNT(*) FROM ai_usage) FROM ai_usage_segments";
        using var reader = command.ExecuteReader();
        reader.Read();
        long segments = reader.GetInt64(0), summed = reader.GetInt64(1), raw = reader.GetInt64(2);
        Assert.Equal(report.Files.Single(f => f.Table == "ai_usage").RowsUsed, summed);
        Assert.Equal(0, raw);
        Assert.True(segments * 5 < summed, $"{segments} segments for {summed} rows");
    }
}
