namespace Modeling.Ingest.Staging;

/// <summary>
/// The staging tables Panel reads: names, columns and types exactly. AI usage arrives either as raw rows in
/// <c>ai_usage</c> or, summed while reading, in <c>ai_usage_segments</c> (see <see cref="UsageGrain"/>); the panel
/// reads both, so exactly one of them is filled. <c>staging_info.usage_grain</c> says which grain the segments have.
/// </summary>
public static class StagingSchema
{
    public const string Ddl = """
        CREATE TABLE engineers(engineer_key INTEGER, engineer_id VARCHAR);
        CREATE TABLE teams(team_id VARCHAR, org VARCHAR, name VARCHAR, service_tier VARCHAR, primary_language VARCHAR);
        CREATE TABLE roster(engineer_key INTEGER, team_id VARCHAR, valid_from DATE, valid_to DATE, level VARCHAR);
        CREATE TABLE ai_usage(date DATE, engineer_key INTEGER, tool VARCHAR, model VARCHAR, feature VARCHAR,
            interactions INTEGER, suggestions INTEGER, acceptances INTEGER, lines_suggested INTEGER,
            lines_accepted INTEGER, agent_sessions INTEGER);
        CREATE TABLE ai_usage_segments(engineer_key INTEGER, first_day DATE, last_day DATE, tool VARCHAR, model VARCHAR,
            usage_rows BIGINT, interactions BIGINT, paired_suggestions BIGINT, paired_acceptances BIGINT,
            agent_interactions BIGINT);
        CREATE TABLE staging_info(usage_grain VARCHAR);
        CREATE TABLE deployments(deployment_id VARCHAR, team_id VARCHAR, finished_at TIMESTAMP, status VARCHAR,
            service VARCHAR, environment VARCHAR, first_commit_at TIMESTAMP, commits INTEGER,
            is_rollback BOOLEAN, is_hotfix BOOLEAN, is_unplanned BOOLEAN);
        CREATE TABLE incidents(incident_id VARCHAR, team_id VARCHAR, created_at TIMESTAMP, resolved_at TIMESTAMP, severity INTEGER,
            kind VARCHAR, caused_by_deployment_id VARCHAR, escaped BOOLEAN);
        CREATE TABLE pull_requests(pr_id VARCHAR, author_key INTEGER, created_at TIMESTAMP, team_id VARCHAR,
            repository VARCHAR, first_commit_at TIMESTAMP, first_review_at TIMESTAMP, merged_at TIMESTAMP,
            additions INTEGER, deletions INTEGER, review_comments INTEGER, review_rounds INTEGER,
            ai_assisted BOOLEAN, reverted BOOLEAN);
        CREATE TABLE mandates(mandate_id VARCHAR, scope VARCHAR, metric VARCHAR, target_multiplier DOUBLE, baseline_from DATE,
            baseline_to DATE, deadline DATE, source VARCHAR);
        """;

    /// <summary>The table names, in creation order.</summary>
    public static readonly IReadOnlyList<string> Tables =
        ["engineers", "teams", "roster", "ai_usage", "ai_usage_segments", "staging_info", "deployments", "incidents", "pull_requests",
         "mandates"];
}
