using Modeling.Ingest.Diagnostics;

namespace Modeling.Ingest;

/// <summary>The format an input file was read in.</summary>
public enum FileFormat
{
    Csv,
    Parquet,
    CopilotNdjson,
    /// <summary>A vendor's JSON export other than Copilot's (Claude Code analytics, Cursor daily usage).</summary>
    VendorJson,
}

/// <summary>
/// Counts for one input file. Invariant: <see cref="RowsRead"/> = <see cref="RowsUsed"/> + <see cref="RowsRejected"/>.
/// For Copilot NDJSON files a "row" is one report record (one user and day); <see cref="RowsStaged"/> counts the ai_usage
/// rows it became (one per model × feature).
/// </summary>
public sealed record FileReport(string Table, string File, FileFormat Format, long RowsRead, long RowsUsed, long RowsRejected, long RowsStaged, string? RejectsFile)
{
    public long RowsRead { get; } = RowsUsed + RowsRejected == RowsRead
        ? RowsRead
        : throw new InvalidOperationException($"{File}: rows read ({RowsRead}) != rows used ({RowsUsed}) + rows rejected ({RowsRejected})");

    /// <summary>Physical lines of the file, the header included (blank lines and lines inside quoted fields too): beside
    /// <see cref="RowsRead"/>, it shows when records hold far more lines than they should. For Parquet, rows + 1; for
    /// Copilot NDJSON files, null (not counted).</summary>
    public long? LinesRead { get; init; }

    /// <summary>Whether more than <see cref="HighRejectShare"/> of the file's rows were rejected (said loudly on stderr).</summary>
    public bool RejectsMany => RowsRejected > RowsRead * HighRejectShare;

    /// <summary>The share of rejected rows above which a file is called out (1 %).</summary>
    public const double HighRejectShare = 0.01;
}

/// <summary>The immutable outcome of an ingest: per-file counts, which tables were present, and the diagnostics.</summary>
public sealed class IngestReport
{
    internal IngestReport(string dataFolder, IReadOnlyList<FileReport> files, IReadOnlySet<string> tablesPresent,
        IReadOnlyList<Diagnostic> diagnostics, long errors, long warnings, IReadOnlyList<Diagnostic> notes,
        string? diagnosticsFile, string? rejectsFolder, int engineers, TimeSpan elapsed)
    {
        DataFolder = dataFolder;
        Files = files;
        TablesPresent = tablesPresent;
        Diagnostics = diagnostics;
        ErrorCount = errors;
        WarningCount = warnings;
        Notes = notes;
        DiagnosticsFile = diagnosticsFile;
        RejectsFolder = rejectsFolder;
        Engineers = engineers;
        Elapsed = elapsed;
    }

    public string DataFolder { get; }

    /// <summary>One entry per file read, in reading order (teams, roster, ai_usage, copilot/*, deployments, incidents, pull_requests, mandates).</summary>
    public IReadOnlyList<FileReport> Files { get; }

    /// <summary>Tables with an input file (ai_usage counts as present when either ai_usage.* or copilot/ is). Absent optional tables are empty, not zero.</summary>
    public IReadOnlySet<string> TablesPresent { get; }

    /// <summary>Errors and warnings in reading order; only the first <see cref="IngestOptions.DiagnosticsKept"/> are kept in memory.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public long ErrorCount { get; }
    public long WarningCount { get; }
    public long ProblemCount => ErrorCount + WarningCount;

    /// <summary>Notes: ignored columns, engineers with usage but no roster row, and the like.</summary>
    public IReadOnlyList<Diagnostic> Notes { get; }

    /// <summary>Path of diagnostics.csv (every diagnostic) when an output folder was given.</summary>
    public string? DiagnosticsFile { get; }

    /// <summary>Folder of the rejects files when an output folder was given.</summary>
    public string? RejectsFolder { get; }

    /// <summary>Distinct engineers seen (roster, AI usage, PR authors).</summary>
    public int Engineers { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Errors and warnings per file and rule, every one counted (the why behind rows rejected and fields dropped).</summary>
    public IReadOnlyList<Diagnostics.ProblemCount> ProblemsByRule { get; init; } = [];

    /// <summary>Rows of mandates.csv that name a mandate but were rejected (an unknown metric or scope, a bad target): the
    /// analysis reports them as mandates that could not be checked, so a typo never makes a mandate disappear.</summary>
    public IReadOnlyList<UncheckedMandate> UncheckedMandates { get; init; } = [];

    /// <summary>The policies of policies.csv that passed its rules, in file order (empty without the file).</summary>
    public IReadOnlyList<PolicyInput> Policies { get; init; } = [];

    public long RowsRead(string table) => Files.Where(f => f.Table == table).Sum(f => f.RowsRead);
    public long RowsUsed(string table) => Files.Where(f => f.Table == table).Sum(f => f.RowsUsed);
    public long RowsRejected(string table) => Files.Where(f => f.Table == table).Sum(f => f.RowsRejected);
    public bool IsPresent(string table) => TablesPresent.Contains(table);
}

/// <summary>
/// A rejected mandates.csv row that still names a mandate: its id, scope and metric as shown in diagnostics (escaped),
/// its target when that was valid, its line and why it was rejected.
/// </summary>
public sealed record UncheckedMandate(string MandateId, string Scope, string Metric, double? TargetMultiplier, long Line, string Reason);

/// <summary>How to ingest: the pseudonym key, where rejects and diagnostics.csv go, how many diagnostics to keep in memory.</summary>
public sealed record IngestOptions(Pseudonyms.PseudonymKey Key)
{
    /// <summary>Output folder: rejects/ and diagnostics.csv are written there. Null = write nothing.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>How many errors and warnings the report keeps in memory (all are counted and written to diagnostics.csv).</summary>
    public int DiagnosticsKept { get; init; } = 10_000;

    /// <summary>Progress lines for long steps (e.g. to stderr); null = silent.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Parse and check a CSV file's records on one thread per core while the previous ones are accepted in
    /// file order (default); false reads on the caller's thread only (for benchmarks and diagnosis). Results are
    /// identical either way.</summary>
    public bool ReadAhead { get; init; } = true;

    /// <summary>Bytes of CSV per chunk when reading in parallel (tests make them small to cut records at many places).</summary>
    internal int ChunkSize { get; init; } = Csv.CsvChunker.DefaultChunkSize;
}

/// <summary>
/// A dated policy (policies.csv): <paramref name="Kind"/> is <c>restrict_tool</c>, <c>require_tool</c> (with
/// <paramref name="Tool"/>), <c>usage_in_reviews</c> or <c>other</c>; <paramref name="Scope"/> as a mandate's
/// (<c>all</c>, <c>org:&lt;org&gt;</c>, <c>team:&lt;team_id&gt;</c>).
/// </summary>
public sealed record PolicyInput(string PolicyId, DateOnly Date, string Scope, string Kind, string? Tool, string? Description);
