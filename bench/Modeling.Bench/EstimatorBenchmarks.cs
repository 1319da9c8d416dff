using System.Globalization;
using BenchmarkDotNet.Attributes;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Bench;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of the estimators on <c>../shared/bench/panel_2100x36.csv</c> (2,100 units × 36
/// periods, the case R did and DoubleML were timed on; MODELING_BENCHDATA overrides the folder). In-process, after
/// warm-up, so they isolate the statistics from start-up and CSV reading.
/// </summary>
[MemoryDiagnoser]
public class EstimatorBenchmarks
{
    private PanelData _panel = null!;
    private DmlInput _dml = null!;

    [GlobalSetup]
    public void Load()
    {
        var folder = Environment.GetEnvironmentVariable("MODELING_BENCHDATA") ?? FindSharedBench();
        var lines = File.ReadAllLines(Path.Combine(folder, "panel_2100x36.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        double D(string[] r, string c) => double.Parse(r[Col(c)], CultureInfo.InvariantCulture);
        var unitLabels = rows.Select(r => r[Col("unit")]).Distinct().ToArray();
        var unitIndex = unitLabels.Select((u, i) => (u, i)).ToDictionary(x => x.u, x => x.i);
        var unit = rows.Select(r => unitIndex[r[Col("unit")]]).ToArray();
        var period = rows.Select(r => (int)D(r, "period")).ToArray();
        var cohort = rows.Select(r => (int)D(r, "first_treat")).ToArray();
        var y = rows.Select(r => D(r, "y")).ToArray();
        var x1 = rows.Select(r => D(r, "x1")).ToArray();
        _panel = new PanelData(unit, period, y, unitLabels, cohort,
            covariates: new Dictionary<string, IReadOnlyList<double>> { ["x1"] = x1 }, outcomeName: "y");
        var treated = rows.Select((r, i) => cohort[i] > 0 && period[i] >= cohort[i] ? 1.0 : 0.0).ToArray();
        _dml = new DmlInput(y, treated, [.. rows.Select((r, i) => new[] { x1[i], period[i] })], ["x1", "period"], unit, "y", "d");
    }

    [Benchmark(Description = "CS never-treated, 1,000 draws, all aggregations (R did: 6.0 s)")]
    public object CallawaySantAnna() => new StaggeredDid { Bootstrap = new Bootstrap(1000, 1) }.Fit(_panel);

    [Benchmark(Description = "CS doubly robust with x1, 1,000 draws (R did: 7.3 s)")]
    public object CallawaySantAnnaDoublyRobust() => new StaggeredDid { Covariates = ["x1"], Bootstrap = new Bootstrap(1000, 1) }.Fit(_panel);

    [Benchmark(Description = "Imputation (BJS), linear form")]
    public object Imputation() => new ImputationDid { Form = ImputationForm.Linear }.Fit(_panel);

    [Benchmark(Description = "TWFE OLS, team-clustered")]
    public object TwoWayFixedEffects() => new Twfe { Model = TwfeModel.Ols }.Fit(_panel);

    [Benchmark(Description = "DML partially linear, FastTree, 5 folds, 1 repetition (DoubleML: 4.3 s)")]
    public object DoubleMachineLearningFastTree() => new DoubleMachineLearning { Folds = 5, Repetitions = 1, Seed = 1 }.Fit(_dml);

    private static string FindSharedBench()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Modeling.sln"))) dir = dir.Parent;
        return dir is null ? "../shared/bench" : Path.Combine(dir.FullName, "..", "shared", "bench");
    }
}
