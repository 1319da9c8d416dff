namespace Modeling.Reporting.Model;

/// <summary>
/// The report's own read model of a results.json (CONTRACT §4 plus the agreed extensions).
/// Every section that a run may leave out is nullable or empty, so that the page can say
/// "not estimated in this run" instead of failing.
/// </summary>
public sealed record ResultsDocument
{
    public int? SchemaVersion { get; init; }
    public long? Seed { get; init; }
    public string? PeriodUnit { get; init; }
    public ToolInfo? Tool { get; init; }
    public DataSummary? Data { get; init; }
    public AdoptionSummary? Adoption { get; init; }
    public string? HeadlineEstimator { get; init; }
    public IReadOnlyList<EffectRow> Effects { get; init; } = [];
    public IReadOnlyList<EventStudyRow> EventStudy { get; init; } = [];
    public IReadOnlyList<MandateRow> Mandates { get; init; } = [];
    public Diagnostics? Diagnostics { get; init; }
    public IReadOnlyList<DoseResponseRow>? DoseResponse { get; init; }
    public DoseRange? DoseRange { get; init; }
    public IReadOnlyList<HeterogeneityRow>? Heterogeneity { get; init; }
    public IReadOnlyList<RefutationRow>? Refutations { get; init; }
    public IReadOnlyList<GoodhartFlag>? GoodhartFlags { get; init; }
    public IReadOnlyList<CounterfactualModel>? CounterfactualModels { get; init; }
    public RunInfo? Run { get; init; }

    /// <summary>The headline estimate of one outcome: the row flagged headline, else the headline estimator's row.</summary>
    public EffectRow? Headline(string outcome) =>
        Effects.FirstOrDefault(e => e.Outcome == outcome && e.Headline == true)
        ?? Effects.FirstOrDefault(e => e.Outcome == outcome && e.Estimator == HeadlineEstimator);

    public EffectRow? Effect(string outcome, string estimator) =>
        Effects.FirstOrDefault(e => e.Outcome == outcome && e.Estimator == estimator);
}

public sealed record ToolInfo(string? Name, string? Version);

public sealed record RunInfo(string? AsOf);

public sealed record DataSummary
{
    public int? Teams { get; init; }
    public int? Engineers { get; init; }
    public string? FirstPeriod { get; init; }
    public string? LastPeriod { get; init; }
    public long? PanelRows { get; init; }
    public IReadOnlyList<FileCount> RowsRead { get; init; } = [];
    public IReadOnlyList<FileCount> RowsUsed { get; init; } = [];
    public IReadOnlyList<FileCount> RowsRejected { get; init; } = [];
    public IReadOnlyList<string> UnavailableOutcomes { get; init; } = [];
    /// <summary>Null when the results.json predates the field (then nothing is said about reasons).</summary>
    public IReadOnlyList<ProblemCount>? Problems { get; init; }
}

/// <summary>Errors (rows rejected) or warnings (field dropped) one rule raised in one input file.</summary>
public sealed record ProblemCount(string File, string Severity, string Rule, long Count);

public sealed record FileCount(string File, long Count);

public sealed record AdoptionSummary(double? Threshold, IReadOnlyList<Cohort> Cohorts, int? NeverAdoptedTeams);

public sealed record Cohort(string Period, int Teams);

public sealed record EffectRow
{
    public required string Outcome { get; init; }
    public required string Estimator { get; init; }
    public double? Multiplier { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? CiLevel { get; init; }
    public double? PValue { get; init; }
    public int? NTeams { get; init; }
    public long? NObs { get; init; }
    public string? Scale { get; init; }
    public bool? Headline { get; init; }
}

public sealed record EventStudyRow(string Outcome, string? Estimator, int EventTime, double? Multiplier, double? CiLow, double? CiHigh);

public sealed record MandateRow
{
    public required string MandateId { get; init; }
    public string? Scope { get; init; }
    public required string Metric { get; init; }
    public string? ComparedOutcome { get; init; }
    public string? Estimator { get; init; }
    public double? TargetMultiplier { get; init; }
    public double? Estimate { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? ProbabilityTargetMet { get; init; }
    public string? Verdict { get; init; }
    public string? Reason { get; init; }
    public double? PretrendPValue { get; init; }
    /// <summary>Null both when the run did not estimate it and when it is unreachable; see <see cref="AdoptionNeededStatus"/>.</summary>
    public double? AdoptionNeeded { get; init; }
    public string? AdoptionNeededStatus { get; init; }
    /// <summary>Null when the run did not write quality_cost for this mandate.</summary>
    public IReadOnlyList<QualityCost>? QualityCost { get; init; }
    public IReadOnlyList<string>? GoodhartFlags { get; init; }

    /// <summary>False when the run could not check the mandate at all (see <see cref="Reason"/>); absent means true.</summary>
    public bool Checked { get; init; } = true;

    /// <summary>The outcome the estimate is about (the per-engineer form for counts).</summary>
    public string Outcome => ComparedOutcome ?? Metric;
}

public sealed record QualityCost(string Outcome, double? Multiplier, double? CiLow, double? CiHigh);

public sealed record Diagnostics(
    IReadOnlyList<(string Outcome, double PValue)> PretrendPValues,
    IReadOnlyList<PlaceboRow> Placebo,
    IReadOnlyList<string> Warnings);

public sealed record PlaceboRow(string Outcome, double? Multiplier, double? CiLow, double? CiHigh, double? PValue);

public sealed record DoseResponseRow(string Outcome, string? Treatment, double Adoption, double? Multiplier, double? CiLow, double? CiHigh, bool Extrapolation);

public sealed record DoseRange(string? Treatment, double? Min, double? Max);

public sealed record HeterogeneityRow
{
    public required string Outcome { get; init; }
    public required string Dimension { get; init; }
    public required string Group { get; init; }
    public double? Multiplier { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public int? NTeams { get; init; }
    public double? Engineers { get; init; }
    public bool Suppressed { get; init; }
}

public sealed record RefutationRow
{
    public required string Outcome { get; init; }
    public required string Test { get; init; }
    public string? Parameter { get; init; }
    public double? Multiplier { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? PValue { get; init; }
    public double? Value { get; init; }
    public bool? Passed { get; init; }
    public string? Detail { get; init; }
}

public sealed record GoodhartFlag(string Flag, string? Scope, int? TeamsFlagged, int? TeamsChecked, string? Evidence);

public sealed record CounterfactualModel
{
    public required string Outcome { get; init; }
    public string? ModelFile { get; init; }
    public double? CvR2 { get; init; }
    public double? CvMape { get; init; }
    public int? CvFolds { get; init; }
    public long? TrainingRows { get; init; }
    public int? SuppressedTeams { get; init; }
    public IReadOnlyList<TeamUplift> PerTeam { get; init; } = [];
}

public sealed record TeamUplift(string TeamId, double? Multiplier, double? CiLow, double? CiHigh, double? Engineers);
