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
    string Period);

/// <summary>The "data" block: counts of what was read.</summary>
public sealed record DataSummary(
    int Teams, int Engineers, string FirstPeriod, string LastPeriod, int PanelRows,
    IReadOnlyList<FileCount> Files, IReadOnlyList<string> UnavailableOutcomes);

/// <summary>Rows read/used/rejected of one input file (relative name).</summary>
public sealed record FileCount(string File, long RowsRead, long RowsUsed, long RowsRejected);

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
    double? PreTrendPValue);
