using DuckDB.NET.Data;

namespace Modeling.Panel.Tests.Support;

// Staging rows as plain records (UTC timestamps, null = unknown), mirroring /tmp/STAGING.md.
internal sealed record Team(string TeamId, string Org, string? ServiceTier = null, string? PrimaryLanguage = null);
internal sealed record Membership(int Engineer, string TeamId, DateOnly From, DateOnly? To);
internal sealed record Usage(DateOnly Date, int Engineer, string Tool, string? Model, string? Feature, int Interactions,
    int? Suggestions = null, int? Acceptances = null);
internal sealed record Deployment(string Id, string TeamId, DateTime FinishedAt, string Status, string? Environment = null,
    DateTime? FirstCommitAt = null, bool? IsRollback = null, bool? IsHotfix = null, bool? IsUnplanned = null);
internal sealed record Incident(string Id, string TeamId, DateTime CreatedAt, DateTime? ResolvedAt = null, string? Kind = null,
    string? CausedBy = null, bool? Escaped = null);
internal sealed record PullRequest(string Id, int Author, DateTime CreatedAt, string? TeamId = null, DateTime? FirstReviewAt = null,
    DateTime? MergedAt = null, int? Additions = null, int? Deletions = null, bool? Reverted = null);

/// <summary>A small organisation held as rows: loaded into DuckDB for the panel, read directly by the naive oracle.</summary>
internal sealed class Org
{
    public List<Team> Teams { get; } = [];
    public List<Membership> Roster { get; } = [];
    public List<Usage> Usage { get; } = [];
    public List<Deployment> Deployments { get; } = [];
    public List<Incident> Incidents { get; } = [];
    public List<PullRequest> PullRequests { get; } = [];

    /// <summary>An in-memory DuckDB with the staging tables filled with these rows (via the Appender, as Ingest does).</summary>
    public DuckDBConnection Load()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Modeling.Ingest.Staging.StagingSchema.Ddl;
            command.ExecuteNonQuery();
        }
        // Staging names a team by its dense key (Ingest: 1, 2, … in the order of teams.csv).
        var teamKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in Teams) teamKeys.Add(t.TeamId, teamKeys.Count + 1);
        int? TeamKey(string? teamId) => teamId is null ? null : teamKeys[teamId];
        using (var a = connection.CreateAppender("teams"))
            foreach (var t in Teams) a.CreateRow().AppendValue(teamKeys[t.TeamId]).AppendValue(t.TeamId).AppendValue(t.Org).AppendValue(t.TeamId + " name").AppendValue(t.ServiceTier).AppendValue(t.PrimaryLanguage).EndRow();
        var engineers = Roster.Select(m => m.Engineer).Concat(Usage.Select(u => u.Engineer)).Concat(PullRequests.Select(p => p.Author)).Distinct().Order();
        using (var a = connection.CreateAppender("engineers"))
            foreach (var e in engineers) a.CreateRow().AppendValue(e).AppendValue($"eng_{e:x16}").EndRow();
        using (var a = connection.CreateAppender("roster"))
            foreach (var m in Roster) a.CreateRow().AppendValue(m.Engineer).AppendValue(TeamKey(m.TeamId)).AppendValue(m.From).AppendValue(m.To).AppendValue("L2").EndRow();
        using (var a = connection.CreateAppender("ai_usage"))
            foreach (var u in Usage)
                a.CreateRow().AppendValue(u.Date).AppendValue(u.Engineer).AppendValue(u.Tool).AppendValue(u.Model).AppendValue(u.Feature)
                    .AppendValue(u.Interactions).AppendValue(u.Suggestions).AppendValue(u.Acceptances).AppendNullValue().AppendNullValue().AppendNullValue().EndRow();
        // Staging names a deployment by its position among the deployments (Ingest's deployment_key).
        var deploymentKeys = new Dictionary<string, int>();
        foreach (var d in Deployments) deploymentKeys.TryAdd(d.Id, deploymentKeys.Count);
        using (var a = connection.CreateAppender("deployments"))
            foreach (var d in Deployments)
                a.CreateRow().AppendValue(deploymentKeys[d.Id]).AppendValue(TeamKey(d.TeamId)).AppendValue(d.FinishedAt).AppendValue(d.Status)
                    .AppendValue(d.Environment).AppendValue(d.FirstCommitAt).AppendValue(d.IsRollback).AppendValue(d.IsHotfix).AppendValue(d.IsUnplanned).EndRow();
        using (var a = connection.CreateAppender("incidents"))
            foreach (var i in Incidents)
                a.CreateRow().AppendValue(TeamKey(i.TeamId)).AppendValue(i.CreatedAt).AppendValue(i.ResolvedAt).AppendValue(i.Kind)
                    .AppendValue(i.CausedBy is { } cause && deploymentKeys.TryGetValue(cause, out var key) ? key : (int?)null).AppendValue(i.Escaped).EndRow();
        using (var a = connection.CreateAppender("pull_requests"))
            foreach (var p in PullRequests)
                a.CreateRow().AppendValue(p.Author).AppendValue(p.CreatedAt).AppendValue(TeamKey(p.TeamId)).AppendValue(p.FirstReviewAt).AppendValue(p.MergedAt)
                    .AppendValue(p.Additions).AppendValue(p.Deletions).AppendValue(p.Reverted).EndRow();
        return connection;
    }
}
