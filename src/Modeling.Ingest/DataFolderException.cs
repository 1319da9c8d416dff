namespace Modeling.Ingest;

/// <summary>
/// A structural problem that makes the data folder unusable (missing required file or column, unreadable file,
/// wrong format, no usable rows). The message names the file and what to do; the CLI exits with code 2.
/// </summary>
public sealed class DataFolderException : Exception
{
    public DataFolderException(string message, IngestReport? partialReport = null, Exception? inner = null)
        : base(message, inner) => PartialReport = partialReport;

    /// <summary>What was read before the problem was found (counts and diagnostics), when anything was.</summary>
    public IngestReport? PartialReport { get; }
}
