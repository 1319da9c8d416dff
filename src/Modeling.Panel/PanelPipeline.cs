using DuckDB.NET.Data;
using Modeling.Ingest;
using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;

namespace Modeling.Panel;

/// <summary>Where the staging tables live while the panel is built.</summary>
public enum StagingDatabase
{
    /// <summary>In memory (spilling to the scratch folder above DuckDB's limit): no compression; at 2,100 teams the
    /// process peaks near 2.5 GB. The panel verb's choice (measured faster for it, bench/README.md).</summary>
    InMemory,
    /// <summary>A compressed file in the scratch folder, paged through DuckDB's buffer pool: at 2,100 teams analyze peaks
    /// at 1.96 GB instead of 2.53 GB, in the same time. The choice of analyze (and retrain) and the notebooks.</summary>
    File,
}

/// <summary>What one ingest → staging → panel run needs.</summary>
/// <param name="DataFolder">The data folder (CONTRACT §1).</param>
/// <param name="Panel">Period, adoption threshold, minimum group size and as-of cut-off of the panel.</param>
/// <param name="Key">The pseudonym key engineer ids are replaced under as they are read.</param>
public sealed record PipelineOptions(string DataFolder, PanelOptions Panel, PseudonymKey Key)
{
    /// <summary>Where rejects/ and diagnostics.csv are written; null writes neither.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>Progress lines of the reading.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Called with what was read as soon as the files are staged, before the panel is built.</summary>
    public Action<IngestReport>? Staged { get; init; }

    /// <summary>The folder under which the scratch folder (DuckDB's spill files) is made; the temp folder when null.</summary>
    public string? ScratchParent { get; init; }

    public StagingDatabase Database { get; init; } = StagingDatabase.InMemory;
}

/// <summary>A data folder read, staged and built into the panel.</summary>
/// <param name="Report">What was read: rows per file, problems, engineers.</param>
/// <param name="Panel">The team × period panel.</param>
/// <param name="Mandates">The mandates that were read, by id (ordinal).</param>
/// <param name="RowsAfterAsOf">With an as-of cut-off: per input file (the table name when several files feed one
/// table), the rows dated after it, in reading order; empty otherwise.</param>
public sealed record PipelineResult(IngestReport Report, TeamPanel Panel, IReadOnlyList<MandateInput> Mandates,
    IReadOnlyList<KeyValuePair<string, long>> RowsAfterAsOf);

/// <summary>
/// Ingest → staging → panel, the one way every entry point (analyze, panel, retrain, the notebooks) reads a data folder.
/// Usage arrives summed into segments of the panel's period and events carry only the columns the panel reads; the
/// staging database (in memory or in a scratch file, <see cref="StagingDatabase"/>) is gone when <see cref="Run"/>
/// returns, and everything after works on the panel in memory.
/// </summary>
public static class PanelPipeline
{
    /// <exception cref="DataFolderException">The folder cannot be read (a required file missing or unreadable).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The panel options are invalid.</exception>
    public static PipelineResult Run(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new PanelBuilder(options.Panel);
        var scratch = Path.Combine(options.ScratchParent ?? Path.GetTempPath(), "modeling-staging-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            using var connection = new DuckDBConnection(options.Database == StagingDatabase.File
                ? $"DataSource={Path.Combine(scratch, "staging.duckdb")}"
                : "DataSource=:memory:");
            connection.Open();
            new DuckDbTuning(TempDirectory: scratch).Apply(connection);
            var report = DuckDbStaging.Stage(connection, options.DataFolder,
                new IngestOptions(options.Key) { OutputFolder = options.OutputFolder, Progress = options.Progress },
                options.Panel.Period == PeriodUnit.Week ? UsageGrain.Week : UsageGrain.Month);
            options.Staged?.Invoke(report);
            var panel = builder.Build(connection, PanelBuilder.SourcesPresent(report.TablesPresent));
            var mandates = StagedMandates.Read(connection);
            var after = options.Panel.AsOf is { } asOf ? StagedRowsAfter.Count(connection, report, asOf) : [];
            return new PipelineResult(report, panel, mandates, after);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
