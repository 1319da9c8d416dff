namespace Modeling.Simulation;

/// <summary>File names and column orders written by the simulator (CONTRACT §1).</summary>
public static class Schema
{
    public const string Teams = "teams.csv";
    public const string Roster = "roster.csv";
    public const string AiUsage = "ai_usage.csv";
    public const string Deployments = "deployments.csv";
    public const string Incidents = "incidents.csv";
    public const string PullRequests = "pull_requests.csv";
    public const string Mandates = "mandates.csv";
    public const string Policies = "policies.csv";
    public const string Truth = "truth.json";

    public static readonly IReadOnlyList<string> TeamsColumns = ["team_id", "org", "name", "service_tier", "primary_language"];
    public static readonly IReadOnlyList<string> RosterColumns = ["engineer_id", "team_id", "valid_from", "valid_to", "level"];
    public static readonly IReadOnlyList<string> AiUsageColumns =
        ["date", "engineer_id", "tool", "model", "feature", "interactions", "suggestions", "acceptances", "lines_suggested", "lines_accepted", "agent_sessions"];
    public static readonly IReadOnlyList<string> DeploymentsColumns =
        ["deployment_id", "team_id", "finished_at", "status", "service", "environment", "first_commit_at", "commits", "is_rollback", "is_hotfix", "is_unplanned"];
    public static readonly IReadOnlyList<string> IncidentsColumns =
        ["incident_id", "team_id", "created_at", "resolved_at", "severity", "kind", "caused_by_deployment_id", "escaped"];
    public static readonly IReadOnlyList<string> PullRequestsColumns =
        ["pr_id", "author_id", "created_at", "team_id", "repository", "first_commit_at", "first_review_at", "merged_at", "additions", "deletions", "review_comments", "review_rounds", "ai_assisted", "reverted"];
    public static readonly IReadOnlyList<string> MandatesColumns =
        ["mandate_id", "scope", "metric", "target_multiplier", "baseline_from", "baseline_to", "deadline", "source"];
    public static readonly IReadOnlyList<string> PoliciesColumns = ["policy_id", "date", "scope", "kind", "description"];

    /// <summary>Every data file with its columns, in the order they are written.</summary>
    public static readonly IReadOnlyList<(string File, IReadOnlyList<string> Columns)> Files =
    [
        (Teams, TeamsColumns), (Roster, RosterColumns), (AiUsage, AiUsageColumns), (Deployments, DeploymentsColumns),
        (Incidents, IncidentsColumns), (PullRequests, PullRequestsColumns), (Mandates, MandatesColumns),
    ];
}
