using System.Text.Json.Serialization;

namespace Modeling.Results;

/// <summary>
/// results.json (CONTRACT §4 and its agreed extensions) as data: what <c>analyze</c> writes and the report, the retrain
/// comparison and the notebooks read. Properties are declared in the order they are written. Every section a run may
/// leave out, and every field added after the first schema, is nullable or empty, so that older runs and hand-made
/// files still read (the report then says "not estimated"). A property with a default is settable, not init-only: the
/// source generator passes init-only properties as constructor arguments, so an absent field would lose its default.
/// </summary>
public sealed record ResultsDocument
{
    public int? SchemaVersion { get; init; }
    public ToolInfo? Tool { get; init; }
    public long? Seed { get; init; }
    public string? PeriodUnit { get; init; }
    public DataSummary? Data { get; init; }
    public AdoptionSummary? Adoption { get; init; }
    public string? HeadlineEstimator { get; init; }
    public IReadOnlyList<EffectRow> Effects { get; set; } = [];
    public IReadOnlyList<EventStudyRow> EventStudy { get; set; } = [];
    public IReadOnlyList<MandateRow> Mandates { get; set; } = [];
    public IReadOnlyList<DoseResponseRow>? DoseResponse { get; init; }
    public DoseRange? DoseRange { get; init; }
    public IReadOnlyList<HeterogeneityRow>? Heterogeneity { get; init; }
    public IReadOnlyList<RefutationRow>? Refutations { get; init; }
    public IReadOnlyList<GoodhartFlag>? GoodhartFlags { get; init; }

    [JsonPropertyName("counterfactual_model")]
    public IReadOnlyList<CounterfactualModel>? CounterfactualModels { get; init; }

    /// <summary>The Goodman-Bacon decomposition of each headline outcome's static TWFE estimate; null in runs before it.</summary>
    public IReadOnlyList<TwfeDiagnostic>? TwfeDiagnostics { get; init; }

    /// <summary>Effects by AI tool (the first tool each adopting team adopted); null in runs before it.</summary>
    public ToolComparison? ToolComparison { get; init; }

    /// <summary>What followed each policy of policies.csv; null without the file (and in runs before it).</summary>
    public IReadOnlyList<PolicyEffects>? Policies { get; init; }

    public Diagnostics? Diagnostics { get; init; }

    /// <summary>The as-of cut-off of a retrain run; absent from results.json otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunInfo? Run { get; init; }

    /// <summary>The headline estimate of one outcome: the row flagged headline, else the headline estimator's row.</summary>
    public EffectRow? Headline(string outcome) =>
        Effects.FirstOrDefault(e => e.Outcome == outcome && e.Headline == true)
        ?? Effects.FirstOrDefault(e => e.Outcome == outcome && e.Estimator == HeadlineEstimator);

    public EffectRow? Effect(string outcome, string estimator) =>
        Effects.FirstOrDefault(e => e.Outcome == outcome && e.Estimator == estimator);
}

public sealed record ToolInfo(string? Name, string? Version);

/// <summary>The "run" block of a retrain run: the as-of label (<c>YYYY-MM</c>, or <c>YYYY-MM-DD</c> when the cut-off is
/// not a month's end) and, per input file, the rows dated after it (read, never used in the fit), in reading order.</summary>
public sealed record RunInfo
{
    public string? AsOf { get; init; }
    public IReadOnlyDictionary<string, long>? RowsAfterAsOf { get; init; }

    /// <summary>Each mandate's estimate in every run retrain keeps, this one included, oldest first (written by retrain;
    /// absent otherwise): how the estimate and its interval moved month over month.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MandateHistoryPoint>? History { get; init; }
}

/// <summary>One mandate as one run judged it.</summary>
public sealed record MandateHistoryPoint
{
    public required string MandateId { get; init; }
    public required string AsOf { get; init; }
    public double? Estimate { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? TargetMultiplier { get; init; }
    public string? Verdict { get; init; }
}

/// <summary>The "data" block: what was read. Per-file maps are keyed by the file's relative name, in reading order.</summary>
public sealed record DataSummary
{
    public int? Teams { get; init; }
    public int? Engineers { get; init; }

    /// <summary>The first and the last period of the panel.</summary>
    public IReadOnlyList<string> Periods { get; set; } = [];

    public long? PanelRows { get; init; }

    /// <summary>The minimum group size (engineer-months per team-period) below which every output suppresses a cell.</summary>
    public double? MinGroupSize { get; init; }

    public IReadOnlyDictionary<string, long> RowsRead { get; set; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> RowsUsed { get; set; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> RowsRejected { get; set; } = new Dictionary<string, long>();

    /// <summary>Physical lines per file, the header included; null for a file whose lines are not counted (Copilot NDJSON).</summary>
    public IReadOnlyDictionary<string, long?>? LinesRead { get; init; }

    public IReadOnlyList<string> UnavailableOutcomes { get; set; } = [];

    /// <summary>Errors and warnings per file and rule; null when the results.json predates the field.</summary>
    public IReadOnlyList<ProblemCount>? Problems { get; init; }

    [JsonIgnore] public string? FirstPeriod => Periods.Count > 0 ? Periods[0] : null;
    [JsonIgnore] public string? LastPeriod => Periods.Count > 1 ? Periods[^1] : null;
}

/// <summary>Errors (rows rejected) or warnings (field dropped) one rule raised in one input file.</summary>
public sealed record ProblemCount(string File, string Severity, string Rule, long Count);

/// <summary>The "adoption" block.</summary>
public sealed record AdoptionSummary
{
    public double? Threshold { get; init; }
    public IReadOnlyList<Cohort> Cohorts { get; set; } = [];
    public int? NeverAdoptedTeams { get; init; }
}

/// <summary>Teams whose adoption period is <paramref name="Period"/>.</summary>
public sealed record Cohort(string Period, int Teams);

/// <summary>The "diagnostics" block; maps are keyed by outcome, in ordinal order.</summary>
public sealed record Diagnostics
{
    /// <summary>Which pre-trend test the p-values come from.</summary>
    public string? PretrendTest { get; init; }

    /// <summary>How the mandates' robust intervals (sensitivity_ci_low/high, breakdown_mbar) are made.</summary>
    public string? SensitivityMethod { get; init; }

    public IReadOnlyDictionary<string, double?> PretrendPValue { get; set; } = new Dictionary<string, double?>();

    /// <summary>
    /// Each pre-trend test's power (Roth 2022): the linear pre-trend, as a multiplier per period before adoption, that the
    /// test detects 80 % of the time at the 5 % level. A passed test rules out only trends at least this steep.
    /// </summary>
    public IReadOnlyDictionary<string, double?> PretrendDetectableTrend { get; set; } = new Dictionary<string, double?>();
    public IReadOnlyDictionary<string, PlaceboEstimate> Placebo { get; set; } = new Dictionary<string, PlaceboEstimate>();
    public IReadOnlyList<string> Warnings { get; set; } = [];
}

/// <summary>The placebo-date estimate of one outcome.</summary>
public sealed record PlaceboEstimate(double? Multiplier, double? CiLow, double? CiHigh, double? PValue);
