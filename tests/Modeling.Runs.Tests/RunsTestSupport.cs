using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Modeling.Tests;

namespace Modeling.Runs.Tests;

/// <summary>Tests that run the whole analysis (in process or as child processes) share the 2 cores one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class HeavyCollection : ICollectionFixture<TwoMonthRuns>
{
    public const string Name = "retrain (heavy)";
}

/// <summary>
/// Built once: a runs folder with --as-of 2025-11 then 2025-12 on data-samples/clean (in process), which several tests
/// compare with or copy as their starting state.
/// </summary>
public sealed class TwoMonthRuns : IDisposable
{
    public TwoMonthRuns()
    {
        CliProcess.UseCopyOfTheBuiltCli();
        KeyFile = Path.Combine(TestPaths.NewTempFolder("retrain-key"), "pseudonym.key");
        Runs = Path.Combine(TestPaths.NewTempFolder("retrain-runs"), "runs");
        var stopwatch = Stopwatch.StartNew();
        November = Support.Retrain(Options(Runs, new AsOfMonth(2025, 11)));
        NovemberSeconds = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        December = Support.Retrain(Options(Runs, new AsOfMonth(2025, 12)));
        DecemberSeconds = stopwatch.Elapsed.TotalSeconds;
    }

    public string KeyFile { get; }
    public string Runs { get; }
    public (RetrainOutcome Outcome, List<string> Progress) November { get; }
    public (RetrainOutcome Outcome, List<string> Progress) December { get; }
    public double NovemberSeconds { get; }
    public double DecemberSeconds { get; }

    public static string CleanData => Path.Combine(TestPaths.DataSamples, "clean");

    public void Dispose() => CliProcess.RemoveCopy();

    public RetrainOptions Options(string runs, AsOfMonth? asOf, string? data = null, bool force = false, int? keep = null) =>
        new(data ?? CleanData, runs, asOf, force, keep) { KeyFile = KeyFile };
}

internal static class Support
{
    /// <summary>results.json without "tool" (its version names the build's commit): for comparing runs of two builds.</summary>
    public static string WithoutTool(string path)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllBytes(path))!.AsObject();
        node.Remove("tool");
        return node.ToJsonString();
    }

    public static (RetrainOutcome Outcome, List<string> Progress) Retrain(RetrainOptions options)
    {
        var lines = new List<string>();
        var outcome = new RetrainJob(options with { Progress = lines.Add }).Run();
        return (outcome, lines);
    }

    /// <summary>Copies a runs folder, keeping latest a symbolic link.</summary>
    public static string CopyRuns(string from)
    {
        var to = Path.Combine(TestPaths.NewTempFolder("retrain-copy"), "runs");
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
            else if (entry is DirectoryInfo dir) CopyDirectory(dir.FullName, target);
            else File.Copy(entry.FullName, target);
        }
        return to;
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    /// <summary>Every file of every YYYY-MM folder with its SHA-256, and latest's target: to show that nothing changed.</summary>
    public static SortedDictionary<string, string> Snapshot(string runs)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories(runs).Where(d => AsOfMonth.IsRunName(Path.GetFileName(d)) && new DirectoryInfo(d).LinkTarget is null))
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                map[Path.GetRelativePath(runs, file)] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        map["latest"] = new FileInfo(Path.Combine(runs, "latest")).LinkTarget ?? "(none)";
        return map;
    }

    /// <summary>
    /// The invariant a kill must never break: every visible entry is latest or a YYYY-MM run; every run's manifest says
    /// complete and lists exactly the files present with their hashes; latest points at a complete run (the newest).
    /// </summary>
    /// <param name="runs">The runs folder.</param>
    /// <param name="latestIsNewest">False right after a kill: one landing between the run's rename and the link swap leaves
    /// latest on the previous complete run (valid, one behind) until the next retrain repairs it first thing.</param>
    public static void AssertConsistent(string runs, bool latestIsNewest = true)
    {
        var folder = new RunsFolder(runs);
        foreach (var entry in new DirectoryInfo(runs).EnumerateFileSystemInfos().Where(e => !e.Name.StartsWith('.')))
        {
            if (entry.Name == RunsFolder.LatestName)
            {
                Assert.NotNull(entry.LinkTarget);
                continue;
            }
            Assert.True(AsOfMonth.TryParse(entry.Name, out var run), $"unexpected entry '{entry.Name}' in {runs}");
            var manifestPath = Path.Combine(entry.FullName, RunManifest.FileName);
            Assert.True(File.Exists(manifestPath), $"run {run} has no manifest.json");
            using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            Assert.Equal("complete", manifest.RootElement.GetProperty("status").GetString());
            Assert.Equal(0, manifest.RootElement.GetProperty("exit_status").GetInt32());
            var listed = manifest.RootElement.GetProperty("outputs").EnumerateArray()
                .ToDictionary(o => o.GetProperty("file").GetString()!, o => o.GetProperty("sha256").GetString()!);
            var present = Directory.EnumerateFiles(entry.FullName, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(entry.FullName, f).Replace('\\', '/')).Where(f => f != RunManifest.FileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(listed.Keys.Order(StringComparer.Ordinal), present);
            foreach (var (file, hash) in listed)
                Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(entry.FullName, file)))));
        }
        var complete = folder.CompleteRuns();
        if (latestIsNewest) Assert.Equal(complete.Count == 0 ? null : complete[^1], folder.Latest());
        else Assert.True(complete.Count == 0 ? folder.Latest() is null : folder.Latest() is { } l && complete.Contains(l), "latest must point at a complete run");
    }
}

/// <summary>Starts the built CLI (src/Modeling.Cli/bin/&lt;config&gt;/net10.0/modeling.dll) as a child process.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly List<string> _stderr = [];
    private readonly object _gate = new();

    private static string? _copy;

    /// <summary>The built CLI: a private copy when <see cref="UseCopyOfTheBuiltCli"/> was called, else the bin folder itself.</summary>
    public static string Dll => _copy is null ? BuiltDll : Path.Combine(_copy, "modeling.dll");

    private static string BuiltDll
    {
        get
        {
            var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            var dll = Path.Combine(TestPaths.RepositoryRoot, "src", "Modeling.Cli", "bin", config, "net10.0", "modeling.dll");
            Assert.True(File.Exists(dll), $"build the CLI first: {dll} is missing");
            return dll;
        }
    }

    /// <summary>Copies the built CLI's folder once, so that a rebuild during the test run cannot swap files under a child.</summary>
    public static void UseCopyOfTheBuiltCli()
    {
        if (_copy is not null) return;
        var copy = TestPaths.NewTempFolder("retrain-cli");
        Support.CopyDirectory(Path.GetDirectoryName(BuiltDll)!, Path.Combine(copy, "cli"));
        _copy = Path.Combine(copy, "cli");
    }

    public static void RemoveCopy()
    {
        if (_copy is null) return;
        Directory.Delete(Path.GetDirectoryName(_copy)!, recursive: true);
        _copy = null;
    }

    public CliProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stderr.Add(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    /// <summary>True once the process has ended (on its own, or killed).</summary>
    public bool HasExited => _process.HasExited;

    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }

    public IReadOnlyList<string> Stderr { get { lock (_gate) return [.. _stderr]; } }

    /// <summary>Waits until a stderr line starts with <paramref name="prefix"/>; false if the process ended first or time ran out.</summary>
    public bool WaitForLine(string prefix, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Stderr.Any(l => l.StartsWith(prefix, StringComparison.Ordinal))) return true;
            if (_process.HasExited)
            {
                // The process can end before its last lines reach the output handler: wait for the stream to drain.
                _process.WaitForExit();
                return Stderr.Any(l => l.StartsWith(prefix, StringComparison.Ordinal));
            }
            Thread.Sleep(5);
        }
        return false;
    }

    /// <summary>SIGKILL: no handler, no finally block runs, as when the scheduler or the OOM killer ends a job.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public int WaitForExit(TimeSpan timeout)
    {
        Assert.True(_process.WaitForExit(timeout), "the CLI did not finish in time");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public static (int Exit, string Stdout, IReadOnlyList<string> Stderr) Run(params string[] args)
    {
        using var p = new CliProcess(args);
        int exit = p.WaitForExit(TimeSpan.FromMinutes(3));
        return (exit, p.Stdout, p.Stderr);
    }

    /// <summary>For failure messages: the exit code (if ended) and every stderr line so far.</summary>
    public string Describe()
    {
        if (_process.HasExited) _process.WaitForExit();
        return (_process.HasExited ? $"exit {_process.ExitCode}\n" : "running\n") + string.Join('\n', Stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
