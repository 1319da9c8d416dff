using System.Text.Json;
using Modeling.Tests;

namespace Modeling.Analysis.Tests.Support;

/// <summary>A finished analyze run: its output folder and its parsed results.json.</summary>
internal sealed record SampleRun(string Folder, JsonElement Root);

/// <summary>
/// analyze runs on the bundled samples, made once per test process: several test classes read the same run of
/// data-samples/clean (seed 7), and an analyze with machine learning is the slowest step of this assembly.
/// </summary>
internal static class SampleRuns
{
    public static readonly string Clean = Path.Combine(TestPaths.DataSamples, "clean");
    private static readonly string KeyFile = Path.Combine(TestPaths.NewTempFolder("analysis-key"), "pseudonym.key");
    private static readonly Lazy<SampleRun> CleanRun = new(() => Run(Clean));

    /// <summary>data-samples/clean at seed 7, shared: read it, never write into its folder.</summary>
    public static SampleRun CleanSeed7 => CleanRun.Value;

    /// <summary>A fresh analyze of <paramref name="data"/> at seed 7 into a new folder.</summary>
    public static SampleRun Run(string data)
    {
        var output = TestPaths.NewTempFolder("analysis-out");
        new Analysis(new AnalysisOptions(data, output, Seed: 7, KeyFile: KeyFile)).Run();
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, Analysis.ResultsFileName)));
        return new SampleRun(output, doc.RootElement.Clone());
    }
}
