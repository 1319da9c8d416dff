using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Files;
using Modeling.Ingest.Parsing;
using Modeling.Ingest.Staging;
using Modeling.Ingest.Vendors;

namespace Modeling.Ingest.Copilot;

/// <summary>
/// GitHub's Copilot user-teams reports (<c>organization_user_teams_1_day</c> / <c>enterprise_user_teams_1_day</c>: one
/// record per user, team and day with <c>user_id</c>, <c>user_login</c>, <c>day</c>, <c>team_id</c>, <c>slug</c>) as
/// a roster source beside roster.csv. A file in <c>copilot/</c> whose name contains <c>user-teams</c> or
/// <c>user_teams</c> is read as one, before the usage reports. The user is resolved like a usage report's (identities.csv,
/// then roster.csv's ids, else a new engineer); the team is the teams.csv team whose id equals the <c>slug</c>, else the
/// <c>team_id</c> (neither: the record is rejected, <c>unknown_team</c>). A user's days on one team at most
/// <see cref="MaxGapDays"/> days apart are one membership (daily reports, or a snapshot a week); each becomes a roster
/// row, and these engineers count as on the roster.
/// </summary>
internal sealed class CopilotUserTeamsReader(IngestState state, AiUsageReader usage, DiagnosticLog log) : JsonUsageReportReader(state, usage, log)
{
    /// <summary>Days of one user on one team this far apart or closer are one membership.</summary>
    public const int MaxGapDays = 7;
    private readonly Dictionary<(int Engineer, string Team), SortedSet<DateOnly>> _days = [];

    protected override string Tool => "copilot";
    protected override string Table => "roster";
    protected override JsonExport Export { get; } = new("day_totals", Messages.CopilotExportAgain);
    protected override FileFormat Format => FileFormat.CopilotNdjson;
    protected override IReadOnlySet<string> SchemaKeys => Keys;
    protected override bool KeepsText(string key, string text) => key == "day" && IsDayShaped(text);
    protected override bool IsIdentifier(string key) => key is "user_id" or "user_login";

    protected override void Map(JsonObject json, InputFile file, long line, List<Diagnostic> errors, List<AiUsageRow> rows)
    {
        var dayText = Str(json, "day");
        DateOnly day = default;
        if (dayText is null) Error(errors, file, line, "day", "", Messages.ExpectDate, Rules.MissingValue);
        else if (!FieldParser.TryDate(Encoding.UTF8.GetBytes(dayText), out day)) Error(errors, file, line, "day", Shown(dayText), Messages.ExpectDate, Rules.InvalidValue);
        var user = Str(json, "user_login") ?? Id(json, "user_id");
        if (user is null) Error(errors, file, line, "user_login", "", Messages.ExpectNonEmpty, Rules.MissingValue);
        string? team = null;
        foreach (var candidate in new[] { Str(json, "slug"), Id(json, "team_id") })
            if (candidate is not null && State.TeamIds.Find(Encoding.UTF8.GetBytes(candidate)) is { } found) { team = found; break; }
        if (team is null)
            Error(errors, file, line, "slug", Shown(Str(json, "slug") ?? Id(json, "team_id") ?? ""), Messages.ExpectTeamInTeams, Rules.UnknownTeam);
        if (errors.Count > 0) return;
        var key = VendorEngineers.KeyOf(State, Encoding.UTF8.GetBytes(user!));
        if (!_days.TryGetValue((key, team!), out var days)) _days[(key, team!)] = days = [];
        days.Add(day);
    }

    /// <summary>The memberships so far as roster rows (staged, and in the roster index for the files read after).</summary>
    protected override void EndFile(InputFile file)
    {
        foreach (var ((engineer, team), days) in _days.OrderBy(kv => kv.Key.Engineer).ThenBy(kv => kv.Key.Team, StringComparer.Ordinal))
        {
            DateOnly from = days.Min, to = days.Min;
            foreach (var day in days.Skip(1))
            {
                if (day.DayNumber - to.DayNumber > MaxGapDays) { Add(engineer, team, from, to); from = day; }
                to = day;
            }
            Add(engineer, team, from, to);
        }
        _days.Clear();
    }

    private void Add(int engineer, string team, DateOnly from, DateOnly to)
    {
        State.Roster.Add(engineer, from, to);
        State.ExtraRosterEngineers.Add(engineer);
        State.Sink?.Add(new RosterRow(engineer, team, from, to, null));
    }

    private static string? Id(JsonObject json, string name) => json[name] switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
        _ => null,
    };

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "day", "user_id", "user_login", "organization_id", "enterprise_id", "team_id", "slug",
    };
}
