using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

/// <summary>Copilot's user-teams reports as a roster source beside roster.csv.</summary>
public class CopilotUserTeamsTests
{
    [Fact]
    public void Memberships_by_day_become_roster_rows_and_the_usage_of_their_users_is_on_a_team()
    {
        // carol is on no roster row; the user-teams report puts her on t2 (by slug) from 2024-03-01 to 2024-03-05 and,
        // after a gap of more than a week, on 2024-03-20; dave's team is t1 by its numeric id; one record names no team.
        var teams = TestData.Teams + "42,payments,Forty-two,2,go\n";
        string Day(string login, string day, string slug, int teamId) =>
            $$"""{"day":"{{day}}","user_login":"{{login}}","user_id":7,"organization_id":"1","team_id":{{teamId}},"slug":"{{slug}}"}""";
        var memberships = string.Join("\n",
            Day("carol-gh", "2024-03-01", "t2", 900), Day("carol-gh", "2024-03-02", "t2", 900), Day("carol-gh", "2024-03-05", "t2", 900),
            Day("carol-gh", "2024-03-20", "t2", 900), Day("dave-gh", "2024-03-01", "no-such-slug", 42),
            Day("erin-gh", "2024-03-01", "no-such-slug", 99)) + "\n";
        var usage = """{"day":"2024-03-02","user_login":"carol-gh","user_initiated_interaction_count":4}""" + "\n";
        var (report, sink) = Read(Folder(("teams.csv", teams), ("copilot/organization-user-teams-1-day.ndjson", memberships), ("copilot/users.ndjson", usage)));

        var extra = sink.Roster.Where(r => r.Level is null).Select(r => $"{sink.Engineers[r.EngineerKey]} {r.TeamId} {r.ValidFrom:yyyy-MM-dd} {r.ValidTo:yyyy-MM-dd}").ToArray();
        Assert.Equal(
        [
            $"{P("carol-gh")} t2 2024-03-01 2024-03-05",
            $"{P("carol-gh")} t2 2024-03-20 2024-03-20",
            $"{P("dave-gh")} 42 2024-03-01 2024-03-01",
        ], extra.Order(StringComparer.Ordinal));
        var file = Assert.Single(report.Files, f => f.File == "copilot/organization-user-teams-1-day.ndjson");
        Assert.Equal(("roster", 6L, 5L, 1L), (file.Table, file.RowsRead, file.RowsUsed, file.RowsRejected));
        Assert.Contains(Problems(report), p => p.StartsWith("error copilot/organization-user-teams-1-day.ndjson line 6, column 'slug'", StringComparison.Ordinal) && p.Contains("[unknown_team]"));
        // carol's usage is now on a team: no "not on the roster" note for the usage file.
        Assert.DoesNotContain(report.Notes, n => n.File == "copilot/users.ndjson" && n.Rule == Diagnostics.Rules.EngineersNotInRoster);
        Assert.Equal(P("carol-gh"), sink.Engineers[Assert.Single(sink.AiUsage, r => r.Date == new DateOnly(2024, 3, 2)).EngineerKey]);
    }
}
