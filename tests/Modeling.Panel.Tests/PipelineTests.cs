using System.Globalization;
using DuckDB.NET.Data;
using Modeling.Ingest;
using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;
using Modeling.Tests;

namespace Modeling.Panel.Tests;

/// <summary>The one ingest → staging → panel path of every entry point, against staging by hand and counts by hand.</summary>
public class PipelineTests
{
    private static readonly PseudonymKey Key = SampleBuilds.Key;
    private static readonly string Clean = SampleBuilds.Clean;

    [Fact]
    public void The_pipeline_builds_the_panel_that_raw_staging_builds()
    {
        var options = new PanelOptions(AsOf: SampleBuilds.JuneCutOff);
        var staged = SampleBuilds.CutOffInJune;

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var report = DuckDbStaging.Stage(connection, Clean, new IngestOptions(Key)); // usage rows as read, not pre-summed
        var raw = new PanelBuilder(options).Build(connection, PanelBuilder.SourcesPresent(report.TablesPresent));

        Assert.Equal(Csv(raw), Csv(staged.Panel));
        Assert.Equal(report.Files.Select(f => (f.File, f.RowsRead, f.RowsUsed)), staged.Report.Files.Select(f => (f.File, f.RowsRead, f.RowsUsed)));
    }

    [Fact]
    public void Staging_in_a_file_or_in_memory_gives_the_same_panel_and_counts()
    {
        var options = new PanelOptions(AsOf: SampleBuilds.JuneCutOff);
        var memory = PanelPipeline.Run(new PipelineOptions(Clean, options, Key) { Database = StagingDatabase.InMemory });
        var file = SampleBuilds.CutOffInJune; // staged in a file, as analyze stages
        Assert.Equal(Csv(memory.Panel), Csv(file.Panel));
        Assert.Equal(memory.RowsAfterAsOf, file.RowsAfterAsOf);
        Assert.Equal(memory.Mandates, file.Mandates);
    }

    [Fact]
    public void The_pipeline_reads_the_mandates_and_counts_the_rows_after_the_cut_off()
    {
        var asOf = SampleBuilds.JuneCutOff;
        var staged = SampleBuilds.CutOffInJune;

        var mandates = Rows("mandates.csv");
        Assert.Equal(mandates.Select(m => m["mandate_id"]).Order(StringComparer.Ordinal), staged.Mandates.Select(m => m.MandateId));
        Assert.Equal(mandates.Select(m => double.Parse(m["target_multiplier"], CultureInfo.InvariantCulture)).Order(),
            staged.Mandates.Select(m => m.TargetMultiplier).Order());

        var after = staged.RowsAfterAsOf.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(Rows("ai_usage.csv").Count(r => DateOnly.Parse(r["date"], CultureInfo.InvariantCulture) > asOf), after["ai_usage.csv"]);
        Assert.Equal(Rows("deployments.csv").Count(r => DateTimeOffset.Parse(r["finished_at"], CultureInfo.InvariantCulture).UtcDateTime >= new DateTime(2025, 7, 1)),
            after["deployments.csv"]);
        Assert.Equal(Rows("roster.csv").Count(r => DateOnly.Parse(r["valid_from"], CultureInfo.InvariantCulture) > asOf), after["roster.csv"]);
        Assert.Equal(["roster.csv", "ai_usage.csv", "deployments.csv", "incidents.csv", "pull_requests.csv"], after.Keys);

        var none = SampleBuilds.AtDefaults;
        Assert.Empty(none.RowsAfterAsOf);
    }

    /// <summary>The sample files by plain splitting (they hold no quoted commas): one dictionary per row.</summary>
    private static List<Dictionary<string, string>> Rows(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Clean, file));
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private static string Csv(TeamPanel panel)
    {
        using var writer = new StringWriter();
        PanelFiles.WriteCsv(panel, writer);
        return writer.ToString();
    }
}
