using Modeling.Ingest.Pseudonyms;
using Modeling.Tests;

namespace Modeling.Panel.Tests;

/// <summary>
/// Pipeline runs on data-samples/clean made once per test process and shared (read-only) by the tests that only read
/// them: building the sample's panel is the slowest step of this assembly.
/// </summary>
internal static class SampleBuilds
{
    public static readonly PseudonymKey Key = PseudonymKey.FromHex(new string('a', 64));
    public static readonly string Clean = Path.Combine(TestPaths.DataSamples, "clean");
    public static readonly DateOnly JuneCutOff = new(2025, 6, 30);

    private static readonly Lazy<PipelineResult> Defaults = new(() => PanelPipeline.Run(new PipelineOptions(Clean, PanelOptions.Default, Key)));
    private static readonly Lazy<PipelineResult> June = new(() => PanelPipeline.Run(new PipelineOptions(Clean, new PanelOptions(AsOf: JuneCutOff), Key)));

    /// <summary>The clean sample at the default options (file staging).</summary>
    public static PipelineResult AtDefaults => Defaults.Value;

    /// <summary>The clean sample cut off at <see cref="JuneCutOff"/> (file staging).</summary>
    public static PipelineResult CutOffInJune => June.Value;
}
