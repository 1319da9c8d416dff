using System.Diagnostics;
using System.Globalization;

namespace Modeling.Runs.Tests;

/// <summary>The built CLI as child processes: SIGKILL mid-run, two concurrent retrains, exit codes and messages.</summary>
[Collection(HeavyCollection.Name)]
public class ProcessTests(TwoMonthRuns runs)
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromMinutes(3);

    private string[] Retrain(string runsFolder, string asOf, params string[] more) =>
        ["retrain", "--data", TwoMonthRuns.CleanData, "--runs", runsFolder, "--as-of", asOf, "--key-file", runs.KeyFile, .. more];

    /// <summary>
    /// Starting from a runs folder holding 2025-11 only, a retrain of 2025-12 is killed (SIGKILL) right after each of these
    /// progress lines. After every kill the previous run and latest are untouched and nothing visible is partial; the
    /// next run takes over the stale lock, removes the leftovers and publishes a run identical to the in-process one.
    /// </summary>
    [Fact]
    public void A_run_killed_at_any_stage_leaves_the_previous_runs_and_latest_intact_and_the_next_run_cleans_up()
    {
        var copy = Support.CopyRuns(runs.Runs);
        Directory.Delete(Path.Combine(copy, "2025-12"), recursive: true); // start from November only
        new RunsFolder(copy).UpdateLatest();
        Support.AssertConsistent(copy);
        var before = Support.Snapshot(copy);

        int lastKilled = 0;
        bool lastFinishedOnItsOwn = false; // a fast run can end before the kill lands: then it published December
        // Kills right after a progress line, then at fixed delays after start (landing wherever the run happens to be).
        var points = new (string? Line, double Seconds)[]
        {
            ("retrain: lock acquired", 0), ("reading ai_usage.csv", 0), ("analyze: wrote", 0), ("retrain: comparing", 0), ("retrain: writing manifest.json", 0),
            (null, 0.3), (null, 1.0), (null, 2.0), (null, 3.5),
        };
        foreach (var (line, delay) in points)
        {
            using var child = new CliProcess(Retrain(copy, "2025-12"));
            if (line is null) Thread.Sleep(TimeSpan.FromSeconds(delay));
            else Assert.True(child.WaitForLine(line, LineTimeout), $"never saw '{line}': {child.Describe()}");
            lastFinishedOnItsOwn = child.HasExited;
            child.Kill();
            lastKilled = child.Pid;
            Support.AssertConsistent(copy, latestIsNewest: false);
            var now = Support.Snapshot(copy);
            // November and its files are untouched; December is either absent or (killed after its rename) complete.
            Assert.Equal(before.Where(kv => kv.Key != "latest"), now.Where(kv => kv.Key.StartsWith("2025-11", StringComparison.Ordinal)));
            if (!Directory.Exists(Path.Combine(copy, "2025-12"))) Assert.Equal("2025-11", now["latest"]);
            if (Directory.Exists(Path.Combine(copy, "2025-12"))) break; // published: later kills would only test "up to date"
            if (line == "reading ai_usage.csv") // staging spills inside the temporary folder, so its files go with it
                Assert.NotEmpty(Directory.EnumerateDirectories(Directory.EnumerateDirectories(copy, ".incomplete-*").Single(), "modeling-staging-*"));
        }

        bool hadLeftovers = Directory.EnumerateDirectories(copy, ".incomplete-*").Any();
        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = CliProcess.Run(Retrain(copy, "2025-12"));
        double seconds = clock.Elapsed.TotalSeconds;
        Assert.True(exit == 0, string.Join('\n', stderr));
        Assert.Equal(Path.Combine(copy, "2025-12") + "\n", stdout);
        if (lastFinishedOnItsOwn)
            Assert.Contains(stderr, l => l.StartsWith("retrain: run 2025-12 is up to date", StringComparison.Ordinal));
        else
            Assert.Contains(stderr, l => l.StartsWith($"retrain: taking over a stale lock: pid {lastKilled.ToString(CultureInfo.InvariantCulture)} on host {Environment.MachineName}", StringComparison.Ordinal));
        if (hadLeftovers) Assert.Contains(stderr, l => l.StartsWith("retrain: removed leftover '.incomplete-2025-12-", StringComparison.Ordinal));
        Assert.Equal([RunLock.LockFileName], Directory.EnumerateFileSystemEntries(copy, ".*").Select(Path.GetFileName));
        Support.AssertConsistent(copy);
        Assert.Equal(new AsOfMonth(2025, 12), new RunsFolder(copy).Latest());
        // Same inputs and seed in another process: the same results as the in-process run (the tool version aside: two builds).
        Assert.Equal(Support.WithoutTool(Path.Combine(runs.Runs, "2025-12", "results.json")), Support.WithoutTool(Path.Combine(copy, "2025-12", "results.json")));
        Assert.True(seconds < 600, $"{seconds} s");
    }

    /// <summary>A --force rebuild killed while publishing still leaves a complete 2025-12 (old or new, byte-identical).</summary>
    [Fact]
    public void A_rebuild_killed_while_publishing_leaves_a_complete_run()
    {
        var copy = Support.CopyRuns(runs.Runs);
        using (var child = new CliProcess(Retrain(copy, "2025-12", "--force")))
        {
            Assert.True(child.WaitForLine("retrain: publishing", LineTimeout), child.Describe());
            child.Kill();
        }
        Support.AssertConsistent(copy, latestIsNewest: false);
        Assert.Equal([new AsOfMonth(2025, 11), new AsOfMonth(2025, 12)], new RunsFolder(copy).CompleteRuns());
        Assert.Equal(Support.WithoutTool(Path.Combine(runs.Runs, "2025-12", "results.json")), Support.WithoutTool(Path.Combine(copy, "2025-12", "results.json")));
    }

    /// <summary>Two retrains on one runs folder: the second exits 3 at once and names the holder (pid, host, start time).</summary>
    [Fact]
    public void A_second_concurrent_retrain_exits_3_naming_the_holder()
    {
        var copy = Support.CopyRuns(runs.Runs);
        using var first = new CliProcess(Retrain(copy, "2025-12", "--force"));
        Assert.True(first.WaitForLine("retrain: lock acquired", LineTimeout), string.Join('\n', first.Stderr));
        var holder = LockHolder.TryRead(Path.Combine(copy, RunLock.HolderFileName));
        Assert.NotNull(holder);
        Assert.Equal(first.Pid, holder.Pid);

        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = CliProcess.Run(Retrain(copy, "2025-11"));
        Assert.Equal(3, exit);
        Assert.Equal("", stdout);
        Assert.Equal("error: " + Messages.Locked(copy, holder), stderr[^1]);
        Assert.StartsWith($"error: another retrain holds the lock on '{copy}': pid {first.Pid.ToString(CultureInfo.InvariantCulture)} on host {Environment.MachineName}, started ",
            stderr[^1], StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));

        Assert.Equal(0, first.WaitForExit(LineTimeout));
        Assert.False(File.Exists(Path.Combine(copy, RunLock.HolderFileName)), "a finished holder removes its record");
        Support.AssertConsistent(copy);
    }

    [Theory]
    [InlineData("2025-13", "error: --as-of must be a month written YYYY-MM (e.g. 2025-12). Got '2025-13' instead.")]
    [InlineData("Dec 2025", "error: --as-of must be a month written YYYY-MM (e.g. 2025-12). Got 'Dec 2025' instead.")]
    public void A_malformed_as_of_exits_2(string asOf, string message)
    {
        var (exit, stdout, stderr) = CliProcess.Run(Retrain(Path.Combine(Modeling.Tests.TestPaths.NewTempFolder("retrain-args"), "runs"), asOf));
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal(message, stderr[^1]);
    }

    [Fact]
    public void A_month_that_is_not_over_and_keep_0_exit_2()
    {
        var runsFolder = Path.Combine(Modeling.Tests.TestPaths.NewTempFolder("retrain-args"), "runs");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var thisMonth = new AsOfMonth(today.Year, today.Month);
        var (exit, _, stderr) = CliProcess.Run(Retrain(runsFolder, thisMonth.ToString()));
        Assert.Equal(2, exit);
        Assert.Equal("error: " + Messages.AsOfNotOver(thisMonth, today, AsOfMonth.LatestCompleteBefore(today)), stderr[^1]);

        (exit, _, stderr) = CliProcess.Run(Retrain(runsFolder, "2025-12", "--keep", "0"));
        Assert.Equal(2, exit);
        Assert.Equal("error: --keep must be at least 1. Got 0 instead.", stderr[^1]);
        Assert.False(Directory.Exists(runsFolder), "nothing is created on bad arguments");
    }
}
