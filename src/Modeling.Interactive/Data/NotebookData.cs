using DuckDB.NET.Data;
using Modeling.Ingest;
using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;
using Modeling.Panel;

namespace Modeling.Interactive.Data;

/// <summary>An ingested data folder: what was read (counts, diagnostics) and the team × period panel built from it.</summary>
public sealed record LoadedData(IngestReport Report, TeamPanel Panel);

/// <summary>
/// The notebook entry points to a data folder (CONTRACT §1), composed from Ingest and Panel exactly as the
/// <c>validate</c> and <c>panel</c> verbs compose them.
/// </summary>
public static class NotebookData
{
    /// <summary>Checks every input file (the <c>validate</c> verb): counts per file and every problem with its location.</summary>
    /// <param name="dataFolder">The data folder.</param>
    /// <param name="keyFile">Pseudonym key file; null = the environment variable or the default key file (README, Privacy).</param>
    public static IngestReport Validate(string dataFolder, string? keyFile = null) =>
        Ingestion.Validate(dataFolder, new IngestOptions(PseudonymKey.Resolve(keyFile)));

    /// <summary>Ingests the folder into a scratch DuckDB database and builds the panel (the <c>panel</c> verb).</summary>
    public static LoadedData Load(string dataFolder, PanelOptions? options = null, string? keyFile = null)
    {
        var builder = new PanelBuilder(options);
        var scratch = Path.Combine(Path.GetTempPath(), "modeling-notebook-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            using var connection = new DuckDBConnection($"DataSource={Path.Combine(scratch, "staging.duckdb")}");
            connection.Open();
            new DuckDbTuning(TempDirectory: scratch).Apply(connection);
            var report = DuckDbStaging.Stage(connection, dataFolder, new IngestOptions(PseudonymKey.Resolve(keyFile)));
            return new LoadedData(report, builder.Build(connection, PanelBuilder.SourcesPresent(report.TablesPresent)));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
