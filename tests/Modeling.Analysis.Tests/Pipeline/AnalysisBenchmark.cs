using System.Diagnostics;
using Modeling.Tests;
using Xunit.Abstractions;

namespace Modeling.Analysis.Tests.Pipeline;

/// <summary>
/// Wall time of analyze with and without the ML models on the folder in MODELING_ANALYZE_BENCH_DATA (default: a
/// simulated 300-team, 36-month organisation). Excluded from CI: run with --filter "Category=Benchmark".
/// </summary>
public class AnalysisBenchmark(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Benchmark")]
    public void Analyze_timings_with_and_without_machine_learning()
    {
        var data = Environment.GetEnvironmentVariable("MODELING_ANALYZE_BENCH_DATA") ?? Support.TestPanels.Simulated(300, 36, 1);
        var key = Path.Combine(TestPaths.NewTempFolder("bench-key"), "pseudonym.key");
        foreach (var ml in new[] { false, true })
        {
            var lines = new List<(TimeSpan, string)>();
            var clock = Stopwatch.StartNew();
            new Analysis(new AnalysisOptions(data, TestPaths.NewTempFolder("bench-out"), KeyFile: key)
            {
                IncludeMachineLearning = ml,
                Progress = line => { lock (lines) lines.Add((clock.Elapsed, line)); },
            }).Run();
            output.WriteLine($"include_machine_learning={ml}: {clock.Elapsed.TotalSeconds:0.0} s");
            for (int i = 0; i < lines.Count; i++)
            {
                var next = i + 1 < lines.Count ? lines[i + 1].Item1 : clock.Elapsed;
                output.WriteLine($"  {(next - lines[i].Item1).TotalSeconds,6:0.00} s  {lines[i].Item2}");
            }
        }
    }
}
