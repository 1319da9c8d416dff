using Modeling.Panel;

namespace Modeling.Runs;

/// <summary>One monthly retrain (CONTRACT §2 <c>modeling retrain</c>). Immutable.</summary>
/// <param name="DataFolder">The latest exports (CONTRACT §1).</param>
/// <param name="RunsFolder">Where runs/&lt;YYYY-MM&gt;/ and latest live.</param>
/// <param name="AsOf">The month whose end is the cut-off; null = the latest month that is over (by <see cref="Clock"/>).</param>
/// <param name="Force">Rebuild even when the run exists with the same inputs.</param>
/// <param name="Keep">Keep only the newest N complete runs; null keeps all.</param>
public sealed record RetrainOptions(
    string DataFolder,
    string RunsFolder,
    AsOfMonth? AsOf = null,
    bool Force = false,
    int? Keep = null)
{
    public PeriodUnit Period { get; init; } = PeriodUnit.Month;
    public double AdoptionThreshold { get; init; } = AdoptionRule.DefaultThreshold;
    /// <summary>The minimum group size: smaller team-periods are suppressed in the run's panel.csv, results.json and report.</summary>
    public int MinGroupSize { get; init; } = SmallGroups.DefaultMinGroupSize;
    public int Seed { get; init; } = Analysis.AnalysisOptions.DefaultSeed;
    public string? KeyFile { get; init; }

    /// <summary>The clock for the default as-of month and the manifest's timestamps.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Progress lines (stderr in the CLI); null for silence.</summary>
    public Action<string>? Progress { get; init; }
}

/// <summary>What a retrain did.</summary>
public enum RetrainStatus
{
    /// <summary>A new run was written and published.</summary>
    Published,

    /// <summary>The run exists with the same inputs, parameters and tool version; nothing was done.</summary>
    UpToDate,
}

/// <summary>The outcome of <see cref="RetrainJob.Run"/>: the run folder and the stale holder taken over, if any.</summary>
public sealed record RetrainOutcome(RetrainStatus Status, AsOfMonth AsOf, string RunFolder, IReadOnlyList<AsOfMonth> Removed,
    Modeling.Results.ResultsDocument? Result);

/// <summary>Bad retrain arguments (exit code 2).</summary>
public sealed class RetrainInputException(string message) : Exception(message);
