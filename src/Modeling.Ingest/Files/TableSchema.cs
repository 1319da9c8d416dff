namespace Modeling.Ingest.Files;

/// <summary>A declared column: its name, whether it is required (bold in CONTRACT §1) and whether it holds engineer ids.</summary>
internal sealed record ColumnSpec(string Name, bool Required, bool Engineer = false);

/// <summary>The declared schema of one input table (CONTRACT §1). Columns are never guessed.</summary>
internal sealed class TableSchema(string table, params ColumnSpec[] columns)
{
    public string Table { get; } = table;
    public IReadOnlyList<ColumnSpec> Columns { get; } = columns;
    public int IndexOf(string name) => Array.FindIndex(columns, c => c.Name == name);
}

/// <summary>The seven CONTRACT §1 tables.</summary>
internal static class Schemas
{
    public static readonly TableSchema Teams = new("teams",
        new("team_id", true), new("org", true), new("name", false), new("service_tier", false), new("primary_language", false));

    public static readonly TableSchema Roster = new("roster",
        new("engineer_id", true, Engineer: true), new("team_id", true), new("valid_from", true), new("valid_to", false), new("level", false));

    /// <summary>Optional: the identifiers vendor exports use (emails, logins, identity-centre ids) for roster engineers.
    /// Aliases are personal data, pseudonymised like engineer ids.</summary>
    public static readonly TableSchema Identities = new("identities",
        new("engineer_id", true, Engineer: true), new("kind", true), new("alias", true, Engineer: true));

    public static readonly TableSchema AiUsage = new("ai_usage",
        new("date", true), new("engineer_id", true, Engineer: true), new("tool", true), new("model", false), new("feature", false),
        new("interactions", true), new("suggestions", false), new("acceptances", false), new("lines_suggested", false),
        new("lines_accepted", false), new("agent_sessions", false));

    public static readonly TableSchema Deployments = new("deployments",
        new("deployment_id", true), new("team_id", true), new("finished_at", true), new("status", true), new("service", false),
        new("environment", false), new("first_commit_at", false), new("commits", false), new("is_rollback", false),
        new("is_hotfix", false), new("is_unplanned", false));

    public static readonly TableSchema Incidents = new("incidents",
        new("incident_id", true), new("team_id", true), new("created_at", true), new("resolved_at", false), new("severity", false),
        new("kind", false), new("caused_by_deployment_id", false), new("escaped", false));

    public static readonly TableSchema PullRequests = new("pull_requests",
        new("pr_id", true), new("author_id", true, Engineer: true), new("created_at", true), new("team_id", false), new("repository", false),
        new("first_commit_at", false), new("first_review_at", false), new("merged_at", false), new("additions", false),
        new("deletions", false), new("review_comments", false), new("review_rounds", false), new("ai_assisted", false), new("reverted", false));

    public static readonly TableSchema Mandates = new("mandates",
        new("mandate_id", true), new("scope", true), new("metric", true), new("target_multiplier", true), new("baseline_from", false),
        new("baseline_to", false), new("deadline", false), new("source", false));

    /// <summary>Optional: dated policies (restricting or requiring a tool, usage counted in performance reviews, other).</summary>
    public static readonly TableSchema Policies = new("policies",
        new("policy_id", true), new("date", true), new("scope", true), new("kind", true), new("description", false));

    /// <summary>In reading order: later tables check against earlier ones (teams before everything, roster and identities
    /// before the files that name engineers).</summary>
    public static readonly TableSchema[] InReadingOrder = [Teams, Roster, Identities, AiUsage, Deployments, Incidents, PullRequests, Mandates, Policies];
}
