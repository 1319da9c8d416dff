using System.Diagnostics;
using Modeling.Ingest.Vendors;
using Modeling.Ingest.Csv;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Files;
using Modeling.Ingest.Output;
using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;

namespace Modeling.Ingest;

/// <summary>
/// The Ingest stage's entry point: reads every CONTRACT §1 file of a data folder, validates and pseudonymises each row,
/// hands the used rows to a sink (e.g. <see cref="DuckDbStaging"/>), writes rejects and diagnostics.csv when an output
/// folder is given, and returns the counts and diagnostics. Throws <see cref="DataFolderException"/> for structural problems.
/// </summary>
public static class Ingestion
{
    public const string RejectsFolderName = "rejects";

    /// <summary>Optional files of events: a header-only one counts as absent.</summary>
    private static readonly string[] EventTables = ["deployments", "incidents", "pull_requests"];

    /// <summary>Validates and counts only (the <c>validate</c> verb): no rows are kept.</summary>
    public static IngestReport Validate(string dataFolder, IngestOptions options) => Run(dataFolder, options, sink: null);

    /// <summary>Reads the folder, sending every used row to <paramref name="sink"/> (null = count only).</summary>
    public static IngestReport Run(string dataFolder, IngestOptions options, IStagingSink? sink)
    {
        var clock = Stopwatch.StartNew();
        var (tables, vendorFiles, ignored) = DataFolder.Discover(dataFolder);
        var rejectsFolder = options.OutputFolder is null ? null : Path.Combine(options.OutputFolder, RejectsFolderName);
        if (rejectsFolder is not null && Directory.Exists(rejectsFolder)) Directory.Delete(rejectsFolder, recursive: true);

        using var log = new DiagnosticLog(options.DiagnosticsKept, options.OutputFolder);
        foreach (var name in ignored)
            log.Add(new Diagnostic(name, 0, "", name, Messages.ExpectKnownFile, Severity.Note, Rules.IgnoredFile));

        var state = new IngestState(new EngineerRegistry(new Pseudonymizer(options.Key)), sink);
        var aiUsage = new AiUsageReader(state);
        var files = new List<FileReport>();
        var present = new HashSet<string>(StringComparer.Ordinal);

        IngestReport Report() => new(dataFolder, files.ToArray(), present.ToHashSet(), log.Kept.ToArray(), log.Errors, log.Warnings,
            log.Notes.ToArray(), log.FullListPath, rejectsFolder, state.Engineers.Count, clock.Elapsed)
        {
            ProblemsByRule = log.CountsByRule,
            UncheckedMandates = [.. state.UncheckedMandates],
            Policies = [.. state.Policies],
        };

        foreach (var schema in Schemas.InReadingOrder)
        {
            var input = tables.FirstOrDefault(t => t.Table == schema.Table);
            if (input is not null)
            {
                present.Add(schema.Table);
                TableReader reader = schema.Table switch
                {
                    "teams" => new TeamsReader(state),
                    "roster" => new RosterReader(state),
                    "identities" => new IdentitiesReader(state),
                    "ai_usage" => aiUsage,
                    "deployments" => new DeploymentsReader(state),
                    "incidents" => new IncidentsReader(state),
                    "pull_requests" => new PullRequestsReader(state),
                    "policies" => new PoliciesReader(state),
                    _ => new MandatesReader(state),
                };
                options.Progress?.Invoke($"reading {input.RelativeName}");
                var fileClock = Stopwatch.StartNew();
                var file = ReadTable(input, reader, state, log, rejectsFolder, options.ReadAhead, options.ChunkSize);
                files.Add(file);
                if (file.RowsRead == 0 && EventTables.Contains(schema.Table))
                {
                    // Zero events is not the same as no data: outcomes built from this file are unavailable, as when it is absent.
                    present.Remove(schema.Table);
                    log.Add(new Diagnostic(input.RelativeName, 0, "", Messages.HeaderOnly(input.RelativeName), Messages.ExpectRows, Severity.Note, Rules.HeaderOnly));
                }
                if (schema.Table == "deployments") state.DeploymentsPresent = present.Contains("deployments");
                options.Progress?.Invoke(Messages.FileRead(input.RelativeName, file.RowsRead, fileClock.Elapsed));
                if (file.RowsUsed == 0 && schema.Table is "teams" or "roster")
                    throw new DataFolderException(Messages.NoUsableRows(file.File, file.RowsRead, file.RowsRejected), Report());
            }
            if (schema.Table == "ai_usage")
            {
                var vendorReaders = new VendorReaders(state, aiUsage, log);
                var amazonQ = new AmazonQReportReader(state, aiUsage);
                foreach (var file in vendorFiles)
                {
                    present.Add(file.Table);
                    options.Progress?.Invoke($"reading {file.RelativeName}");
                    files.Add(file.Vendor == AmazonQReportReader.Folder
                        ? ReadTable(file, amazonQ, state, log, rejectsFolder, options.ReadAhead, options.ChunkSize)
                        : vendorReaders.Read(file, rejectsFolder));
                }
                if (files.Where(f => f.Table == "ai_usage").Sum(f => f.RowsUsed) == 0)
                {
                    var usageFiles = files.Where(f => f.Table == "ai_usage").ToList();
                    throw new DataFolderException(Messages.NoUsableRows(string.Join(", ", usageFiles.Select(f => f.File)),
                        usageFiles.Sum(f => f.RowsRead), usageFiles.Sum(f => f.RowsRejected)), Report());
                }
                sink?.UsageComplete();
            }
        }
        sink?.AddEngineers(state.Engineers.Pseudonyms);
        return Report();
    }

    private static FileReport ReadTable(InputFile input, TableReader reader, IngestState state, DiagnosticLog log, string? rejectsFolder,
        bool parallel, int chunkSize)
    {
        FileCounts counts;
        long staged;
        RejectWriter? rejects = null;
        IRecordSource source = Open(input);
        try
        {
            if (source is CsvRecordReader { NotUtf8: { } what }) throw new DataFolderException(Messages.NotUtf8Csv(input.RelativeName, what));
            if (source.Header.Count == 0) throw new DataFolderException(Messages.EmptyFile(input.RelativeName));
            var checker = new RowChecker(input.RelativeName, reader.Schema, source.Header, log, state.Engineers);
            rejects = new RejectWriter(rejectsFolder, input.Vendor is null ? input.Table + ".csv" : input.RelativeName, source.Header,
                name => reader.Schema.IndexOf(name) >= 0);
            var feed = parallel && source is CsvRecordReader csv
                ? RecordFeed.ParallelCsv(input.Path, csv.Position, csv.NextLine, Math.Max(2, Environment.ProcessorCount), chunkSize)
                : RecordFeed.Sequential(source);
            long stagedBefore = reader.StagedRows ?? 0;
            counts = reader.ReadAll(feed, checker, log, rejects);
            staged = reader.StagedRows is { } after ? after - stagedBefore : counts.Used;
            reader.Complete(input.RelativeName, log.Add);
        }
        catch (IOException e)
        {
            throw new DataFolderException(Messages.Unreadable(input.RelativeName, e.Message), null, e);
        }
        finally
        {
            rejects?.Dispose();
            source.Dispose();
        }
        return new FileReport(input.Table, input.RelativeName, input.Format, counts.Read, counts.Used, counts.Rejected, staged,
            rejects?.WrittenPath) { LinesRead = counts.Lines };
    }

    private static IRecordSource Open(InputFile input)
    {
        if (input.Format == FileFormat.Parquet) return new ParquetRecordSource(input.Path, input.RelativeName);
        try
        {
            return new CsvRecordReader(new FileStream(input.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFolderException(Messages.Unreadable(input.RelativeName, e.Message), null, e);
        }
    }
}
