using Modeling.Panel;

namespace Modeling.Analysis;

/// <summary>What one <c>analyze</c> run reads, writes and how (CONTRACT §2). Immutable.</summary>
/// <param name="DataFolder">The data folder (CONTRACT §1).</param>
/// <param name="OutputFolder">Where rejects/, diagnostics.csv, panel.csv and results.json go.</param>
/// <param name="Period">Calendar months (default) or ISO weeks.</param>
/// <param name="AdoptionThreshold">ai_active_share at which a team counts as adopted, in (0, 1].</param>
/// <param name="Seed">Seed of every random draw (the staggered DiD bootstrap).</param>
/// <param name="KeyFile">Pseudonym key file, or null for the environment/default key (as validate).</param>
public sealed record AnalysisOptions(
    string DataFolder,
    string OutputFolder,
    PeriodUnit Period = PeriodUnit.Month,
    double AdoptionThreshold = AdoptionRule.DefaultThreshold,
    int Seed = AnalysisOptions.DefaultSeed,
    string? KeyFile = null)
{
    /// <summary>The seed of every random draw when none is given (analyze and retrain alike).</summary>
    public const int DefaultSeed = 20211;

    /// <summary>Draws of the staggered DiD multiplier bootstrap.</summary>
    public int BootstrapDraws { get; init; } = 1000;

    /// <summary>Confidence level of every interval.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>
    /// The M̄ at which mandate verdicts are judged: post-adoption trends may drift by up to M̄ times the largest
    /// pre-adoption change (Rambachan–Roth relative magnitudes; 1 = as much as the worst change seen before adoption).
    /// </summary>
    public double SensitivityMbar { get; init; } = TrendSensitivity.DefaultMbar;

    /// <summary>
    /// Adopted periods left out of a mandate's by-deadline estimate as ramp-up (event times 0..n−1): a mandate asks what
    /// adoption delivers once it has settled in, which the overall effect, averaging the first months too, understates.
    /// </summary>
    public int RampUpPeriods { get; init; } = 3;

    /// <summary>
    /// The minimum group size (<c>--min-group-size</c>, engineer-months per team-period): smaller cells are suppressed in
    /// panel.csv, results.json and the report (<see cref="SmallGroups"/>); estimation still uses every team.
    /// </summary>
    public int MinGroupSize { get; init; } = SmallGroups.DefaultMinGroupSize;

    /// <summary>Progress lines (stderr in the CLI); null for silence.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Fit the ML models (DML, dose-response, E-value, counterfactual model); false times the causal part alone.</summary>
    public bool IncludeMachineLearning { get; init; } = true;

    /// <summary>
    /// Cut-off day (retrain's as-of: the last day of the as-of month), or null for all data. Only complete periods ending
    /// by it are built and only what was known by its end counts (<see cref="PanelOptions.AsOf"/>); rows dated after it
    /// are counted per file in results.json "run" (<see cref="AsOfCutoff"/>).
    /// </summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>
    /// Folder under which the temporary DuckDB staging database goes (deleted when the job ends); null = the system temp
    /// folder. retrain puts it inside the run's temporary folder, so a killed run leaves nothing outside the runs folder.
    /// </summary>
    public string? ScratchParent { get; init; }
}
