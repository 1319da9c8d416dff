using System.Diagnostics;
using Modeling.Estimation.Staggered;
using Xunit.Abstractions;

namespace Modeling.Estimation.Tests.Staggered;

/// <summary>
/// The 2,100 × 36 benchmark panel (../shared/bench/README.md): R did 2.5.1 recovers, doubly robust with ~x1,
/// dynamic overall 1.186 (SE 0.044) and simple 0.964 (SE 0.035); without covariates dynamic overall 1.809.
/// Printed to 3 decimals: points checked to 1e-3 (the rounding plus a little), SEs within 10%.
/// </summary>
public sealed class BenchPanelTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Doubly_robust_with_x1_matches_r_did()
    {
        var r = new StaggeredDid { Covariates = ["x1"] }.Fit(PanelCsv.Bench());
        output.WriteLine($"cells {r.GroupTime.Count} dynamic {r.Dynamic.Overall.Estimate} ({r.Dynamic.Overall.Effect.StandardError}, boot {r.Dynamic.Overall.BootstrapStandardError}) simple {r.Simple.Overall.Estimate} ({r.Simple.Overall.Effect.StandardError}, boot {r.Simple.Overall.BootstrapStandardError})");
        Assert.Equal(875, r.GroupTime.Count);
        Assert.Equal(1.186, r.Dynamic.Overall.Estimate, 1e-3);
        Assert.Equal(0.964, r.Simple.Overall.Estimate, 1e-3);
        Assert.InRange(r.Dynamic.Overall.Effect.StandardError, 0.044 * 0.9, 0.044 * 1.1);
        Assert.InRange(r.Simple.Overall.Effect.StandardError, 0.035 * 0.9, 0.035 * 1.1);
        Assert.InRange(r.Dynamic.Overall.BootstrapStandardError!.Value, 0.044 * 0.9, 0.044 * 1.1);
        Assert.InRange(r.Simple.Overall.BootstrapStandardError!.Value, 0.035 * 0.9, 0.035 * 1.1);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Without_covariates_matches_r_did()
    {
        var r = new StaggeredDid().Fit(PanelCsv.Bench());
        output.WriteLine($"dynamic {r.Dynamic.Overall.Estimate} simple {r.Simple.Overall.Estimate}");
        Assert.Equal(1.809, r.Dynamic.Overall.Estimate, 1e-3);
    }
}

[CollectionDefinition("StaggeredDidBenchmark", DisableParallelization = true)]
public sealed class StaggeredDidBenchmarkCollection;

/// <summary>Timing on the benchmark panel, run alone (no other test of the assembly in parallel). Wall time, best of 5.</summary>
[Collection("StaggeredDidBenchmark")]
public sealed class BenchPanelTimingTests(ITestOutputHelper output)
{
    /// <summary>Performance budget: ATT(g,t) + 1,000 bootstrap draws + dynamic aggregation under 0.6 s (R: ~6 s).</summary>
    [Fact]
    [Trait("Category", "Benchmark")]
    public void Bench_timings()
    {
        var panel = PanelCsv.Bench();
        new StaggeredDid().Fit(panel); // warm-up (JIT)
        foreach (var (name, est) in new[] { ("no covariates", new StaggeredDid()), ("DR ~x1", new StaggeredDid { Covariates = ["x1"] }) })
        {
            var times = new List<double>();
            for (int rep = 0; rep < 5; rep++)
            {
                var sw = Stopwatch.StartNew();
                var r = est.Fit(panel);
                sw.Stop();
                times.Add(sw.Elapsed.TotalSeconds);
                Assert.Equal(875, r.GroupTime.Count);
            }
            output.WriteLine($"{name}: best {times.Min():F3} s, runs [{string.Join(", ", times.Select(t => t.ToString("F3")))}]");
            Assert.True(times.Min() < 0.6, $"{name}: {times.Min():F3} s");
        }
    }
}
