using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

/// <summary>identities.csv: vendor identifiers (emails, logins, identity-centre ids) mapped to roster engineers.</summary>
public class IdentitiesTests
{
    private const string Identities =
        "engineer_id,kind,alias\n" +
        "alice@example.com,login,alice-gh\n" +          // line 2
        "alice@example.com,identity_center,90676c2a-7041-7a4e\n" +
        "bob@example.com,login,bobby\n" +
        "bob@example.com,login,alice-gh\n" +            // line 5: alias of another engineer
        "alice@example.com,email,bob@example.com\n" +   // line 6: another engineer's roster id
        "alice@example.com,login,alice-gh\n" +          // line 7: the same mapping again (harmless)
        "carol@example.com,badge,carol-1\n" +           // line 8: unknown kind
        "dave@example.com,login,dave-gh\n";             // line 9: not on the roster (kept, one note)

    [Fact]
    public void Aliases_put_usage_and_pull_requests_on_the_roster_engineer_and_conflicts_are_rejected()
    {
        var usage = "date,engineer_id,tool,model,feature,interactions\n2024-03-01,alice-gh,copilot,,chat,5\n2024-03-02,bobby,copilot,,chat,2\n2024-03-03,stranger,copilot,,chat,1\n";
        var prs = "pr_id,author_id,created_at,team_id\npr1,alice-gh,2024-03-01T10:00:00Z,\n";
        var copilot = """{"day":"2024-03-04","user_login":"90676c2a-7041-7a4e","user_initiated_interaction_count":3}""" + "\n";
        var output = Modeling.Tests.TestPaths.NewTempFolder("identities-out");
        var (report, sink) = Read(Folder(("identities.csv", Identities), ("ai_usage.csv", usage), ("pull_requests.csv", prs), ("copilot/report.ndjson", copilot)), output);

        var alice = P("alice@example.com");
        Assert.Equal([alice, P("bob@example.com"), P("stranger"), alice],
            sink.AiUsage.Select(r => sink.Engineers[r.EngineerKey]).ToArray());
        Assert.Equal(alice, sink.Engineers[Assert.Single(sink.PullRequests).AuthorKey]);
        Assert.Equal(string.Join("\n",
        [
            $"error identities.csv line 5, column 'alias': found '{P("alice-gh")}', expected an alias not already given to another engineer (line 2) [alias_conflict]",
            $"error identities.csv line 6, column 'alias': found '{P("bob@example.com")}', expected an alias that is not another engineer's roster engineer_id [alias_conflict]",
            $"error identities.csv line 8, column 'kind': found '{P("badge")}', expected one of email, login, user_id, identity_center, other [invalid_value]",
        ]), string.Join("\n", Problems(report).Where(p => p.StartsWith("error", StringComparison.Ordinal))));
        var notes = report.Notes.Select(n => n.ToString()).ToArray();
        Assert.Contains(notes, p => p.Contains("1 engineers in identities.csv not on the roster", StringComparison.Ordinal));
        // The usage of an identifier neither the roster nor identities.csv knows is kept, and said.
        Assert.Contains(notes, p => p.Contains("ai_usage.csv") && p.Contains("1 engineers (1 rows) not on the roster", StringComparison.Ordinal));
        var file = Assert.Single(report.Files, f => f.Table == "identities");
        Assert.Equal((9L - 1, 5L, 3L), (file.RowsRead, file.RowsUsed, file.RowsRejected));

        foreach (var path in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(path);
            foreach (var raw in new[] { "alice-gh", "90676c2a-7041-7a4e", "bobby", "dave-gh", "alice@example.com", "bob@example.com" })
                Assert.DoesNotContain(raw, text);
        }
        Assert.All(report.Diagnostics.Concat(report.Notes), d => Assert.DoesNotContain("alice-gh", d.ToString()));
    }
}
