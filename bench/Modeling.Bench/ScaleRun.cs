using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Modeling.Analysis;
using Modeling.Ingest;
using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;
using Modeling.Panel;
using Modeling.Simulation;

namespace Modeling.Bench;

/// <summary>
/// How cost grows with the organisation: for each size, simulate it, then time every stage in-process (staging,
/// panel SQL, the causal estimators per outcome) and run the CLI verbs as child processes for wall time and peak
/// resident memory (VmHWM) — validate (ingest), panel (ingest + panel), analyze (everything, ML and report included).
/// </summary>
internal sealed class ScaleRun(IReadOnlyList<int> teamCounts, int months, string workFolder)
{
    private sealed record Measure(string Stage, double Seconds, double? PeakMb);

    /// <summary>The growth chart (seconds against ai_usage rows, log–log), written beside the table by <see cref="Run"/>.</summary>
    public string? ChartHtml { get; private set; }

    public string Run(Action<string> progress)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        var perSize = new List<(int Teams, long UsageRows, long Prs, List<Measure> Stages)>();
        foreach (var teams in teamCounts)
        {
            var folder = Path.Combine(workFolder, $"org-{teams}x{months}");
            var stages = new List<Measure>();
            var clock = Stopwatch.StartNew();
            var summary = Simulator.Run(new SimulationOptions { Teams = teams, Months = months, Seed = 7 }, folder);
            stages.Add(new("simulate", clock.Elapsed.TotalSeconds, null));
            progress($"{teams} teams: simulated in {clock.Elapsed.TotalSeconds:F1} s");

            stages.AddRange(InProcess(folder, progress));
            foreach (var verb in new[] { "validate", "panel", "analyze" })
            {
                var (seconds, peak) = Child(verb, folder);
                stages.Add(new($"`modeling {verb}` (process)", seconds, peak));
                progress(string.Create(c, $"{teams} teams: modeling {verb} {seconds:F1} s, peak {peak:F0} MB"));
            }
            perSize.Add((teams, summary.AiUsageRows, summary.PullRequests, stages));
            Directory.Delete(folder, recursive: true);
        }

        s.AppendLine(c, $"Organisations of {string.Join(", ", teamCounts)} teams × {months} months (simulator seed 7, default options). Seconds (peak MB for child processes).");
        s.AppendLine();
        s.Append("| stage |");
        foreach (var p in perSize) s.Append(c, $" {p.Teams} teams |");
        s.AppendLine();
        s.Append("|---|");
        foreach (var _ in perSize) s.Append("---|");
        s.AppendLine();
        s.Append("| ai_usage rows / PRs |");
        foreach (var p in perSize) s.Append(c, $" {p.UsageRows / 1e6:F2} M / {p.Prs / 1e6:F2} M |");
        s.AppendLine();
        foreach (var stage in perSize[0].Stages.Select(m => m.Stage))
        {
            s.Append(c, $"| {stage} |");
            foreach (var p in perSize)
            {
                var m = p.Stages.FirstOrDefault(x => x.Stage == stage);
                s.Append(m is null ? " – |" : m.PeakMb is { } mb ? string.Create(c, $" {m.Seconds:F1} ({mb:F0} MB) |") : string.Create(c, $" {m.Seconds:F2} |"));
            }
            s.AppendLine();
        }
        ChartHtml = GrowthChart.Html(perSize.Select(p => (p.UsageRows, (IReadOnlyList<(string, double)>)
            [.. p.Stages.Where(m => !m.Stage.StartsWith("estimators: ", StringComparison.Ordinal) || m.Stage == "estimators: all outcomes")
                .Select(m => (m.Stage, m.Seconds))])).ToList());
        if (perSize.Count > 1)
        {
            var first = perSize[0];
            var last = perSize[^1];
            s.AppendLine();
            // Both the whole range (fixed costs flatter it) and the two largest sizes (the marginal growth).
            var previous = perSize[^2];
            s.AppendLine("Growth (time ratio ÷ usage-row ratio; 1.0 = linear in rows), smallest → largest and between the two largest:");
            s.AppendLine();
            double rows = (double)last.UsageRows / first.UsageRows, lastRows = (double)last.UsageRows / previous.UsageRows;
            foreach (var stage in first.Stages.Select(m => m.Stage).Where(m => !m.StartsWith("estimators: ", StringComparison.Ordinal) || m == "estimators: all outcomes"))
            {
                var a = first.Stages.First(x => x.Stage == stage).Seconds;
                var p = previous.Stages.First(x => x.Stage == stage).Seconds;
                var b = last.Stages.First(x => x.Stage == stage).Seconds;
                if (a > 0.05) s.AppendLine(c, $"- {stage}: ×{b / a:F1} for ×{rows:F1} rows → {b / a / rows:F2}; last step ×{b / p:F2} for ×{lastRows:F2} rows → {b / p / lastRows:F2}");
            }
        }
        return s.ToString();
    }

    private static IEnumerable<Measure> InProcess(string folder, Action<string> progress)
    {
        var measures = new List<Measure>();
        var clock = Stopwatch.StartNew();
        var panel = PanelPipeline.Run(new PipelineOptions(folder, new PanelOptions(PeriodUnit.Month), PseudonymKey.FromHex(new string('c', 64)))
        {
            Staged = _ =>
            {
                measures.Add(new("ingest → DuckDB staging", clock.Elapsed.TotalSeconds, null));
                clock.Restart();
            },
        }).Panel;
        measures.Add(new("panel SQL + read", clock.Elapsed.TotalSeconds, null));
        progress($"staged and built the panel ({panel.RowCount} rows)");

        var estimation = new OutcomeEstimation(1, BootstrapDraws: 1000, ConfidenceLevel: 0.95);
        var total = Stopwatch.StartNew();
        foreach (var (name, kind) in Modeling.Analysis.Analysis.OutcomesOf(panel))
        {
            clock.Restart();
            try { estimation.Run(Analysis.Analysis.OutcomeData(panel, name), kind); }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException) { }
            measures.Add(new($"estimators: {name}", clock.Elapsed.TotalSeconds, null));
        }
        measures.Add(new("estimators: all outcomes", total.Elapsed.TotalSeconds, null));
        return measures;
    }

    /// <summary>Runs the Release build of the CLI (src/Modeling.Cli/bin/Release) and samples its VmHWM until it exits.</summary>
    private (double Seconds, double PeakMb) Child(string verb, string folder)
    {
        var cli = CliPath();
        var output = Path.Combine(workFolder, "out-" + verb);
        var arguments = verb switch
        {
            "validate" => $"\"{cli}\" validate --data \"{folder}\"",
            "panel" => $"\"{cli}\" panel --data \"{folder}\" --out \"{output}.csv\"",
            _ => $"\"{cli}\" analyze --data \"{folder}\" --out \"{output}\"",
        };
        var info = new ProcessStartInfo("dotnet", arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        double peak = 0;
        while (!process.WaitForExit(100)) peak = Math.Max(peak, HighWaterMb(process.Id));
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"modeling {verb} exited {process.ExitCode}");
        return (seconds, peak);
    }

    private static string CliPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Modeling.sln"))) dir = dir.Parent;
        var cli = dir is null ? "" : Path.Combine(dir.FullName, "src", "Modeling.Cli", "bin", "Release", "net10.0", "modeling.dll");
        return File.Exists(cli) ? cli
            : throw new InvalidOperationException("Build the CLI first: dotnet build src/Modeling.Cli -c Release");
    }

    private static double HighWaterMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException) { }
        return 0;
    }
}
