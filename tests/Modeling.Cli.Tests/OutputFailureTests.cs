using System.Diagnostics;
using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

/// <summary>
/// Failures outside the inputs: a full disk, a read-only file system, an output option naming the wrong kind of path,
/// and a bug. Each is one line on stderr with the exit code a scheduler can act on (2: fix something, don't retry;
/// 3 only for a lock held by a live process; 1 for a bug, its details in a log file), never a stack trace, and no
/// half-written output is left behind.
/// </summary>
[Collection("Mounts")]
public sealed class OutputFailureTests
{
    private static string Clean => Path.Combine(TestPaths.DataSamples, "clean");

    private static string KeyFile() => Path.Combine(TestPaths.NewTempFolder("key"), "pseudonym.key");

    private static void AssertOneLineError(string stderr, string startsWith)
    {
        var errors = stderr.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal) || l.StartsWith("internal error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, stderr);
        Assert.StartsWith(startsWith, errors[0]);
        Assert.DoesNotContain("   at ", stderr);
    }

    [SkippableFact]
    public void A_full_disk_exits_2_with_one_line_and_leaves_no_half_written_file()
    {
        using var disk = SmallFileSystem.Create(kibibytes: 256);
        string output = Path.Combine(disk.Path, "out");
        var (exit, _, stderr) = Run("analyze", "--data", Clean, "--out", output, "--skip-ml", "--key-file", KeyFile());
        Assert.Equal(2, exit);
        AssertOneLineError(stderr, "error: The disk is full (No space left on device");
        // panel.csv is written to a hidden temporary file and renamed when whole: neither is left.
        Assert.DoesNotContain(Directory.GetFiles(output), f => Path.GetFileName(f) is "panel.csv" or "results.json" or "report.html" || f.EndsWith(".tmp", StringComparison.Ordinal));

        var (panelExit, _, panelErr) = Run("panel", "--data", Clean, "--out", Path.Combine(disk.Path, "panel.csv"), "--key-file", KeyFile());
        Assert.Equal(2, panelExit);
        AssertOneLineError(panelErr, "error: The disk is full (No space left on device");
        Assert.Empty(Directory.GetFiles(disk.Path));
    }

    [SkippableFact]
    public void A_read_only_output_exits_2_and_a_read_only_runs_folder_is_not_reported_as_locked()
    {
        using var disk = SmallFileSystem.Create(kibibytes: 1024, prepare: root =>
        {
            Directory.CreateDirectory(Path.Combine(root, "runs"));
            File.WriteAllText(Path.Combine(root, "runs", ".retrain.lock"), ""); // left by an earlier run
        }, readOnly: true);
        var (exit, _, stderr) = Run("analyze", "--data", Clean, "--out", Path.Combine(disk.Path, "out"), "--skip-ml", "--key-file", KeyFile());
        Assert.Equal(2, exit);
        AssertOneLineError(stderr, "error: Cannot write there: the file system is read-only");

        var (retrainExit, _, retrainErr) = Run("retrain", "--data", Clean, "--runs", Path.Combine(disk.Path, "runs"), "--as-of", "2025-12", "--key-file", KeyFile());
        Assert.Equal(2, retrainExit);
        AssertOneLineError(retrainErr, "error: Cannot write there: the file system is read-only");
        Assert.DoesNotContain("holds the lock", retrainErr);
    }

    public static TheoryData<string[], string> WrongKindOfPath
    {
        get
        {
            string file = Path.Combine(TestPaths.NewTempFolder("paths"), "a-file");
            File.WriteAllText(file, "x");
            string folder = TestPaths.NewTempFolder("a-folder.csv");
            string results = Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Reporting.Tests", "Fixtures", "sample-results.json");
            return new()
            {
                { ["analyze", "--data", Clean, "--out", file], $"error: --out '{file}' is a file; pass a folder (it is created when missing)." },
                { ["validate", "--data", Clean, "--out", file], $"error: --out '{file}' is a file; pass a folder (it is created when missing)." },
                { ["simulate", "--out", file], $"error: --out '{file}' is a file; pass a folder (it is created when missing)." },
                { ["retrain", "--data", Clean, "--runs", file], $"error: --runs '{file}' is a file; pass a folder (it is created when missing)." },
                { ["panel", "--data", Clean, "--out", folder], $"error: --out '{folder}' is a folder; pass the path of the file to write." },
                { ["report", "--results", results, "--out", folder], $"error: --out '{folder}' is a folder; pass the path of the file to write." },
                { ["report", "--results", results, "--out", Path.Combine(folder, "r.html"), "--pdf", folder], $"error: --pdf '{folder}' is a folder; pass the path of the file to write." },
            };
        }
    }

    [Theory]
    [MemberData(nameof(WrongKindOfPath))]
    public void An_output_option_naming_the_wrong_kind_of_path_exits_2_before_anything_runs(string[] args, string expected)
    {
        var (exit, stdout, stderr) = Run(args);
        Assert.Equal((2, ""), (exit, stdout));
        Assert.Equal(expected + "\nRun 'modeling --help' for usage.\n", stderr);
    }

    [Fact]
    public void A_bug_is_one_line_on_stderr_with_its_details_in_a_log_file_in_the_output_folder()
    {
        // A fault raised inside a verb (here by the stderr writer itself, as validate reports its summary) stands for any bug.
        string output = TestPaths.NewTempFolder("bug-out");
        var stderr = new FaultyWriter("The data are usable.");
        int exit = Program.Run(["validate", "--data", Clean, "--out", output, "--key-file", KeyFile()], new StringWriter(), stderr);
        Assert.Equal(1, exit);
        string log = Path.Combine(output, "modeling-error.log");
        Assert.Equal($"internal error: InvalidOperationException: a fault for the test (details in {log})", stderr.Lines[^1]);
        Assert.DoesNotContain(stderr.Lines, l => l.StartsWith("   at ", StringComparison.Ordinal));
        string details = File.ReadAllText(log);
        Assert.Contains(" modeling validate\n", details);
        Assert.Contains("System.InvalidOperationException: a fault for the test", details);
        Assert.Contains("   at Modeling.Cli.Tests.OutputFailureTests.FaultyWriter.WriteLine", details);
    }

    /// <summary>A stderr that fails on one line (once), and records the rest.</summary>
    private sealed class FaultyWriter(string failOn) : StringWriter
    {
        private bool _failed;

        public List<string> Lines { get; } = [];

        public override void WriteLine(string? value)
        {
            if (!_failed && value == failOn)
            {
                _failed = true;
                throw new InvalidOperationException("a fault for the test");
            }
            Lines.Add(value ?? "");
        }
    }
}

[CollectionDefinition("Mounts", DisableParallelization = true)]
public sealed class MountsCollection;

/// <summary>
/// A small tmpfs mounted for one test (full after a few hundred KiB, or read-only), which needs root and a kernel that
/// lets the test mount. Elsewhere the test is skipped with the reason (CI runs as root and mounts).
/// </summary>
internal sealed class SmallFileSystem : IDisposable
{
    private SmallFileSystem(string path) => Path = path;

    public string Path { get; }

    public static SmallFileSystem Create(int kibibytes, Action<string>? prepare = null, bool readOnly = false)
    {
        string path = TestPaths.NewTempFolder("small-fs");
        bool mounted = Mount("-t", "tmpfs", "-o", $"size={kibibytes}k", "tmpfs", path);
        Skip.IfNot(mounted, "mounting a small tmpfs needs root and mount permission (the full-disk and read-only tests run where they are given)");
        prepare?.Invoke(path);
        if (readOnly && !Mount("-o", "remount,ro", path))
        {
            Mount("-u", path);
            Skip.If(true, "a tmpfs could not be remounted read-only here");
        }
        return new SmallFileSystem(path);
    }

    public void Dispose()
    {
        Run("umount", Path);
        try { Directory.Delete(Path); } catch (IOException) { }
    }

    private static bool Mount(params string[] args) => args[0] == "-u" ? Run("umount", args[1]) : Run("mount", args);

    private static bool Run(string program, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            process.WaitForExit(30_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no mount program
        }
    }
}
