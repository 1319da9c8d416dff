namespace Modeling.Analysis.Results;

/// <summary>Everything results.json holds (CONTRACT §4), built by <see cref="Analysis"/> and written by <see cref="ResultsJson"/>.</summary>
public sealed record AnalysisResult(
    DataSummary Data,
    AdoptionSummary Adoption,
    IReadOnlyList<EffectRow> Effects,
    IReadOnlyList<EventStudyRow> EventStudy,
    IReadOnlyList<MandateRow> Mandates,
    IReadOnlyDictionary<string, double> PreTrendPValues,
    IReadOnlyList<string> Warnings,
    int Seed,
    string Period)
{
    /// <summary>Goodhart flags per rule (issue 5).</summary>
    public IReadOnlyList<GoodhartFlagRow> GoodhartFlags { get; init; } = [];

    /// <summary>The headline estimator refitted per group of teams (issue 5).</summary>
    public IReadOnlyList<HeterogeneityRow> Heterogeneity { get; init; } = [];

    /// <summary>Refutations of the headline estimates (issue 5).</summary>
    public IReadOnlyList<RefutationRow> Refutations { get; init; } = [];

    /// <summary>Placebo-date estimate per outcome (diagnostics.placebo).</summary>
    public IReadOnlyDictionary<string, PlaceboEstimate> Placebo { get; init; } = new Dictionary<string, PlaceboEstimate>();

    /// <summary>DML dose-response rows (empty when the ML models were not run).</summary>
    public IReadOnlyList<DoseResponseRow> DoseResponse { get; init; } = [];

    /// <summary>Observed range of ai_active_share, or null when the ML models were not run.</summary>
    public DoseRange? DoseRange { get; init; }

    /// <summary>Counterfactual models saved under models/ (empty when the ML models were not run).</summary>
    public IReadOnlyList<CounterfactualModelRow> CounterfactualModels { get; init; } = [];

    /// <summary>The as-of cut-off and the rows after it (issue 7; set only when <see cref="AnalysisOptions.AsOf"/> is).</summary>
    public AsOfSummary? Run { get; init; }
}

/// <summary>The "data" block: counts of what was read.</summary>
public sealed record DataSummary(
    int Teams, int Engineers, string FirstPeriod, string LastPeriod, int PanelRows,
    IReadOnlyList<FileCount> Files, IReadOnlyList<string> UnavailableOutcomes)
{
    /// <summary>Errors (rows rejected) and warnings (fields dropped) per file and rule.</summary>
    public IReadOnlyList<Modeling.Ingest.Diagnostics.ProblemCount> Problems { get; init; } = [];

    /// <summary>The minimum group size (engineer-months per team-period) below which every output suppresses a cell.</summary>
    public double MinGroupSize { get; init; } = Modeling.Panel.SmallGroups.DefaultMinGroupSize;
}

/// <summary>Rows read/used/rejected of one input file (relative name).</summary>
public sealed record FileCount(string File, long RowsRead, long RowsUsed, long RowsRejected)
{
    /// <summary>Physical lines of the file, the header included; null when not counted (Copilot NDJSON).</summary>
    public long? LinesRead { get; init; }
}

/// <summary>The "adoption" block.</summary>
public sealed record AdoptionSummary(double Threshold, IReadOnlyList<CohortCount> Cohorts, int NeverAdoptedTeams);

/// <summary>Teams whose adoption period is <paramref name="Period"/>.</summary>
public sealed record CohortCount(string Period, int Teams);

/// <summary>One estimator's multiplier for one outcome.</summary>
public sealed record EffectRow(
    string Outcome, string Estimator, double Multiplier, double CiLow, double CiHigh, double CiLevel, double PValue,
    int NTeams, int NObs, string Scale, bool Headline);

/// <summary>One event time of the staggered DiD event study (multiplier per event time).</summary>
public sealed record EventStudyRow(string Outcome, int EventTime, double Multiplier, double CiLow, double CiHigh);

/// <summary>A mandate judged against the headline estimate.</summary>
public sealed record MandateRow(
    string MandateId, string Scope, string Metric, string ComparedOutcome, string Estimator, double TargetMultiplier,
    double? Estimate, double? CiLow, double? CiHigh, double? ProbabilityTargetMet, string Verdict, string Reason,
    double? PreTrendPValue)
{
    /// <summary>Share of engineers active with AI that the DML dose-response says the target needs; null if unreachable or not estimated.</summary>
    public double? AdoptionNeeded { get; init; }

    /// <summary>within_observed_range, extrapolation or unreachable; null when DML did not run.</summary>
    public string? AdoptionNeededStatus { get; init; }

    /// <summary>Headline estimates of the quality outcomes for the mandate's scope.</summary>
    public IReadOnlyList<QualityCostRow> QualityCost { get; init; } = [];

    /// <summary>Goodhart flags relevant to the mandate's metric that fire in its scope.</summary>
    public IReadOnlyList<string> GoodhartFlags { get; init; } = [];

    /// <summary>False when the mandate could not be checked at all (its row was rejected, or no estimate exists for its
    /// metric and scope): the verdict is then inconclusive and <see cref="Reason"/> says why.</summary>
    public bool Checked { get; init; } = true;
}
