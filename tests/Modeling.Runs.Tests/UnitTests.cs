using System.Diagnostics;
using System.Text;
using Modeling.Tests;

namespace Modeling.Runs.Tests;

public class AsOfMonthTests
{
    [Theory]
    [InlineData("2025-11", true)]
    [InlineData("2024-02", true)]
    [InlineData("2025-13", false)]
    [InlineData("2025-00", false)]
    [InlineData("2025-1", false)]
    [InlineData("latest", false)]
    [InlineData(".incomplete-2025-11-1-x", false)]
    public void Only_YYYY_MM_is_a_month_and_a_run_name(string text, bool valid)
    {
        Assert.Equal(valid, AsOfMonth.TryParse(text, out _));
        Assert.Equal(valid, AsOfMonth.IsRunName(text));
    }

    [Fact]
    public void The_cut_off_is_the_last_day_of_the_month_and_the_default_is_the_last_month_that_is_over()
    {
        Assert.Equal(new DateOnly(2024, 2, 29), new AsOfMonth(2024, 2).LastDay);
        Assert.Equal(new DateOnly(2025, 11, 30), new AsOfMonth(2025, 11).LastDay);
        Assert.Equal(new AsOfMonth(2025, 12), AsOfMonth.LatestCompleteBefore(new DateOnly(2026, 1, 1)));
        Assert.Equal(new AsOfMonth(2026, 10), AsOfMonth.LatestCompleteBefore(new DateOnly(2026, 11, 28)));
        Assert.Equal("0999-03", new AsOfMonth(999, 3).ToString());
        Assert.Equal("2025-11", Analysis.AsOfCutoff.Label(new AsOfMonth(2025, 11).LastDay));
    }
}

public class RunLockTests
{
    private static readonly AsOfMonth Month = new(2025, 12);

    [Fact]
    public void A_second_acquire_is_refused_naming_the_holder_and_release_removes_the_record()
    {
        var runs = TestPaths.NewTempFolder("lock");
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using (var held = RunLock.Acquire(runs, Month, now))
        {
            var e = Assert.Throws<RunLockedException>(() => RunLock.Acquire(runs, Month, now));
            Assert.Equal(Environment.ProcessId, e.Holder!.Pid);
            Assert.Equal(
                $"another retrain holds the lock on '{runs}': pid {Environment.ProcessId} on host {Environment.MachineName}, started 2026-01-02T03:04:05Z (as of 2025-12); " +
                "try again after it finishes. A lock whose process has died is taken over automatically.", e.Message);
            Assert.Null(held.TakenOverFrom);
        }
        Assert.False(File.Exists(Path.Combine(runs, RunLock.HolderFileName)));
        using var again = RunLock.Acquire(runs, Month, now);
        Assert.Null(again.TakenOverFrom);
    }

    [Fact]
    public void The_record_of_a_dead_holder_is_stale_and_taken_over()
    {
        var runs = TestPaths.NewTempFolder("lock");
        int dead = DeadPid();
        var stale = new LockHolder(dead, Environment.MachineName, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), null, "2025-11");
        File.WriteAllBytes(Path.Combine(runs, RunLock.HolderFileName), stale.ToJson());
        using var taken = RunLock.Acquire(runs, Month, DateTimeOffset.UtcNow);
        Assert.Equal(stale, taken.TakenOverFrom);
        Assert.Equal($"retrain: taking over a stale lock: pid {dead} on host {Environment.MachineName}, started 2026-01-01T00:00:00Z, is no longer running",
            Messages.StaleLockTakenOver(taken.TakenOverFrom!));
        Assert.Equal(Environment.ProcessId, LockHolder.TryRead(Path.Combine(runs, RunLock.HolderFileName))!.Pid);
    }

    /// <summary>Defence in depth: a recorded holder that is still running on this host is respected even if flock let us in.</summary>
    [Fact]
    public void A_recorded_holder_that_is_still_running_here_is_not_taken_over()
    {
        var runs = TestPaths.NewTempFolder("lock");
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var live = new LockHolder(sleeper.Id, Environment.MachineName, DateTimeOffset.UtcNow, new DateTimeOffset(sleeper.StartTime.ToUniversalTime()), "2025-12");
            File.WriteAllBytes(Path.Combine(runs, RunLock.HolderFileName), live.ToJson());
            var e = Assert.Throws<RunLockedException>(() => RunLock.Acquire(runs, Month, DateTimeOffset.UtcNow));
            Assert.Equal(sleeper.Id, e.Holder!.Pid);
            // Same pid but another process start time: the pid was reused, the record is stale.
            File.WriteAllBytes(Path.Combine(runs, RunLock.HolderFileName), (live with { ProcessStartedAt = live.ProcessStartedAt!.Value.AddHours(-1) }).ToJson());
            using var taken = RunLock.Acquire(runs, Month, DateTimeOffset.UtcNow);
            Assert.Equal(sleeper.Id, taken.TakenOverFrom!.Pid);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }
}

public class RunsFolderTests
{
    private static void FakeRun(string runs, string name, string status = "complete")
    {
        Directory.CreateDirectory(Path.Combine(runs, name));
        File.WriteAllText(Path.Combine(runs, name, "manifest.json"), $$"""{"status":"{{status}}","fingerprint":"f"}""");
    }

    [Fact]
    public void Only_complete_YYYY_MM_folders_are_runs_and_latest_points_at_the_newest()
    {
        var runs = TestPaths.NewTempFolder("runs");
        FakeRun(runs, "2025-10");
        FakeRun(runs, "2025-12");
        FakeRun(runs, "2025-11");
        FakeRun(runs, "2026-01", status: "failed");
        Directory.CreateDirectory(Path.Combine(runs, "2026-02")); // no manifest
        FakeRun(runs, ".incomplete-2026-03-1-abc");
        var folder = new RunsFolder(runs);
        Assert.Equal([new AsOfMonth(2025, 10), new AsOfMonth(2025, 11), new AsOfMonth(2025, 12)], folder.CompleteRuns());
        Assert.Equal(new AsOfMonth(2025, 11), folder.PreviousRun(new AsOfMonth(2025, 12)));
        Assert.Null(folder.PreviousRun(new AsOfMonth(2025, 10)));
        folder.UpdateLatest();
        Assert.Equal("2025-12", new FileInfo(Path.Combine(runs, "latest")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(runs, "latest", "manifest.json")));
        FakeRun(runs, "2026-04");
        folder.UpdateLatest();
        Assert.Equal("2026-04", new FileInfo(Path.Combine(runs, "latest")).LinkTarget);
        Assert.Empty(Directory.EnumerateFileSystemEntries(runs, ".latest-*"));
    }

    [Fact]
    public void Clean_up_removes_leftovers_and_moves_back_a_run_set_aside_by_an_interrupted_swap()
    {
        var runs = TestPaths.NewTempFolder("runs");
        FakeRun(runs, "2025-11");
        FakeRun(runs, ".incomplete-2025-12-123-abc");
        FakeRun(runs, ".deleting-2025-09-abc");
        FakeRun(runs, ".replaced-2025-12-abc");     // its run is missing: restore it
        FakeRun(runs, ".replaced-2025-11-def");     // its run was replaced: delete it
        File.CreateSymbolicLink(Path.Combine(runs, ".latest-abc"), "2025-11");
        File.WriteAllText(Path.Combine(runs, RunLock.HolderFileName + ".42.tmp"), "{");
        var done = new RunsFolder(runs).CleanUp();
        Assert.Equal(
        [
            Messages.RemovedLeftover(".deleting-2025-09-abc"),
            Messages.RemovedLeftover(".incomplete-2025-12-123-abc"),
            Messages.RemovedLeftover(".latest-abc"),
            Messages.RemovedLeftover(".replaced-2025-11-def"),
            Messages.RestoredReplaced(".replaced-2025-12-abc", "2025-12"),
            Messages.RemovedLeftover(RunLock.HolderFileName + ".42.tmp"),
        ], done);
        Assert.Equal(["2025-11", "2025-12", "latest"], Directory.EnumerateFileSystemEntries(runs).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("2025-12", new FileInfo(Path.Combine(runs, "latest")).LinkTarget);
    }

    [Fact]
    public void Retention_keeps_the_newest_N_and_never_the_protected_run()
    {
        var runs = TestPaths.NewTempFolder("runs");
        foreach (var m in new[] { "2025-08", "2025-09", "2025-10", "2025-11", "2025-12" }) FakeRun(runs, m);
        var folder = new RunsFolder(runs);
        Assert.Equal([new AsOfMonth(2025, 8), new AsOfMonth(2025, 10)], folder.Retain(2, protect: new AsOfMonth(2025, 9)));
        Assert.Equal([new AsOfMonth(2025, 9), new AsOfMonth(2025, 11), new AsOfMonth(2025, 12)], folder.CompleteRuns());
        Assert.Empty(Directory.EnumerateFileSystemEntries(runs, ".deleting-*"));
    }

    [Fact]
    public void A_real_folder_named_latest_is_an_error_not_overwritten()
    {
        var runs = TestPaths.NewTempFolder("runs");
        FakeRun(runs, "2025-11");
        Directory.CreateDirectory(Path.Combine(runs, "latest"));
        var e = Assert.Throws<IOException>(() => new RunsFolder(runs).UpdateLatest());
        Assert.Equal(Messages.LatestIsNotALink(Path.Combine(runs, "latest")), e.Message);
    }
}

public class InputFilesTests
{
    [Fact]
    public void Hashes_are_sha256_of_every_visible_file_sorted_and_the_fingerprint_follows_content_and_parameters()
    {
        var data = TestPaths.NewTempFolder("inputs");
        Directory.CreateDirectory(Path.Combine(data, "copilot"));
        File.WriteAllText(Path.Combine(data, "teams.csv"), "team_id,org\n");
        File.WriteAllText(Path.Combine(data, "copilot", "a.ndjson"), "abc");
        File.WriteAllText(Path.Combine(data, ".hidden"), "x");
        var files = InputFiles.Hash(data);
        Assert.Equal(["copilot/a.ndjson", "teams.csv"], files.Select(f => f.Path));
        // sha256("abc"), FIPS 180-2 appendix B.1.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", files[0].Sha256);
        Assert.Equal(3, files[0].Bytes);

        var p = new[] { new KeyValuePair<string, string>("seed", "1") };
        var f1 = InputFiles.Fingerprint(files, p, "v1");
        Assert.Equal(f1, InputFiles.Fingerprint(InputFiles.Hash(data), p, "v1"));
        Assert.NotEqual(f1, InputFiles.Fingerprint(files, [new("seed", "2")], "v1"));
        Assert.NotEqual(f1, InputFiles.Fingerprint(files, p, "v2"));
        File.AppendAllText(Path.Combine(data, "teams.csv"), "t,o\n");
        Assert.NotEqual(f1, InputFiles.Fingerprint(InputFiles.Hash(data), p, "v1"));
    }
}
