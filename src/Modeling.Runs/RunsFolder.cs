using System.Globalization;

namespace Modeling.Runs;

/// <summary>
/// The layout of a runs folder and the file-system steps that keep it consistent:
/// <code>
/// runs/
///   2025-11/  2025-12/          complete runs (manifest.json written last, folder renamed into place)
///   latest -> 2025-12           symbolic link to the newest complete run, replaced by rename(2)
///   .incomplete-2026-01-…/      a run being written (or killed while writing): never a run name, removed by the next run
///   .retrain.lock, .retrain.holder.json   the lock (see RunLock)
/// </code>
/// Only names matching YYYY-MM are runs; every temporary name starts with a dot, so no tool that lists runs (or a
/// glob such as runs/20*) can mistake one for a run. Every method here runs under the lock.
/// </summary>
public sealed class RunsFolder(string path)
{
    public const string LatestName = "latest";
    internal const string IncompletePrefix = ".incomplete-";
    internal const string DeletingPrefix = ".deleting-";
    internal const string ReplacedPrefix = ".replaced-";
    internal const string LatestTempPrefix = ".latest-";

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string RunPath(AsOfMonth asOf) => System.IO.Path.Combine(Path, asOf.ToString());

    public string LatestPath => System.IO.Path.Combine(Path, LatestName);

    /// <summary>Complete runs, oldest first: YYYY-MM folders whose manifest says complete.</summary>
    public IReadOnlyList<AsOfMonth> CompleteRuns()
    {
        if (!Directory.Exists(Path)) return [];
        var runs = new List<AsOfMonth>();
        foreach (var dir in new DirectoryInfo(Path).EnumerateDirectories())
        {
            if (dir.LinkTarget is not null || !AsOfMonth.TryParse(dir.Name, out var asOf)) continue;
            if (IsComplete(asOf)) runs.Add(asOf);
        }
        runs.Sort((a, b) => a.FirstDay.CompareTo(b.FirstDay));
        return runs;
    }

    public bool IsComplete(AsOfMonth asOf) =>
        RunManifest.TryReadStatus(System.IO.Path.Combine(RunPath(asOf), RunManifest.FileName)) is { Status: RunManifest.CompleteStatus };

    /// <summary>The newest complete run before <paramref name="asOf"/>: what a run compares itself with.</summary>
    public AsOfMonth? PreviousRun(AsOfMonth asOf)
    {
        AsOfMonth? previous = null;
        foreach (var run in CompleteRuns()) if (run < asOf) previous = run;
        return previous;
    }

    /// <summary>A new, empty temporary folder for a run being written.</summary>
    public string CreateIncomplete(AsOfMonth asOf)
    {
        var temp = System.IO.Path.Combine(Path, $"{IncompletePrefix}{asOf}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        return temp;
    }

    /// <summary>
    /// Removes what interrupted runs left: incomplete folders, half-deleted ones, temporary links and holder records; a
    /// run moved aside by an interrupted rebuild (only where the swap is not atomic) is moved back if nothing replaced it.
    /// Then points latest at the newest complete run. Returns one line per thing done.
    /// </summary>
    public IReadOnlyList<string> CleanUp()
    {
        var done = new List<string>();
        if (!Directory.Exists(Path)) return done;
        foreach (var entry in new DirectoryInfo(Path).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            string name = entry.Name;
            if (name.StartsWith(ReplacedPrefix, StringComparison.Ordinal) && entry is DirectoryInfo
                && AsOfMonth.TryParse(name.Substring(ReplacedPrefix.Length, 7), out var run) && !Directory.Exists(RunPath(run)))
            {
                Directory.Move(entry.FullName, RunPath(run));
                done.Add(Messages.RestoredReplaced(name, run.ToString()));
            }
            else if (name.StartsWith(IncompletePrefix, StringComparison.Ordinal) || name.StartsWith(DeletingPrefix, StringComparison.Ordinal)
                     || name.StartsWith(ReplacedPrefix, StringComparison.Ordinal) || name.StartsWith(LatestTempPrefix, StringComparison.Ordinal)
                     || (name.StartsWith(RunLock.HolderFileName + ".", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal)))
            {
                Delete(entry);
                done.Add(Messages.RemovedLeftover(name));
            }
        }
        UpdateLatest();
        return done;
    }

    /// <summary>
    /// Moves a finished temporary folder into place as the run <paramref name="asOf"/> in one rename. A rebuild swaps the
    /// new folder with the old one atomically (renameat2 RENAME_EXCHANGE); where that is unsupported the old run is
    /// first moved aside to a .replaced- name, which <see cref="CleanUp"/> moves back if the process dies in between.
    /// </summary>
    public void Publish(string incompleteFolder, AsOfMonth asOf)
    {
        var target = RunPath(asOf);
        if (!Directory.Exists(target))
        {
            Directory.Move(incompleteFolder, target);
        }
        else if (Posix.TryExchange(incompleteFolder, target))
        {
            DeleteDirectory(incompleteFolder); // now holds the old run
        }
        else
        {
            var aside = System.IO.Path.Combine(Path, $"{ReplacedPrefix}{asOf}-{Guid.NewGuid():N}");
            Directory.Move(target, aside);
            Directory.Move(incompleteFolder, target);
            DeleteDirectory(aside);
        }
        Posix.SyncDirectory(Path);
    }

    /// <summary>
    /// Points <c>latest</c> at the newest complete run (or removes it when there is none). A new symbolic link is made
    /// under a temporary name and renamed over the old one: rename(2) replaces it atomically, so readers always see
    /// either the old or the new target, never a missing or half-made link. A kill between a run's rename and this swap
    /// leaves latest on the previous complete run (valid, one behind); the next retrain's <see cref="CleanUp"/> fixes it.
    /// </summary>
    public void UpdateLatest()
    {
        var runs = CompleteRuns();
        var latest = new FileInfo(LatestPath);
        bool exists = latest.Exists || Directory.Exists(LatestPath) || latest.LinkTarget is not null;
        if (exists && latest.LinkTarget is null) throw new IOException(Messages.LatestIsNotALink(LatestPath));
        if (runs.Count == 0)
        {
            if (exists) File.Delete(LatestPath);
            return;
        }
        string target = runs[^1].ToString();
        if (latest.LinkTarget == target) return;
        var temp = System.IO.Path.Combine(Path, $"{LatestTempPrefix}{Guid.NewGuid():N}");
        File.CreateSymbolicLink(temp, target); // relative: the runs folder can be moved or mounted elsewhere
        if (Posix.IsUnix) Posix.Rename(temp, LatestPath);
        else
        {
            if (exists) File.Delete(LatestPath);
            File.Move(temp, LatestPath);
        }
        Posix.SyncDirectory(Path);
    }

    /// <summary>The run latest points at, or null.</summary>
    public AsOfMonth? Latest() =>
        new FileInfo(LatestPath).LinkTarget is { } target && AsOfMonth.TryParse(target, out var run) ? run : null;

    /// <summary>Deletes complete runs beyond the newest <paramref name="keep"/>, never <paramref name="protect"/>; returns them.</summary>
    public IReadOnlyList<AsOfMonth> Retain(int keep, AsOfMonth protect)
    {
        var runs = CompleteRuns();
        var removed = new List<AsOfMonth>();
        foreach (var run in runs.Take(Math.Max(0, runs.Count - keep)))
        {
            if (run == protect) continue;
            DeleteDirectory(RunPath(run));
            removed.Add(run);
        }
        return removed;
    }

    /// <summary>
    /// Deletes a folder by first renaming it to a .deleting- name (one atomic step that removes it from the runs), then
    /// deleting the contents, so a kill in the middle never leaves a half-deleted folder under a run name.
    /// </summary>
    private void DeleteDirectory(string folder)
    {
        var doomed = System.IO.Path.Combine(Path, $"{DeletingPrefix}{System.IO.Path.GetFileName(folder)}-{Guid.NewGuid():N}");
        Directory.Move(folder, doomed);
        Directory.Delete(doomed, recursive: true);
    }

    private static void Delete(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo dir && dir.LinkTarget is null) dir.Delete(recursive: true);
        else File.Delete(entry.FullName);
    }
}
