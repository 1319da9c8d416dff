using DuckDB.NET.Data;

namespace Modeling.Ingest.Staging;

/// <summary>
/// Stages a data folder into an open DuckDB connection: creates the <see cref="StagingSchema"/> tables (absent optional
/// inputs leave their table empty, see <see cref="IngestReport.TablesPresent"/>) and appends every used row with the
/// DuckDB Appender. Timestamps are UTC, stored as TIMESTAMP.
/// </summary>
public static class DuckDbStaging
{
    /// <summary>Creates the staging tables in <paramref name="connection"/> and fills them from <paramref name="dataFolder"/>.</summary>
    /// <param name="connection">An open connection in auto-commit mode (no open transaction): usage segments may be appended
    /// through a second connection to the same in-memory database, visible to this one once they are committed.
    /// The staging tables must not exist yet.</param>
    /// <param name="dataFolder">The data folder (CONTRACT §1).</param>
    /// <param name="options">Pseudonym key, rejects folder and progress.</param>
    /// <param name="usageGrain">When given, AI-usage rows are summed into <c>ai_usage_segments</c> of that grain while
    /// reading (a panel of the same period unit, or any unit for <see cref="UsageGrain.Day"/>, is then exact);
    /// when null every raw row is staged in <c>ai_usage</c>.</param>
    public static IngestReport Stage(DuckDBConnection connection, string dataFolder, IngestOptions options, UsageGrain? usageGrain = null)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = StagingSchema.Ddl;
            if (usageGrain is { } g) create.CommandText += $"\nINSERT INTO staging_info VALUES ('{g.ToString().ToLowerInvariant()}');";
            create.ExecuteNonQuery();
        }
        using var sink = new DuckDbSink(connection, usageGrain is { } grain ? new UsageSegmenter(grain) : null);
        var report = Ingestion.Run(dataFolder, options, sink);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long segments = sink.UsageSegments;
        sink.Flush();
        if (usageGrain is not null)
            options.Progress?.Invoke(Messages.UsageStaged(report.Files.Where(f => f.Table == "ai_usage").Sum(f => f.RowsUsed), segments, clock.Elapsed));
        return report;
    }
}

/// <summary>An <see cref="IStagingSink"/> that appends into the staging tables; one appender per table, opened on first use.</summary>
internal sealed class DuckDbSink(DuckDBConnection connection, UsageSegmenter? segmenter) : IStagingSink, IDisposable
{
    private readonly Dictionary<string, DuckDBAppender> _appenders = [];
    private readonly Dictionary<string, int> _teamKeys = new(StringComparer.Ordinal);
    private (string? TeamId, int Key) _lastTeam;
    private Task? _segmentsStaged;

    /// <summary>Usage segments waiting to be appended (0 when raw rows are staged).</summary>
    public long UsageSegments => segmenter?.Count ?? 0;

    private DuckDBAppender For(string table)
    {
        if (!_appenders.TryGetValue(table, out var a)) _appenders[table] = a = connection.CreateAppender(table);
        return a;
    }

    private static DateTime? Date(DateOnly? d) => d?.ToDateTime(TimeOnly.MinValue);

    /// <summary>The team's key: 1, 2, … in the order of the teams file (every staged event names a known team).</summary>
    private int TeamKey(string teamId)
    {
        // Events of one team tend to come together: the previous team is the usual answer.
        if (ReferenceEquals(teamId, _lastTeam.TeamId)) return _lastTeam.Key;
        var key = _teamKeys[teamId];
        _lastTeam = (teamId, key);
        return key;
    }

    private int? TeamKeyOrNull(string? teamId) => teamId is null ? null : TeamKey(teamId);

    public void Add(in TeamRow r)
    {
        var key = _teamKeys.Count + 1;
        _teamKeys.Add(r.TeamId, key);
        For("teams").CreateRow()
            .AppendValue(key).AppendValue(r.TeamId).AppendValue(r.Org).AppendValue(r.Name).AppendValue(r.ServiceTier).AppendValue(r.PrimaryLanguage).EndRow();
    }

    public void Add(in RosterRow r)
    {
        segmenter?.AddRoster(r.EngineerKey, r.ValidFrom, r.ValidTo);
        For("roster").CreateRow()
            .AppendValue(r.EngineerKey).AppendValue(TeamKey(r.TeamId)).AppendValue(Date(r.ValidFrom)).AppendValue(Date(r.ValidTo)).AppendValue(r.Level).EndRow();
    }

    public void Add(in AiUsageRow r)
    {
        if (segmenter is null) AppendRaw(r);
        else segmenter.Add(r);
    }

    private void AppendRaw(in AiUsageRow r) => For("ai_usage").CreateRow()
        .AppendValue(Date(r.Date)).AppendValue(r.EngineerKey).AppendValue(r.Tool).AppendValue(r.Model).AppendValue(r.Feature)
        .AppendValue(r.Interactions).AppendValue(r.Suggestions).AppendValue(r.Acceptances).AppendValue(r.LinesSuggested)
        .AppendValue(r.LinesAccepted).AppendValue(r.AgentSessions).EndRow();

    public void Add(in DeploymentRow r) => For("deployments").CreateRow()
        .AppendValue(r.DeploymentKey).AppendValue(TeamKey(r.TeamId)).AppendValue(r.FinishedAt).AppendValue(r.Status).AppendValue(r.Environment)
        .AppendValue(r.FirstCommitAt).AppendValue(r.IsRollback).AppendValue(r.IsHotfix).AppendValue(r.IsUnplanned).EndRow();

    public void Add(in IncidentRow r) => For("incidents").CreateRow()
        .AppendValue(TeamKey(r.TeamId)).AppendValue(r.CreatedAt).AppendValue(r.ResolvedAt).AppendValue(r.Kind).AppendValue(r.CausedByDeploymentKey)
        .AppendValue(r.Escaped).EndRow();

    public void Add(in PullRequestRow r) => For("pull_requests").CreateRow()
        .AppendValue(r.AuthorKey).AppendValue(r.CreatedAt).AppendValue(TeamKeyOrNull(r.TeamId)).AppendValue(r.FirstReviewAt).AppendValue(r.MergedAt)
        .AppendValue(r.Additions).AppendValue(r.Deletions).AppendValue(r.Reverted).EndRow();

    public void Add(in MandateRow r) => For("mandates").CreateRow()
        .AppendValue(r.MandateId).AppendValue(r.Scope).AppendValue(r.Metric).AppendValue(r.TargetMultiplier).AppendValue(Date(r.BaselineFrom))
        .AppendValue(Date(r.BaselineTo)).AppendValue(Date(r.Deadline)).AppendValue(r.Source).EndRow();

    public void AddEngineers(IReadOnlyList<string> pseudonyms)
    {
        var a = For("engineers");
        for (var i = 0; i < pseudonyms.Count; i++) a.CreateRow().AppendValue(i).AppendValue(pseudonyms[i]).EndRow();
    }

    /// <summary>
    /// Starts appending the usage segments on a second connection to an in-memory database, while the main one goes on
    /// with the events (at 2,100 teams: 1.8 M segments, ~0.7 s that would otherwise come after reading). The segmenter is not
    /// touched again until <see cref="Flush"/> has waited for it.
    /// </summary>
    public void UsageComplete()
    {
        if (segmenter is not { Count: > 0 } || _segmentsStaged is not null) return;
        DuckDBConnection second;
        try
        {
            second = connection.Duplicate();
        }
        catch (NotSupportedException)
        {
            return; // DuckDB.NET duplicates in-memory connections only: a file database gets its segments in Flush.
        }
        try
        {
            second.Open();
        }
        catch
        {
            second.Dispose();
            throw;
        }
        _segmentsStaged = Task.Factory.StartNew(() =>
        {
            using (second) AppendSegments(second);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Appends the usage segments (once), then closes the appenders, which flushes their rows into the tables.</summary>
    public void Flush()
    {
        FinishSegmentsStaging(rethrow: true);
        if (segmenter is { Count: > 0 })
        {
            AppendSegments(connection);
            segmenter.Clear();
        }
        foreach (var a in _appenders.Values) a.Close();
        foreach (var a in _appenders.Values) a.Dispose();
        _appenders.Clear();
    }

    private void AppendSegments(DuckDBConnection target)
    {
        using var a = target.CreateAppender("ai_usage_segments");
        foreach (var s in segmenter!.Rows())
            a.CreateRow().AppendValue(s.EngineerKey).AppendValue(Date(s.FirstDay)).AppendValue(Date(s.LastDay)).AppendValue(s.Tool)
                .AppendValue(s.Model).AppendValue(s.Rows).AppendValue(s.Interactions).AppendValue(s.PairedSuggestions)
                .AppendValue(s.PairedAcceptances).AppendValue(s.AgentInteractions).EndRow();
        a.Close();
    }

    /// <summary>Waits for the segments being staged on the second connection, if any, and forgets them (even when their
    /// staging failed, so that they are never appended twice).</summary>
    private void FinishSegmentsStaging(bool rethrow)
    {
        if (_segmentsStaged is not { } staging) return;
        _segmentsStaged = null;
        try { staging.GetAwaiter().GetResult(); }
        catch when (!rethrow) { }
        finally { segmenter!.Clear(); }
    }

    public void Dispose()
    {
        // Still staging only when the ingest failed: its exception is the one to report, not the staging's.
        FinishSegmentsStaging(rethrow: false);
        Flush();
    }
}
