using System.Globalization;

namespace Modeling.Runs;

/// <summary>Every user-facing text of the retrain job, in one place so tests (and scheduler scripts) can rely on it.</summary>
public static class Messages
{
    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    // Errors (exit 2 or 3): what happened, and what to do.
    public static string BadAsOf(string value) =>
        $"--as-of must be a month written YYYY-MM (e.g. 2025-12). Got '{value}' instead.";

    public static string AsOfNotOver(AsOfMonth asOf, DateOnly today, AsOfMonth latestComplete) =>
        $"--as-of {asOf} is not over yet (today is {today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} UTC); the latest complete month is {latestComplete}.";

    public static string BadKeep(int keep) => $"--keep must be at least 1. Got {keep} instead.";

    public static string DataFolderMissing(string folder) => $"data folder '{folder}' does not exist; point --data at the folder holding the exports.";

    public static string RunsInsideData(string runs, string data) =>
        $"--runs '{runs}' is the data folder '{data}' itself; put the runs folder elsewhere.";

    public static string Locked(string runsFolder, LockHolder? holder) => holder is null
        ? $"another retrain holds the lock on '{runsFolder}' (holder not recorded yet); try again after it finishes."
        : $"another retrain holds the lock on '{runsFolder}': pid {holder.Pid.ToString(CultureInfo.InvariantCulture)} on host {holder.Host}, " +
          $"started {Utc(holder.StartedAt)} (as of {holder.AsOf}); try again after it finishes. A lock whose process has died is taken over automatically.";

    public static string LatestIsNotALink(string path) =>
        $"'{path}' exists and is not a symbolic link; move it away so that retrain can point it at the last complete run.";

    // Progress (stderr).
    public static string LockAcquired(string runsFolder, AsOfMonth asOf) => $"retrain: lock acquired on {runsFolder} (as of {asOf})";

    public static string StaleLockTakenOver(LockHolder stale) =>
        $"retrain: taking over a stale lock: pid {stale.Pid.ToString(CultureInfo.InvariantCulture)} on host {stale.Host}, started {Utc(stale.StartedAt)}, is no longer running";

    public static string RemovedLeftover(string name) => $"retrain: removed leftover '{name}' of an interrupted run";

    public static string RestoredReplaced(string name, string run) => $"retrain: restored run {run} from '{name}' (a rebuild was interrupted while swapping it)";

    public static string HashingInputs(string folder) => $"retrain: hashing the input files in {folder}";

    public static string UpToDate(AsOfMonth asOf, string runFolder) =>
        $"retrain: run {asOf} is up to date (same inputs, parameters and tool version) in {runFolder}; nothing to do (use --force to rebuild)";

    public static string Rebuilding(AsOfMonth asOf) => $"retrain: rebuilding run {asOf} (--force)";

    public static string InputsChanged(AsOfMonth asOf) => $"retrain: run {asOf} exists but its inputs, parameters or tool version differ; rebuilding";

    public static string Analyzing(AsOfMonth asOf, DateOnly cutoff) =>
        $"retrain: analyzing data up to {cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (as of {asOf})";

    public static string Comparing(string? previous) => previous is null
        ? "retrain: no previous complete run to compare with"
        : $"retrain: comparing with run {previous}";

    public const string Finalizing = "retrain: writing manifest.json";

    public static string Publishing(AsOfMonth asOf) => $"retrain: publishing run {asOf}";

    public static string Published(AsOfMonth asOf, string runFolder) => $"retrain: run {asOf} complete in {runFolder}; latest -> {asOf}";

    public static string Removed(string run, int keep) => $"retrain: removed run {run} (--keep {keep.ToString(CultureInfo.InvariantCulture)})";

    // changes.txt
    public const string NoPreviousRun = "No previous complete run to compare with.";
}
