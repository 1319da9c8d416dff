using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Modeling.Analysis;
using Modeling.Panel;
using Modeling.Results;

namespace Modeling.Runs;

/// <summary>
/// The monthly batch job: under the runs folder's lock, clean up what interrupted runs left, fingerprint the
/// inputs, and unless the run is up to date, analyze the data up to the end of the as-of month into a temporary folder,
/// compare with the previous complete run, write manifest.json last, rename the folder into place, point latest at it
/// and apply retention. A kill at any moment leaves the previous runs and latest intact: the only partial state is a
/// dot-named temporary folder, removed by the next run.
/// </summary>
public sealed class RetrainJob(RetrainOptions options)
{
    public RetrainOptions Options { get; } = options;

    public RetrainOutcome Run()
    {
        var progress = Options.Progress ?? (_ => { });
        var clock = Options.Clock;
        var startedAt = clock.GetUtcNow();
        var total = Stopwatch.StartNew();
        var asOf = ResolveAsOf(DateOnly.FromDateTime(startedAt.UtcDateTime));
        Validate();
        var runs = new RunsFolder(Options.RunsFolder);
        var timings = new List<KeyValuePair<string, double>>();
        var stage = Stopwatch.StartNew();

        using var runLock = RunLock.Acquire(runs.Path, asOf, startedAt);
        if (runLock.TakenOverFrom is { } stale) progress(Messages.StaleLockTakenOver(stale));
        progress(Messages.LockAcquired(runs.Path, asOf));
        foreach (var line in runs.CleanUp()) progress(line);
        Lap("lock_and_cleanup");

        progress(Messages.HashingInputs(Options.DataFolder));
        var inputs = InputFiles.Hash(Options.DataFolder, runs.Path);
        var parameters = Parameters(asOf);
        var toolVersion = RunManifest.CurrentToolVersion();
        var fingerprint = InputFiles.Fingerprint(inputs, parameters, toolVersion);
        Lap("hash_inputs");

        var target = runs.RunPath(asOf);
        if (RunManifest.TryReadStatus(Path.Combine(target, RunManifest.FileName)) is { Status: RunManifest.CompleteStatus } existing)
        {
            if (existing.Fingerprint == fingerprint && !Options.Force)
            {
                progress(Messages.UpToDate(asOf, target));
                return new RetrainOutcome(RetrainStatus.UpToDate, asOf, target, [], null);
            }
            progress(existing.Fingerprint == fingerprint ? Messages.Rebuilding(asOf) : Messages.InputsChanged(asOf));
        }

        var temp = runs.CreateIncomplete(asOf);
        try
        {
            progress(Messages.Analyzing(asOf, asOf.LastDay));
            var analysisOptions = new AnalysisOptions(Options.DataFolder, temp, Options.Period, Options.AdoptionThreshold, Options.Seed, Options.KeyFile)
            {
                AsOf = asOf.LastDay,
                MinGroupSize = Options.MinGroupSize,
                Progress = progress,
                ScratchParent = temp, // the staging database dies with the temporary folder, even on SIGKILL (next run's clean-up)
            };
            var result = new Analysis.Analysis(analysisOptions).Run();
            var written = WriteHistory(temp, asOf, runs);
            var reportPath = Path.Combine(temp, Reporting.ImpactReport.FileName);
            Reporting.ImpactReport.WriteHtml(Path.Combine(temp, Analysis.Analysis.ResultsFileName), reportPath);
            progress(Analysis.Messages.Written(reportPath));
            Lap("analyze");

            var previous = runs.PreviousRun(asOf);
            progress(Messages.Comparing(previous?.ToString()));
            // Both runs as written (numbers as rounded in results.json), so the comparison is what a reader of the files sees.
            var changes = RunComparison.Compare(asOf.ToString(), written, previous?.ToString(),
                previous is { } p ? ReadResults(runs.RunPath(p)) : null);
            File.WriteAllBytes(Path.Combine(temp, RunComparison.JsonFileName), RunComparison.ToJson(changes));
            File.WriteAllText(Path.Combine(temp, RunComparison.TextFileName), RunComparison.ToText(changes));
            Lap("compare");

            progress(Messages.Finalizing);
            var outputs = SyncAndHashOutputs(temp);
            Lap("write");
            timings.Add(new("total", total.Elapsed.TotalSeconds));
            var manifest = new RunManifest(asOf.ToString(), RunManifest.CompleteStatus, 0, fingerprint, toolVersion,
                RunManifest.CurrentPackages(), [.. parameters, new("data_folder", Path.GetFullPath(Options.DataFolder))], Options.Seed, ManifestInputs(inputs, result), outputs, timings,
                startedAt, clock.GetUtcNow(), Environment.MachineName, Environment.ProcessId, previous?.ToString(), Options.Force);
            WriteDurably(Path.Combine(temp, RunManifest.FileName), manifest.ToJson());
            Posix.SyncDirectory(temp);

            progress(Messages.Publishing(asOf));
            runs.Publish(temp, asOf);
            runs.UpdateLatest();
            progress(Messages.Published(asOf, target));

            IReadOnlyList<AsOfMonth> removed = [];
            if (Options.Keep is int keep)
            {
                removed = runs.Retain(keep, asOf);
                foreach (var r in removed) progress(Messages.Removed(r.ToString(), keep));
            }
            return new RetrainOutcome(RetrainStatus.Published, asOf, target, removed, result);
        }
        catch
        {
            // Best effort: the next run removes it anyway. Never leaves a folder under the run's name.
            try
            {
                if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
            }
            throw;
        }

        void Lap(string name)
        {
            timings.Add(new(name, stage.Elapsed.TotalSeconds));
            stage.Restart();
        }
    }

    private AsOfMonth ResolveAsOf(DateOnly today)
    {
        var latestComplete = AsOfMonth.LatestCompleteBefore(today);
        if (Options.AsOf is not { } asOf) return latestComplete;
        if (asOf > latestComplete) throw new RetrainInputException(Messages.AsOfNotOver(asOf, today, latestComplete));
        return asOf;
    }

    private void Validate()
    {
        if (Options.Keep is int keep && keep < 1) throw new RetrainInputException(Messages.BadKeep(keep));
        if (!Directory.Exists(Options.DataFolder)) throw new RetrainInputException(Messages.DataFolderMissing(Options.DataFolder));
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Options.DataFolder));
        var runs = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Options.RunsFolder));
        if (string.Equals(data, runs, StringComparison.Ordinal)) throw new RetrainInputException(Messages.RunsInsideData(runs, data));
    }

    /// <summary>Everything besides the inputs' contents that decides the results (the fingerprint's parameters; where the
    /// data folder lives does not, so moving it does not force a rebuild).</summary>
    private List<KeyValuePair<string, string>> Parameters(AsOfMonth asOf) =>
    [
        new("as_of", asOf.ToString()),
        new("cutoff_day", asOf.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("period", Options.Period == PeriodUnit.Week ? "week" : "month"),
        new("adoption_threshold", Options.AdoptionThreshold.ToString("R", CultureInfo.InvariantCulture)),
        new("min_group_size", Options.MinGroupSize.ToString(CultureInfo.InvariantCulture)),
        new("seed", Options.Seed.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// Adds to this run's results.json every kept earlier run's mandates and this run's (<see cref="RunInfo.History"/>),
    /// so that the report shows how each mandate's estimate moved month over month. Earlier runs are read as written.
    /// Returns the document written; its numbers all come from results.json files, so they are as rounded there.
    /// </summary>
    private static ResultsDocument WriteHistory(string runFolder, AsOfMonth asOf, RunsFolder runs)
    {
        var current = ReadResults(runFolder);
        var points = new List<MandateHistoryPoint>();
        foreach (var earlier in runs.CompleteRuns().Where(r => r.FirstDay < asOf.FirstDay))
        {
            ResultsDocument document;
            try
            {
                document = ReadResults(runs.RunPath(earlier));
            }
            catch (Exception e) when (e is IOException or ResultsFormatException)
            {
                continue; // a kept run whose results cannot be read is left out of the history, not fatal
            }
            points.AddRange(Points(earlier.ToString(), document));
        }
        points.AddRange(Points(asOf.ToString(), current));
        var updated = current with { Run = (current.Run ?? new RunInfo { AsOf = asOf.ToString() }) with { History = points } };
        // The run folder is still the temporary one, published whole later: replacing the file here is safe.
        var path = Path.Combine(runFolder, Analysis.Analysis.ResultsFileName);
        File.Delete(path);
        WriteDurably(path, ResultsJson.ToBytes(updated));
        return updated;
    }

    private static IEnumerable<MandateHistoryPoint> Points(string asOf, ResultsDocument document) =>
        document.Mandates.Select(m => new MandateHistoryPoint
        {
            MandateId = m.MandateId, AsOf = asOf, Estimate = m.Estimate, CiLow = m.CiLow, CiHigh = m.CiHigh,
            TargetMultiplier = m.TargetMultiplier, Verdict = m.Verdict,
        });

    private static ResultsDocument ReadResults(string runFolder) =>
        ResultsJson.Parse(File.ReadAllText(Path.Combine(runFolder, Analysis.Analysis.ResultsFileName)));

    private static List<ManifestInput> ManifestInputs(IReadOnlyList<InputFile> inputs, ResultsDocument result)
    {
        var read = result.Data ?? new DataSummary();
        var after = result.Run?.RowsAfterAsOf ?? new Dictionary<string, long>();
        return [.. inputs.Select(f => read.RowsRead.TryGetValue(f.Path, out var rows)
            ? new ManifestInput(f, rows, read.RowsUsed.GetValueOrDefault(f.Path), read.RowsRejected.GetValueOrDefault(f.Path),
                after.TryGetValue(f.Path, out var n) ? n : null)
            : new ManifestInput(f, null, null, null, null))];
    }

    /// <summary>Flushes every file of the run to disk and records its hash; manifest.json is written after this.</summary>
    private static List<ManifestOutput> SyncAndHashOutputs(string folder)
    {
        var outputs = new List<ManifestOutput>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            stream.Flush(flushToDisk: true);
            var hash = SHA256.HashData(stream);
            outputs.Add(new ManifestOutput(Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'), stream.Length, Convert.ToHexStringLower(hash)));
        }
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories)) Posix.SyncDirectory(dir);
        outputs.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return outputs;
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }
}
