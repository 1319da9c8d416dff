using System.Text;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Staging;

namespace Modeling.Ingest.Files;

/// <summary>The per-table rules of CONTRACT §1. <see cref="Process"/> reports problems through the checker and hands a used row to the sink.</summary>
internal abstract class TableReader(IngestState state)
{
    protected IngestState State { get; } = state;
    protected IStagingSink? Sink => State.Sink;
    public abstract TableSchema Schema { get; }

    /// <summary>Checks one record (already split into the right number of fields); emits it unless it has errors.</summary>
    public abstract void Process(RowChecker c);

    /// <summary>Called after the last record, e.g. to report a per-file summary note.</summary>
    public virtual void Complete(RowChecker? c, Action<Diagnostic> report) { }

    /// <summary>A required team_id that must be listed in teams.</summary>
    protected string? RequiredTeam(RowChecker c, int column)
    {
        if (!c.RequiredBytes(column, out var raw)) return null;
        if (State.TeamIds.Find(raw) is { } team) return team;
        c.Reject(column, raw, Messages.ExpectTeamInTeams, Rules.UnknownTeam);
        return null;
    }

    /// <summary>A required id that must not repeat within the file; registered only once the row is known to be used.</summary>
    protected static bool RequiredId(RowChecker c, int column, out ReadOnlySpan<byte> id) => c.RequiredBytes(column, out id);

    protected static bool CheckNew(RowChecker c, IdIndex index, int column, ReadOnlySpan<byte> id) => CheckNew(c, index, column, id, out _);

    /// <summary>Registers a new id, giving its ordinal among the file's used rows; rejects a repeated one.</summary>
    protected static bool CheckNew(RowChecker c, IdIndex index, int column, ReadOnlySpan<byte> id, out int ordinal)
    {
        if (index.TryAdd(id, c.Line, out var first, out ordinal)) return true;
        c.Reject(column, id, Messages.ExpectNewId(c.Schema.Columns[column].Name, first), Rules.DuplicateId);
        return false;
    }

    protected static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    protected static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed class TeamsReader(IngestState state) : TableReader(state)
{
    private const int TeamId = 0, Org = 1, Name = 2, ServiceTier = 3, PrimaryLanguage = 4;
    private readonly IdIndex _ids = new();
    public override TableSchema Schema => Schemas.Teams;

    public override void Process(RowChecker c)
    {
        var idOk = c.RequiredBytes(TeamId, out var id);
        var orgOk = c.RequiredBytes(Org, out var org);
        var name = c.OptionalUniqueText(Name);
        var tier = c.OptionalText(ServiceTier, State.Text);
        var language = c.OptionalText(PrimaryLanguage, State.Text);
        if (!idOk || !orgOk || c.HasErrors || !CheckNew(c, _ids, TeamId, id)) return;
        var team = State.TeamIds.Get(id);
        var orgText = State.Text.Get(org);
        State.Orgs.Add(orgText);
        Sink?.Add(new TeamRow(team, orgText, name, tier, language));
    }
}

internal sealed class RosterReader(IngestState state) : TableReader(state)
{
    private const int EngineerId = 0, TeamId = 1, ValidFrom = 2, ValidTo = 3, Level = 4;
    public override TableSchema Schema => Schemas.Roster;

    public override void Process(RowChecker c)
    {
        var engineerOk = c.RequiredBytes(EngineerId, out var engineer);
        var team = RequiredTeam(c, TeamId);
        var fromOk = c.RequiredDate(ValidFrom, out var from);
        var to = c.OptionalDate(ValidTo);
        if (fromOk && to is { } end && end < from)
        {
            c.Warn(ValidTo, c.Raw(ValidTo), Messages.ExpectDateNotBefore("valid_from", Text(c.Raw(ValidFrom))), Rules.TimestampsOutOfOrder);
            to = null;
        }
        var level = c.OptionalText(Level, State.Text);
        if (!engineerOk || team is null || !fromOk || c.HasErrors) return;
        var key = State.Engineers.KeyOf(engineer);
        State.Roster.Add(key, from, to);
        Sink?.Add(new RosterRow(key, team, from, to, level));
    }

    public override void Complete(RowChecker? c, Action<Diagnostic> report) => State.RosterEngineers = State.Engineers.Count;
}

internal sealed class AiUsageReader(IngestState state) : TableReader(state)
{
    private const int Date = 0, EngineerId = 1, Tool = 2, Model = 3, Feature = 4, Interactions = 5, Suggestions = 6,
        Acceptances = 7, LinesSuggested = 8, LinesAccepted = 9, AgentSessions = 10;

    public static readonly string[] Features = ["completion", "chat", "agent", "cli", "review", "other"];
    private readonly HashSet<int> _offRoster = [];
    private long _offRosterRows;
    private string? _file;

    public override TableSchema Schema => Schemas.AiUsage;

    public override void Process(RowChecker c)
    {
        _file ??= c.File;
        var dateOk = c.RequiredDate(Date, out var date);
        var engineerOk = c.RequiredBytes(EngineerId, out var engineer);
        var toolOk = c.RequiredBytes(Tool, out var toolRaw);
        var model = c.OptionalText(Model, State.Text);
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
        if (!dateOk || !engineerOk || !toolOk || !interactionsOk || c.HasErrors) return;
        var key = State.Engineers.KeyOf(engineer);
        CountOffRoster(key);
        Sink?.Add(new AiUsageRow(date, key, c.Intern(Tool, toolRaw, State.Text), model, feature, interactions, suggestions, acceptances,
            linesSuggested, linesAccepted, agentSessions));
    }

    /// <summary>Usage by engineers with no roster row is kept (the roster may lag), and reported once per file.</summary>
    public void CountOffRoster(int key)
    {
        if (key < State.RosterEngineers) return;
        _offRoster.Add(key);
        _offRosterRows++;
    }

    public override void Complete(RowChecker? c, Action<Diagnostic> report) => ReportOffRoster(_file ?? "ai_usage", report);

    public void ReportOffRoster(string file, Action<Diagnostic> report)
    {
        if (_offRoster.Count > 0)
            report(new Diagnostic(file, 0, "engineer_id", Messages.FoundEngineersNotInRoster(_offRoster.Count, _offRosterRows),
                Messages.ExpectEngineersOnRoster, Severity.Note, Rules.EngineersNotInRoster));
        _offRoster.Clear();
        _offRosterRows = 0;
    }
}

internal sealed class DeploymentsReader(IngestState state) : TableReader(state)
{
    private const int DeploymentId = 0, TeamId = 1, FinishedAt = 2, Status = 3, Service = 4, Environment = 5, FirstCommitAt = 6,
        Commits = 7, IsRollback = 8, IsHotfix = 9, IsUnplanned = 10;

    private static readonly string[] Statuses = ["success", "failure"];
    public override TableSchema Schema => Schemas.Deployments;

    public override void Process(RowChecker c)
    {
        var idOk = RequiredId(c, DeploymentId, out var id);
        var team = RequiredTeam(c, TeamId);
        var finishedOk = c.RequiredTimestamp(FinishedAt, out var finished);
        var statusOk = c.RequiredEnum(Status, Statuses, out var status);
        c.OptionalBytes(Service, out _);
        var environment = c.OptionalText(Environment, State.Text);
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
        if (!idOk || team is null || !finishedOk || !statusOk || c.HasErrors
            || !CheckNew(c, State.DeploymentIds, DeploymentId, id, out var key)) return;
        Sink?.Add(new DeploymentRow(key, team, finished, status, environment, firstCommit, rollback, hotfix, unplanned));
    }
}

internal sealed class IncidentsReader(IngestState state) : TableReader(state)
{
    private const int IncidentId = 0, TeamId = 1, CreatedAt = 2, ResolvedAt = 3, Severity_ = 4, Kind = 5, CausedBy = 6, Escaped = 7;
    private static readonly string[] Kinds = ["incident", "defect"];
    private readonly IdIndex _ids = new();
    public override TableSchema Schema => Schemas.Incidents;

    public override void Process(RowChecker c)
    {
        var idOk = RequiredId(c, IncidentId, out var id);
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
        var escaped = c.OptionalBoolean(Escaped);
        if (!idOk || team is null || !createdOk || c.HasErrors || !CheckNew(c, _ids, IncidentId, id)) return;
        Sink?.Add(new IncidentRow(team, created, resolved, kind, causedBy, escaped));
    }
}

internal sealed class PullRequestsReader(IngestState state) : TableReader(state)
{
    private const int PrId = 0, AuthorId = 1, CreatedAt = 2, TeamId = 3, Repository = 4, FirstCommitAt = 5, FirstReviewAt = 6,
        MergedAt = 7, Additions = 8, Deletions = 9, ReviewComments = 10, ReviewRounds = 11, AiAssisted = 12, Reverted = 13;

    private readonly IdIndex _ids = new();
    public override TableSchema Schema => Schemas.PullRequests;

    public override void Process(RowChecker c)
    {
        var idOk = RequiredId(c, PrId, out var id);
        var authorOk = c.RequiredBytes(AuthorId, out var author);
        var createdOk = c.RequiredTimestamp(CreatedAt, out var created);
        string? team = null;
        var teamRaw = c.Raw(TeamId);
        if (!teamRaw.IsEmpty)
        {
            // team_id is optional here (empty = the author's team from the roster), so an unknown one is a warning:
            // the row is kept and attributed through the roster instead.
            team = State.TeamIds.Find(teamRaw);
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
        if (!idOk || !authorOk || !createdOk || c.HasErrors || !CheckNew(c, _ids, PrId, id)) return;

        var key = State.Engineers.KeyOf(author);
        var day = DateOnly.FromDateTime(created);
        if (!State.Roster.IsMember(key, day))
        {
            // A warning, not a rejection: the PR happened (bots, contractors, a roster that lags behind); with a team_id
            // it still counts for that team, without one Panel cannot attribute it. Dropping it would lose it silently.
            c.Warn(AuthorId, State.Engineers.PseudonymOf(key), Messages.ExpectRosterMember(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), Rules.AuthorNotInRoster);
        }
        Sink?.Add(new PullRequestRow(key, created, team, firstReview, merged, additions, deletions, reverted));
    }
}

internal sealed class MandatesReader(IngestState state) : TableReader(state)
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

    public override void Process(RowChecker c)
    {
        var idOk = RequiredId(c, MandateId, out var id);
        var scopeOk = c.RequiredBytes(Scope, out var scopeRaw) && CheckScope(c, scopeRaw);
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
        if (!idOk || !scopeOk || !metricOk || !targetOk || c.HasErrors || !CheckNew(c, _ids, MandateId, id)) return;
        Sink?.Add(new MandateRow(Text(id), Text(scopeRaw), metric, target, from, to, deadline, source));
    }

    private bool CheckScope(RowChecker c, ReadOnlySpan<byte> scope)
    {
        if (scope.SequenceEqual("all"u8)) return true;
        if (scope.StartsWith("team:"u8) && scope.Length > 5)
        {
            if (State.TeamIds.Find(scope[5..]) is not null) return true;
            c.Reject(Scope, scope, Messages.ExpectTeamInTeams, Rules.UnknownTeam);
            return false;
        }
        if (scope.StartsWith("org:"u8) && scope.Length > 4)
        {
            if (State.Orgs.Contains(Text(scope[4..]))) return true;
            c.Reject(Scope, scope, Messages.ExpectOrgInTeams, Rules.UnknownTeam);
            return false;
        }
        c.Reject(Scope, scope, Messages.ExpectScope, Rules.InvalidValue);
        return false;
    }
}
