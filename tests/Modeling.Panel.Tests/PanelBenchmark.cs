using System.Diagnostics;
using DuckDB.NET.Data;
using Modeling.Panel.Tests.Support;
using Modeling.Tests;
using Xunit.Abstractions;

namespace Modeling.Panel.Tests;

/// <summary>
/// Times the SQL stages on synthetic staging tables generated inside DuckDB (Support/SyntheticStaging.sql).
/// By default a small organisation (20 teams × 12 months) so the suite stays fast; set MODELING_PANEL_BENCH_TEAMS
/// (e.g. 2100) and MODELING_PANEL_BENCH_MONTHS for the scale run, or MODELING_PANEL_BENCH_DB to reuse a generated
/// database file. Timings and peak memory go to the test output.
/// </summary>
public class PanelBenchmark(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Benchmark")]
    public void BuildsFullPanelOnSyntheticStagingTables()
    {
        int teams = EnvInt("MODELING_PANEL_BENCH_TEAMS", 20), months = EnvInt("MODELING_PANEL_BENCH_MONTHS", 12);
        var existing = Environment.GetEnvironmentVariable("MODELING_PANEL_BENCH_DB");
        var folder = TestPaths.NewTempFolder("panel-bench");
        var path = existing is { Length: > 0 } ? existing : Path.Combine(folder, "staging.duckdb");
        try
        {
            using var connection = new DuckDBConnection($"DataSource={path}");
            connection.Open();
            new DuckDbTuning(Threads: 2, MemoryLimit: "3GB", TempDirectory: folder).Apply(connection);
            if (existing is not { Length: > 0 })
            {
                var clock = Stopwatch.StartNew();
                Execute(connection, Modeling.Ingest.Staging.StagingSchema.Ddl);
                Execute(connection, LoadResource("SyntheticStaging.sql").Replace("{teams}", teams.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Replace("{months}", months.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Execute(connection, "CHECKPOINT");
                output.WriteLine($"generated {teams} teams x {months} months in {clock.Elapsed.TotalSeconds:F1} s");
            }
            output.WriteLine(Counts(connection));

            var total = Stopwatch.StartNew();
            var panel = new PanelBuilder().Build(connection);
            output.WriteLine($"panel: {panel.RowCount} rows x {panel.Columns.Length} columns in {total.Elapsed.TotalSeconds:F2} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB");
            foreach (var timing in panel.Timings) output.WriteLine($"  {timing.Stage,-15} {timing.Elapsed.TotalSeconds,6:F2} s");

            if (existing is not { Length: > 0 })
            {
                // Every team has members in every month of the generated span (roster starts before it, 10% move once).
                Assert.InRange(panel.RowCount, teams * months, teams * (months + 1)); // PRs merged after the last month may add one period
                Assert.InRange(panel.PeriodLabels.Length, months, months + 1);
            }
            Assert.All(panel.Engineers, e => Assert.True(e > 0));
            Assert.Equal(0, panel.Diagnostics.UnattributedPullRequests);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Counts(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM ai_usage), (SELECT COUNT(*) FROM pull_requests), (SELECT COUNT(*) FROM deployments), (SELECT COUNT(*) FROM incidents), (SELECT COUNT(*) FROM roster)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return $"rows: ai_usage {reader.GetInt64(0):N0}, pull_requests {reader.GetInt64(1):N0}, deployments {reader.GetInt64(2):N0}, incidents {reader.GetInt64(3):N0}, roster {reader.GetInt64(4):N0}";
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    private static string LoadResource(string name)
    {
        using var stream = typeof(PanelBenchmark).Assembly.GetManifestResourceStream("Modeling.Panel.Tests." + name)!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
