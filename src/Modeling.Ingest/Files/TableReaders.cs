using System.Text;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Output;
using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;

namespace Modeling.Ingest.Files;

/// <summary>
/// The per-table rules of CONTRACT §1, in two parts so that a file can be checked on several threads yet give exactly the
/// diagnostics, rejects and rows of a sequential read: <see cref="TableReader{TRow}.Check"/> applies the rules that need
/// only the record and what earlier files established (on reading threads, in any order);
/// <see cref="TableReader{TRow}.Accept"/> applies those that depend on earlier rows of the same file (repeated ids,
/// engineer keys) in file order, and hands a row without errors to the sink.
/// </summary>
internal abstract class TableReader(IngestState state)
{
    protected IngestState State { get; } = state;
    protected IStagingSink? Sink => State.Sink;
    public abstract TableSchema Schema { get; }

    /// <summary>Reads, checks and accepts every record the feed gives.</summary>
    public abstract FileCounts ReadAll(RecordFeed feed, RowChecker checker, DiagnosticLog log, RejectWriter rejects);

    /// <summary>Called after the last record, e.g. to report a per-file summary note.</summary>
    public virtual void Complete(string file, Action<Diagnostic> report) { }

    /// <summary>Rows staged so far, for readers whose records stage other than one row each (null: one per used record).</summary>
    public virtual long? StagedRows => null;

    /// <summary>A required team_id that must be listed in teams.</summary>
    protected string? RequiredTeam(RowChecker c, int column)
    {
        if (!c.RequiredBytes(column, out var raw)) return null;
        if (State.TeamIds.Find(raw) is { } team) { c.MarkValid(column); return team; }
        c.Reject(column, raw, Messages.ExpectTeamInTeams, Rules.UnknownTeam);
        return null;
    }

    /// <summary>Rejects a row whose id was used on an earlier line.</summary>
    protected static void RejectRepeatedId(RowChecker c, int column, long firstLine) =>
        c.Reject(column, c.Raw(column), Messages.ExpectNewId(c.Schema.Columns[column].Name, firstLine), Rules.DuplicateId);

    /// <summary>Registers the row's id on the accepting thread (small files); rejects a repeated one.</summary>
    protected static bool CheckNew(RowChecker c, IdIndex index, int column)
    {
        if (index.TryAdd(c.Raw(column), c.Line, out var first, out _)) return true;
        RejectRepeatedId(c, column, first);
        return false;
    }

    /// <summary>A mandate's or policy's scope: all, org:&lt;org in teams&gt; or team:&lt;team_id in teams&gt;.</summary>
    protected bool CheckScope(RowChecker c, int column, ReadOnlySpan<byte> scope)
    {
        if (scope.SequenceEqual("all"u8)) return true;
        if (scope.StartsWith("team:"u8) && scope.Length > 5)
        {
            if (State.TeamIds.Find(scope[5..]) is not null) return true;
            c.Reject(column, scope, Messages.ExpectTeamInTeams, Rules.UnknownTeam);
            return false;
        }
        if (scope.StartsWith("org:"u8) && scope.Length > 4)
        {
            if (State.Orgs.Contains(Text(scope[4..]))) return true;
            c.Reject(column, scope, Messages.ExpectOrgInTeams, Rules.UnknownTeam);
            return false;
        }
        c.Reject(column, scope, Messages.ExpectScope, Rules.InvalidValue);
        return false;
    }

    protected static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}

/// <summary>Rows read, used and rejected in one file.</summary>
internal readonly record struct FileCounts(long Read, long Used, long Rejected, long Lines);

/// <summary>A table's rules with the checked values of a row (<typeparamref name="TRow"/>) passed from Check to Accept.</summary>
internal abstract class TableReader<TRow>(IngestState state) : TableReader(state) where TRow : struct
{
    /// <summary>The rules that need only this record (and earlier files); runs on a reading thread. The row is accepted only without errors.</summary>
    public abstract TRow Check(RowChecker c);

    /// <summary>The rules that depend on earlier rows of this file, in file order; hands a row without errors to the sink.</summary>
    public abstract void Accept(RowChecker c, in TRow row);

    public override FileCounts ReadAll(RecordFeed feed, RowChecker checker, DiagnosticLog log, RejectWriter rejects)
    {
        KnownEngineers = State.Engineers.Snapshot();
        checker.KnownIds = KnownEngineers;
        long read = 0, used = 0, rejected = 0;
        using var batches = feed.Open(checker, (c, record) => c.Begin(record) ? Check(c) : default, InFileOrder);
        while (batches.TryNext(out var batch))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                read++;
                var diagnostics = batch.Diagnostics[i];
                if (diagnostics is not null && batch.LineOffset != 0)
                    for (var d = 0; d < diagnostics.Count; d++) diagnostics[d] = diagnostics[d] with { Line = diagnostics[d].Line + batch.LineOffset };
                checker.Continue(batch.Records[i], batch.LineOf(i), diagnostics);
                if (!checker.HasErrors) Accept(checker, batch.Rows[i]);
                for (var d = 0; d < checker.Diagnostics.Count; d++) log.Add(checker.Diagnostics[d]);
                if (!checker.HasErrors) { used++; continue; }
                rejected++;
                batch.Records[i].Line = checker.Line;
                var reason = Messages.RejectReason(checker.RowErrors);
                Rejected(checker, reason);
                if (checker.PersonalReplacements() is { } replacements) rejects.Write(batch.Records[i], replacements, reason);
                else rejects.WriteWithheld(checker.Line, Messages.RejectWithheld(reason));
            }
        }
        return new FileCounts(read, used, rejected, batches.LinesRead);
    }

    /// <summary>Called in file order for each rejected row (its record still current in <paramref name="c"/>).</summary>
    protected virtual void Rejected(RowChecker c, string reason) { }

    /// <summary>
    /// Rules that need the rows before in file order but not the accepting thread's state (repeated ids): run on each
    /// batch, batches in file order, before <see cref="Accept"/>, on a reading thread (which is otherwise idle while the
    /// accepting thread appends to staging).
    /// </summary>
    protected virtual void InFileOrder(CheckedBatch<TRow> batch) { }

    /// <summary>Registers the id of every row of the batch that Check found no error in (see <see cref="IdIndex"/>).</summary>
    /// <param name="batch">The batch, its line offset known.</param>
    /// <param name="index">The ids seen so far in the file.</param>
    /// <param name="id">The id hash of a checked row.</param>
    /// <param name="register">Called with (row index, whether the id is new, its first line, its ordinal).</param>
    protected static void RegisterIds(CheckedBatch<TRow> batch, IdIndex index, Func<TRow, UInt128> id, Action<int, bool, long, int> register)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch.HasErrors(i)) continue;
            var added = index.TryAdd(id(batch.Rows[i]), batch.LineOf(i), out var firstLine, out var ordinal);
            register(i, added, firstLine, ordinal);
        }
    }

    /// <summary>
    /// Engineers registered before this file: their keys are fixed, so Check may look them up on any thread; engineers
    /// new in this file get their keys in file order in Accept (<see cref="EngineerKey"/>).
    /// </summary>
    protected EngineerLookup KnownEngineers { get; private set; } = EngineerLookup.Empty;

    /// <summary>
    /// The key of a required engineer id registered before this file, or of the engineer it is an alias of in
    /// identities.csv (an export may name people by login or email); -1 when new here or invalid. Safe on any thread.
    /// </summary>
    protected int KnownOrAlias(RowChecker c, int column)
    {
        var key = c.RequiredKnownEngineer(column, KnownEngineers);
        return key >= 0 ? key : State.Identities.Find(c.Raw(column));
    }

    /// <summary>The engineer's key: found by Check (<paramref name="known"/> ≥ 0) or registered now, in file order.</summary>
    protected int EngineerKey(RowChecker c, int column, int known) => known >= 0 ? known : State.Engineers.KeyOf(c.Raw(column));
}

internal sealed class TeamsReader(IngestState state) : TableReader<TeamsReader.Row>(state)
{
    private const int TeamId = 0, Org = 1, Name = 2, ServiceTier = 3, PrimaryLanguage = 4;
    private readonly IdIndex _ids = new();
    public override TableSchema Schema => Schemas.Teams;

    internal readonly record struct Row(string? Name, string? Tier, string? Language);

    public override Row Check(RowChecker c)
    {
        c.RequiredBytes(TeamId, out _);
        c.RequiredBytes(Org, out _);
        return new Row(c.OptionalUniqueText(Name), c.OptionalText(ServiceTier), c.OptionalText(PrimaryLanguage));
    }

    public override void Accept(RowChecker c, in Row row)
    {
        if (!CheckNew(c, _ids, TeamId)) return;
        var team = State.TeamIds.Get(c.Raw(TeamId));
        var org = State.Text.Get(c.Raw(Org));
        State.Orgs.Add(org);
        Sink?.Add(new TeamRow(team, org, row.Name, row.Tier, row.Language));
    }
}

internal sealed class RosterReader(IngestState state) : TableReader<RosterReader.Row>(state)
{
    private const int EngineerId = 0, TeamId = 1, ValidFrom = 2, ValidTo = 3, Level = 4;
    public override TableSchema Schema => Schemas.Roster;

    internal readonly record struct Row(string Team, DateOnly From, DateOnly? To, string? Level);

    public override Row Check(RowChecker c)
    {
        c.RequiredBytes(EngineerId, out _);
        var team = RequiredTeam(c, TeamId);
        var fromOk = c.RequiredDate(ValidFrom, out var from);
        var to = c.OptionalDate(ValidTo);
        // A range that ends before it starts cannot be read as any membership: the row is rejected (kept open-ended, it
        // would count the engineer on the team from valid_from on).
        if (fromOk && to is { } end && end < from)
            c.Reject(ValidTo, c.Raw(ValidTo), Messages.ExpectDateNotBefore("valid_from", Text(c.Raw(ValidFrom))), Rules.TimestampsOutOfOrder);
        return new Row(team!, from, to, c.OptionalText(Level));
    }

    public override void Accept(RowChecker c, in Row row)
    {
        var key = State.Engineers.KeyOf(c.Raw(EngineerId));
        State.Roster.Add(key, row.From, row.To);
        Sink?.Add(new RosterRow(key, row.Team, row.From, row.To, row.Level));
    }

    public override void Complete(string file, Action<Diagnostic> report) => State.RosterEngineers = State.Engineers.Count;
}

internal sealed class AiUsageReader(IngestState state) : TableReader<AiUsageRow>(state)
{
    private const int Date = 0, EngineerId = 1, Tool = 2, Model = 3, Feature = 4, Interactions = 5, Suggestions = 6,
        Acceptances = 7, LinesSuggested = 8, LinesAccepted = 9, AgentSessions = 10;

    public static readonly string[] Features = ["completion", "chat", "agent", "cli", "review", "other"];
    private readonly HashSet<int> _offRoster = [];
    private long _offRosterRows;

    public override TableSchema Schema => Schemas.AiUsage;

    /// <summary>The row with its engineer key, or -1 for an engineer new in this file (registered in file order by Accept).</summary>
    public override AiUsageRow Check(RowChecker c)
    {
        var dateOk = c.RequiredDate(Date, out var date);
        var known = KnownOrAlias(c, EngineerId);
        c.RequiredText(Tool, out var tool);
        var model = c.OptionalText(Model);
        var feature = c.OptionalEnum(Feature, Features);
        var interactionsOk = c.RequiredCount(Interactions, out var interactions);
        var suggestions = c.OptionalCount(Suggestions);
        var acceptances = c.OptionalCount(Acceptances);
        if (acceptances is { } a && suggestions is { } s && a > s)
        {
            c.Warn(Acceptances, c.Raw(Acceptances), Messages.ExpectAtMost("suggestions", s), Rules.AcceptancesAboveSuggestions);
            acceptances = null;
        }
        var linesSuggested = c.OptionalCount(LinesSuggested);
        var linesAccepted = c.OptionalCount(LinesAccepted);
        var agentSessions = c.OptionalCount(AgentSessions);
        return new AiUsageRow(date, known, tool, model, feature, interactions, suggestions, acceptances,
            linesSuggested, linesAccepted, agentSessions);
    }

    public override void Accept(RowChecker c, in AiUsageRow row)
    {
        var key = EngineerKey(c, EngineerId, row.EngineerKey);
        CountOffRoster(key);
        if (key == row.EngineerKey) Sink?.Add(row);
        else Sink?.Add(row with { EngineerKey = key });
    }

    /// <summary>Usage by engineers with no roster row is kept (the roster may lag), and reported once per file.</summary>
    public void CountOffRoster(int key)
    {
        if (key < State.RosterEngineers || State.ExtraRosterEngineers.Contains(key)) return;
        _offRoster.Add(key);
        _offRosterRows++;
    }

    public override void Complete(string file, Action<Diagnostic> report) => ReportOffRoster(file, report);

    public void ReportOffRoster(string file, Action<Diagnostic> report)
    {
        if (_offRoster.Count > 0)
            report(new Diagnostic(file, 0, "engineer_id", Messages.FoundEngineersNotInRoster(_offRoster.Count, _offRosterRows),
                Messages.ExpectEngineersOnRoster, Severity.Note, Rules.EngineersNotInRoster));
        _offRoster.Clear();
        _offRosterRows = 0;
    }
}

internal sealed class DeploymentsReader(IngestState state) : TableReader<(DeploymentRow Row, UInt128 Id, long RepeatOf)>(state)
{
    private const int DeploymentId = 0, TeamId = 1, FinishedAt = 2, Status = 3, Service = 4, Environment = 5, FirstCommitAt = 6,
        Commits = 7, IsRollback = 8, IsHotfix = 9, IsUnplanned = 10;

    private static readonly string[] Statuses = ["success", "failure"];
    public override TableSchema Schema => Schemas.Deployments;

    /// <summary>The row with the hash of its id; its key is given in file order by <see cref="InFileOrder"/>.</summary>
    public override (DeploymentRow Row, UInt128 Id, long RepeatOf) Check(RowChecker c)
    {
        var idOk = c.RequiredBytes(DeploymentId, out var id);
        var team = RequiredTeam(c, TeamId);
        var finishedOk = c.RequiredTimestamp(FinishedAt, out var finished);
        c.RequiredEnum(Status, Statuses, out var status);
        c.OptionalBytes(Service, out _);
        var environment = c.OptionalText(Environment);
        var firstCommit = c.OptionalTimestamp(FirstCommitAt);
        if (finishedOk && firstCommit is { } fc && fc > finished)
        {
            c.Warn(FirstCommitAt, c.Raw(FirstCommitAt), $"a time not after finished_at ({Text(c.Raw(FinishedAt))})", Rules.TimestampsOutOfOrder);
            firstCommit = null;
        }
        c.OptionalCount(Commits); // checked, not staged (as service)
        var rollback = c.OptionalBoolean(IsRollback);
        var hotfix = c.OptionalBoolean(IsHotfix);
        var unplanned = c.OptionalBoolean(IsUnplanned);
        return (new DeploymentRow(-1, team!, finished, status, environment, firstCommit, rollback, hotfix, unplanned),
            idOk ? IdIndex.Hash(id) : default, 0);
    }

    /// <summary>A deployment's key is its ordinal among the ids (repeats are rejected).</summary>
    protected override void InFileOrder(CheckedBatch<(DeploymentRow Row, UInt128 Id, long RepeatOf)> batch) =>
        RegisterIds(batch, State.DeploymentIds, r => r.Id, (i, added, firstLine, ordinal) =>
        {
            ref var r = ref batch.Rows[i];
            if (added) r.Row = r.Row with { DeploymentKey = ordinal };
            else r.RepeatOf = firstLine;
        });

    public override void Accept(RowChecker c, in (DeploymentRow Row, UInt128 Id, long RepeatOf) row)
    {
        if (row.RepeatOf > 0) RejectRepeatedId(c, DeploymentId, row.RepeatOf);
        else Sink?.Add(row.Row);
    }
}

internal sealed class IncidentsReader(IngestState state) : TableReader<(IncidentRow Row, UInt128 Id, long RepeatOf)>(state)
{
    private const int IncidentId = 0, TeamId = 1, CreatedAt = 2, ResolvedAt = 3, Severity_ = 4, Kind = 5, CausedBy = 6, Escaped = 7;
    private static readonly string[] Kinds = ["incident", "defect"];
    private readonly IdIndex _ids = new();
    public override TableSchema Schema => Schemas.Incidents;

    public override (IncidentRow Row, UInt128 Id, long RepeatOf) Check(RowChecker c)
    {
        var idOk = c.RequiredBytes(IncidentId, out var id);
        var team = RequiredTeam(c, TeamId);
        var createdOk = c.RequiredTimestamp(CreatedAt, out var created);
        var resolved = c.OptionalTimestamp(ResolvedAt);
        if (createdOk && resolved is { } r && r < created)
        {
            c.Warn(ResolvedAt, c.Raw(ResolvedAt), Messages.ExpectNotBefore("created_at", Text(c.Raw(CreatedAt))), Rules.TimestampsOutOfOrder);
            resolved = null;
        }
        if (c.OptionalCount(Severity_) is < 1 or > 5) // checked, not staged
            c.Warn(Severity_, c.Raw(Severity_), Messages.ExpectSeverity, Rules.InvalidValue);
        var kind = c.OptionalEnum(Kind, Kinds);
        // Without deployments.csv a cause can be neither checked nor used (the panel links incidents to releases only).
        int? causedBy = null;
        if (c.OptionalBytes(CausedBy, out var cause))
        {
            causedBy = State.DeploymentIds.Find(cause);
            if (causedBy is null && State.DeploymentsPresent)
                c.Warn(CausedBy, cause, Messages.ExpectDeploymentInDeployments, Rules.UnknownDeployment);
        }
        return (new IncidentRow(team!, created, resolved, kind, causedBy, c.OptionalBoolean(Escaped)), idOk ? IdIndex.Hash(id) : default, 0);
    }

    protected override void InFileOrder(CheckedBatch<(IncidentRow Row, UInt128 Id, long RepeatOf)> batch) =>
        RegisterIds(batch, _ids, r => r.Id, (i, added, firstLine, _) => { if (!added) batch.Rows[i].RepeatOf = firstLine; });

    public override void Accept(RowChecker c, in (IncidentRow Row, UInt128 Id, long RepeatOf) row)
    {
        if (row.RepeatOf > 0) RejectRepeatedId(c, IncidentId, row.RepeatOf);
        else Sink?.Add(row.Row);
    }
}

internal sealed class PullRequestsReader(IngestState state) : TableReader<(PullRequestRow Row, UInt128 Id, bool AuthorOnRoster, long RepeatOf)>(state)
{
    private const int PrId = 0, AuthorId = 1, CreatedAt = 2, TeamId = 3, Repository = 4, FirstCommitAt = 5, FirstReviewAt = 6,
        MergedAt = 7, Additions = 8, Deletions = 9, ReviewComments = 10, ReviewRounds = 11, AiAssisted = 12, Reverted = 13;

    private readonly IdIndex _ids = new();
    public override TableSchema Schema => Schemas.PullRequests;

    /// <summary>
    /// The row with the hash of its id and its author's key, or -1 for an author new in this file (see Accept); and
    /// whether the author was on a team that day (the roster is complete by now; an engineer new here has no roster row).
    /// </summary>
    public override (PullRequestRow Row, UInt128 Id, bool AuthorOnRoster, long RepeatOf) Check(RowChecker c)
    {
        var idOk = c.RequiredBytes(PrId, out var id);
        var author = KnownOrAlias(c, AuthorId);
        var createdOk = c.RequiredTimestamp(CreatedAt, out var created);
        string? team = null;
        var teamRaw = c.Raw(TeamId);
        if (!teamRaw.IsEmpty)
        {
            // team_id is optional here (empty = the author's team from the roster), so an unknown one is a warning:
            // the row is kept and attributed through the roster instead.
            team = State.TeamIds.Find(teamRaw);
            if (team is not null) c.MarkValid(TeamId);
            if (team is null) c.Warn(TeamId, teamRaw, Messages.ExpectTeamInTeams, Rules.UnknownTeam);
        }
        c.OptionalBytes(Repository, out _);
        c.OptionalTimestamp(FirstCommitAt); // checked, not staged (as repository, review comments and rounds, ai_assisted)
        var firstReview = c.OptionalTimestamp(FirstReviewAt);
        if (createdOk && firstReview is { } fr && fr < created)
        {
            c.Warn(FirstReviewAt, c.Raw(FirstReviewAt), Messages.ExpectNotBefore("created_at", Text(c.Raw(CreatedAt))), Rules.TimestampsOutOfOrder);
            firstReview = null;
        }
        var merged = c.OptionalTimestamp(MergedAt);
        if (createdOk && merged is { } m && m < created)
        {
            c.Warn(MergedAt, c.Raw(MergedAt), Messages.ExpectNotBefore("created_at", Text(c.Raw(CreatedAt))), Rules.TimestampsOutOfOrder);
            merged = null;
        }
        var additions = c.OptionalCount(Additions);
        var deletions = c.OptionalCount(Deletions);
        c.OptionalCount(ReviewComments);
        c.OptionalCount(ReviewRounds);
        c.OptionalBoolean(AiAssisted);
        var reverted = c.OptionalBoolean(Reverted);
        var onRoster = author >= 0 && createdOk && State.Roster.IsMember(author, DateOnly.FromDateTime(created));
        return (new PullRequestRow(author, created, team, firstReview, merged, additions, deletions, reverted), idOk ? IdIndex.Hash(id) : default,
            onRoster, 0);
    }

    protected override void InFileOrder(CheckedBatch<(PullRequestRow Row, UInt128 Id, bool AuthorOnRoster, long RepeatOf)> batch) =>
        RegisterIds(batch, _ids, r => r.Id, (i, added, firstLine, _) => { if (!added) batch.Rows[i].RepeatOf = firstLine; });

    public override void Accept(RowChecker c, in (PullRequestRow Row, UInt128 Id, bool AuthorOnRoster, long RepeatOf) checkedRow)
    {
        if (checkedRow.RepeatOf > 0)
        {
            RejectRepeatedId(c, PrId, checkedRow.RepeatOf);
            return;
        }
        var row = checkedRow.Row;
        var key = EngineerKey(c, AuthorId, row.AuthorKey);
        if (!checkedRow.AuthorOnRoster)
        {
            var day = DateOnly.FromDateTime(row.CreatedAt);
            // A warning, not a rejection: the PR happened (bots, contractors, a roster that lags behind); with a team_id
            // it still counts for that team, without one Panel cannot attribute it. Dropping it would lose it silently.
            c.Warn(AuthorId, State.Engineers.PseudonymOf(key), Messages.ExpectRosterMember(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), Rules.AuthorNotInRoster);
        }
        if (key == row.AuthorKey) Sink?.Add(row);
        else Sink?.Add(row with { AuthorKey = key });
    }
}

internal sealed class MandatesReader(IngestState state) : TableReader<MandateRow>(state)
{
    private const int MandateId = 0, Scope = 1, Metric = 2, TargetMultiplier = 3, BaselineFrom = 4, BaselineTo = 5, Deadline = 6, Source = 7;

    /// <summary>CONTRACT §3 outcome names; counts also have a <c>_per_engineer</c> form.</summary>
    public static readonly string[] Outcomes =
    [
        "deployments", "deployment_days", "merged_prs", "lead_time_hours", "pr_cycle_hours", "review_wait_hours", "pr_size_lines",
        "change_failure_rate", "incidents", "defects", "escaped_defects", "recovery_hours", "rework_rate", "revert_rate",
        "deployments_per_engineer", "deployment_days_per_engineer", "merged_prs_per_engineer", "incidents_per_engineer",
        "defects_per_engineer", "escaped_defects_per_engineer",
    ];

    private readonly IdIndex _ids = new();
    public override TableSchema Schema => Schemas.Mandates;

    public override MandateRow Check(RowChecker c)
    {
        var idOk = c.RequiredBytes(MandateId, out var id);
        var scopeOk = c.RequiredBytes(Scope, out var scopeRaw) && CheckScope(c, Scope, scopeRaw);
        var metricOk = c.RequiredEnum(Metric, Outcomes, out var metric);
        var targetOk = c.RequiredPositiveNumber(TargetMultiplier, out var target);
        var from = c.OptionalDate(BaselineFrom);
        var to = c.OptionalDate(BaselineTo);
        if (from is { } f && to is { } t && t < f)
        {
            c.Warn(BaselineTo, c.Raw(BaselineTo), Messages.ExpectDateNotBefore("baseline_from", Text(c.Raw(BaselineFrom))), Rules.TimestampsOutOfOrder);
            to = null;
        }
        var deadline = c.OptionalDate(Deadline);
        var source = c.OptionalUniqueText(Source);
        if (!idOk || !scopeOk || !metricOk || !targetOk) return default;
        return new MandateRow(Text(id), Text(scopeRaw), metric, target, from, to, deadline, source);
    }

    public override void Accept(RowChecker c, in MandateRow row)
    {
        if (CheckNew(c, _ids, MandateId)) Sink?.Add(row);
    }

    /// <summary>A rejected row that names a mandate is kept as one that could not be checked (not a repeated id: the
    /// first row of that id is the mandate).</summary>
    protected override void Rejected(RowChecker c, string reason)
    {
        var id = c.Raw(MandateId);
        if (!c.ColumnsTrusted || id.IsEmpty || c.RowErrors.Any(d => d.Rule == Rules.DuplicateId)) return;
        double? target = Parsing.FieldParser.TryDouble(c.Raw(TargetMultiplier), out var t) && t > 0 && double.IsFinite(t) ? t : null;
        State.UncheckedMandates.Add(new UncheckedMandate(c.Show(MandateId, id), c.Show(Scope, c.Raw(Scope)), c.Show(Metric, c.Raw(Metric)),
            target, c.Line, reason));
    }
}
