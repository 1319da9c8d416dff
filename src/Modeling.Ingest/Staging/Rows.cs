namespace Modeling.Ingest.Staging;

// Typed, validated rows as handed to a staging sink; they mirror the staging tables of /tmp/STAGING.md one to one.
// Timestamps are UTC. Null = unknown. Engineers appear only as dense keys (see EngineerRow).

public readonly record struct EngineerRow(int EngineerKey, string EngineerId);

public readonly record struct TeamRow(string TeamId, string Org, string? Name, string? ServiceTier, string? PrimaryLanguage);

public readonly record struct RosterRow(int EngineerKey, string TeamId, DateOnly ValidFrom, DateOnly? ValidTo, string? Level);

public readonly record struct AiUsageRow(
    DateOnly Date, int EngineerKey, string Tool, string? Model, string? Feature, int Interactions, int? Suggestions,
    int? Acceptances, int? LinesSuggested, int? LinesAccepted, int? AgentSessions);

// Events carry only the columns the panel reads (see StagingSchema): the other CONTRACT §1 columns are validated
// (their problems are reported) but not staged, which keeps millions of rows small. A deployment is staged under a
// dense key (its position among the used deployments) instead of its id, so incidents name their cause by that key.

public readonly record struct DeploymentRow(
    int DeploymentKey, string TeamId, DateTime FinishedAt, string Status, string? Environment, DateTime? FirstCommitAt,
    bool? IsRollback, bool? IsHotfix, bool? IsUnplanned);

public readonly record struct IncidentRow(
    string TeamId, DateTime CreatedAt, DateTime? ResolvedAt, string? Kind, int? CausedByDeploymentKey, bool? Escaped);

public readonly record struct PullRequestRow(
    int AuthorKey, DateTime CreatedAt, string? TeamId, DateTime? FirstReviewAt, DateTime? MergedAt, int? Additions,
    int? Deletions, bool? Reverted);

public readonly record struct MandateRow(
    string MandateId, string Scope, string Metric, double TargetMultiplier, DateOnly? BaselineFrom, DateOnly? BaselineTo,
    DateOnly? Deadline, string? Source);

/// <summary>Receives the used rows of an ingest, in reading order. Rejected rows never reach it.</summary>
public interface IStagingSink
{
    void Add(in TeamRow row);
    void Add(in RosterRow row);
    void Add(in AiUsageRow row);
    void Add(in DeploymentRow row);
    void Add(in IncidentRow row);
    void Add(in PullRequestRow row);
    void Add(in MandateRow row);

    /// <summary>Called once every AI-usage row has been added (before the events are read), so that a sink can stage
    /// usage while the rest is read.</summary>
    void UsageComplete()
    {
    }

    /// <summary>Called once at the end with every engineer seen (key = index).</summary>
    void AddEngineers(IReadOnlyList<string> pseudonyms);
}
