using Modeling.Ingest;
using Modeling.Ingest.Pseudonyms;
using Modeling.Panel;

namespace Modeling.Interactive.Data;

/// <summary>An ingested data folder: what was read (counts, diagnostics) and the team × period panel built from it.</summary>
public sealed record LoadedData(IngestReport Report, TeamPanel Panel);

/// <summary>
/// The notebook entry points to a data folder (CONTRACT §1): the <c>validate</c> verb's check and the panel pipeline
/// every verb uses.
/// </summary>
public static class NotebookData
{
    /// <summary>Checks every input file (the <c>validate</c> verb): counts per file and every problem with its location.</summary>
    /// <param name="dataFolder">The data folder.</param>
    /// <param name="keyFile">Pseudonym key file; null = the environment variable or the default key file (README, Privacy).</param>
    public static IngestReport Validate(string dataFolder, string? keyFile = null) =>
        Ingestion.Validate(dataFolder, new IngestOptions(PseudonymKey.Resolve(keyFile)));

    /// <summary>Ingests the folder and builds the panel as every verb does (<see cref="PanelPipeline"/>).</summary>
    public static LoadedData Load(string dataFolder, PanelOptions? options = null, string? keyFile = null)
    {
        var staged = PanelPipeline.Run(new PipelineOptions(dataFolder, options ?? PanelOptions.Default, PseudonymKey.Resolve(keyFile))
        {
            Database = StagingDatabase.File,
        });
        return new LoadedData(staged.Report, staged.Panel);
    }
}
