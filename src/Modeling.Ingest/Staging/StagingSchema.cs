namespace Modeling.Ingest.Staging;

/// <summary>
/// The staging tables Panel reads: names, columns and types exactly. AI usage arrives either as raw rows in
/// <c>ai_usage</c> or, summed while reading, in <c>ai_usage_segments</c> (see <see cref="UsageGrain"/>); the panel
/// reads both, so exactly one of them is filled. <c>staging_info.usage_grain</c> says which grain the segments have.
/// Event tables hold only the columns the panel reads (pull requests: 8 of 14, deployments: 9 of 11, incidents: 6 of
/// 8), and a deployment is named by a dense <c>deployment_key</c> (its position among the used deployments), which
/// incidents' <c>caused_by_deployment_key</c> refers to: at 5 M pull requests this halves staging time and memory.
/// Likewise teams are named by a dense <c>team_key</c> (1, 2, … in the order of teams.csv) everywhere but in
/// <c>teams</c> itself, which maps it to <c>team_id</c>: the panel groups and joins millions of events on integers.
/// Ids and free text stay in the input files; the other columns are still validated on read.
/// </summary>
public static class StagingSchema
{
    public const string Ddl = """
        CREATE TABLE engineers(engineer_key INTEGER, engineer_id VARCHAR);
        CREATE TABLE teams(team_key INTEGER, team_id VARCHAR, org VARCHAR, name VARCHAR, service_tier VARCHAR, primary_language VARCHAR);
        CREATE TABLE roster(engineer_key INTEGER, team_key INTEGER, valid_from DATE, valid_to DATE, level VARCHAR);
        CREATE TABLE ai_usage(date DATE, engineer_key INTEGER, tool VARCHAR, model VARCHAR, feature VARCHAR,
            interactions INTEGER, suggestions INTEGER, acceptances INTEGER, lines_suggested INTEGER,
            lines_accepted INTEGER, agent_sessions INTEGER);
        CREATE TABLE ai_usage_segments(engineer_key INTEGER, first_day DATE, last_day DATE, tool VARCHAR, model VARCHAR,
            usage_rows BIGINT, interactions BIGINT, paired_suggestions BIGINT, paired_acceptances BIGINT,
            agent_interactions BIGINT);
        CREATE TABLE staging_info(usage_grain VARCHAR);
        CREATE TABLE deployments(deployment_key INTEGER, team_key INTEGER, finished_at TIMESTAMP, status VARCHAR,
            environment VARCHAR, first_commit_at TIMESTAMP, is_rollback BOOLEAN, is_hotfix BOOLEAN, is_unplanned BOOLEAN);
        CREATE TABLE incidents(team_key INTEGER, created_at TIMESTAMP, resolved_at TIMESTAMP, kind VARCHAR,
            caused_by_deployment_key INTEGER, escaped BOOLEAN);
        CREATE TABLE pull_requests(author_key INTEGER, created_at TIMESTAMP, team_key INTEGER, first_review_at TIMESTAMP,
            merged_at TIMESTAMP, additions INTEGER, deletions INTEGER, reverted BOOLEAN);
        CREATE TABLE mandates(mandate_id VARCHAR, scope VARCHAR, metric VARCHAR, target_multiplier DOUBLE, baseline_from DATE,
            baseline_to DATE, deadline DATE, source VARCHAR);
        """;

    /// <summary>The table names, in creation order.</summary>
    public static readonly IReadOnlyList<string> Tables =
        ["engineers", "teams", "roster", "ai_usage", "ai_usage_segments", "staging_info", "deployments", "incidents", "pull_requests",
         "mandates"];
}
