using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

/// <summary>Good and bad rows for every CONTRACT §1 file, with the exact diagnostic texts.</summary>
public class FileRulesTests
{
    [Fact]
    public void Teams_duplicate_and_missing_required_values_are_rejected_extra_column_is_a_note()
    {
        var folder = Folder(("teams.csv", "team_id,org,name,cost_center\nt1,payments,Pay,c1\nt2,search,Search,c2\nt1,payments,Again,c3\n,ops,NoId,c4\n"));
        var (report, sink) = Read(folder);
        Assert.Equal(["t1", "t2"], sink.Teams.Select(t => t.TeamId));
        Assert.Equal("Pay", sink.Teams[0].Name);
        Assert.Null(sink.Teams[0].ServiceTier);
        Assert.Equal(
        [
            "error teams.csv line 4, column 'team_id': found 't1', expected a team_id value not seen before (first seen on line 2) [duplicate_id]",
            "error teams.csv line 5, column 'team_id': found '', expected a non-empty value [missing_value]",
        ], Problems(report));
        // Header cells outside the schema are not echoed: a missing header line would make them data (maybe engineer ids).
        Assert.Equal("note teams.csv line 1: found 'header cell 4 (not shown: if the header line is missing it is data, and may be a personal id)', expected a column of the schema (CONTRACT §1); this one is ignored [unknown_column]",
            Assert.Single(report.Notes).ToString());
        var teams = Assert.Single(report.Files, f => f.Table == "teams");
        Assert.Equal((4L, 2L, 2L), (teams.RowsRead, teams.RowsUsed, teams.RowsRejected));
    }

    [Fact]
    public void A_file_with_more_columns_than_a_record_first_holds_is_read_whole()
    {
        // Twenty columns outside the schema: the reader's field table grows on the first record (the header) without losing a field.
        var extra = string.Join(",", Enumerable.Range(1, 20).Select(i => $"x{i}"));
        var values = string.Join(",", Enumerable.Range(1, 20).Select(i => $"{i}"));
        var folder = Folder(("teams.csv", $"team_id,org,name,{extra}\nt1,payments,Pay,{values}\nt2,search,Search,{values}\n"));
        var (report, sink) = Read(folder);
        Assert.Equal(["t1", "t2"], sink.Teams.Select(t => t.TeamId));
        Assert.Equal(["payments", "search"], sink.Teams.Select(t => t.Org));
        Assert.Equal(20, report.Notes.Count);
        Assert.Empty(Problems(report));
    }

    [Fact]
    public void Roster_unknown_team_bad_date_and_reversed_range()
    {
        var folder = Folder(("roster.csv",
            "engineer_id,team_id,valid_from,valid_to,level\n" +
            "alice@example.com,t1,2024-01-01,,senior\n" +
            "bob@example.com,t9,2024-01-01,,mid\n" +
            "carol@example.com,t1,2025-02-30,,mid\n" +
            "dave@example.com,t2,2024-05-01,2024-04-01,mid\n"));
        var (report, sink) = Read(folder);
        Assert.Equal(
        [
            $"error roster.csv line 3, column 'team_id': found '{P("t9")}', expected a team_id listed in teams [unknown_team]",
            "error roster.csv line 4, column 'valid_from': found '2025-02-30', expected a date YYYY-MM-DD [invalid_value]",
            // A range ending before it starts is rejected (it used to be kept open-ended, counting dave on t2 for ever).
            "error roster.csv line 5, column 'valid_to': found '2024-04-01', expected a date not before valid_from (2024-05-01) [timestamps_out_of_order]",
        ], Problems(report));
        Assert.Equal([P("alice@example.com")], sink.Roster.Select(r => sink.Engineers[r.EngineerKey]));
    }

    [Fact]
    public void Ai_usage_required_and_optional_rules()
    {
        var folder = Folder(("ai_usage.csv",
            "date,engineer_id,tool,model,feature,interactions,suggestions,acceptances,lines_suggested,lines_accepted,agent_sessions,extra\n" +
            "2024-03-01,alice@example.com,copilot,gpt-4o,chat,5,10,4,40,30,,x\n" +
            "2024-03-01,alice@example.com,copilot,gpt-4o,completion,5,10,12,40,30,,x\n" +
            "2024-03-02,bob@example.com,cursor,,dreaming,-3,,,,,,x\n" +
            "2024-03-02,,cursor,,agent,1,,,,,2,x\n" +
            "2024-03-04,bob@example.com,cursor,,agent,2,,,,,-1,x\n" +
            "2024-03-05,bob@example.com,cursor\n"));
        var (report, sink) = Read(folder);
        var bob = P("bob@example.com");
        Assert.Equal(
        [
            "warning ai_usage.csv line 3, column 'acceptances': found '12', expected at most suggestions (10) [acceptances_above_suggestions]",
            // ai_usage.csv carries engineer ids: a text that is no valid value may be a shifted id, so it is shown as a pseudonym.
            $"warning ai_usage.csv line 4, column 'feature': found '{P("dreaming")}', expected one of completion, chat, agent, cli, review, other [invalid_value]",
            "error ai_usage.csv line 4, column 'interactions': found '-3', expected a whole number, 0 or more [negative_count]",
            "error ai_usage.csv line 5, column 'engineer_id': found '', expected a non-empty value [missing_value]",
            "warning ai_usage.csv line 6, column 'agent_sessions': found '-1', expected a whole number, 0 or more [negative_count]",
            "error ai_usage.csv line 7: found '3 fields', expected 12 fields, as in the header [wrong_field_count]",
        ], Problems(report));
        Assert.Equal(3, sink.AiUsage.Count);
        Assert.Null(sink.AiUsage[1].Acceptances);
        Assert.Equal((2, (int?)null, "agent"), (sink.AiUsage[2].Interactions, sink.AiUsage[2].AgentSessions, sink.AiUsage[2].Feature));
        Assert.Equal(bob, sink.Engineers[sink.AiUsage[2].EngineerKey]);
        var file = Assert.Single(report.Files, f => f.Table == "ai_usage");
        Assert.Equal((6L, 3L, 3L), (file.RowsRead, file.RowsUsed, file.RowsRejected));
    }

    [Fact]
    public void Deployments_rules()
    {
        var folder = Folder(("deployments.csv",
            "deployment_id,team_id,finished_at,status,service,environment,first_commit_at,commits,is_rollback,is_hotfix,is_unplanned\n" +
            "d1,t1,2024-03-01T10:00:00Z,success,api,production,2024-02-28T09:00:00Z,3,false,0,\n" +
            "d2,t1,2024-03-01T10:00:00,success,api,production,,,,,\n" +
            "d3,t3,2024-03-01T10:00:00Z,done,api,production,,,,,\n" +
            "d1,t1,2024-03-02T10:00:00Z,failure,api,production,,,,,\n" +
            "d4,t2,2024-03-02T10:00:00+01:00,failure,api,staging,2024-03-03T00:00:00Z,x,maybe,1,true\n"));
        var (report, sink) = Read(folder);
        Assert.Equal(
        [
            "error deployments.csv line 3, column 'finished_at': found '2024-03-01T10:00:00', expected an ISO-8601 timestamp with an offset or Z, e.g. 2025-03-01T14:05:00Z [invalid_value]",
            "error deployments.csv line 4, column 'team_id': found 't3', expected a team_id listed in teams [unknown_team]",
            "error deployments.csv line 4, column 'status': found 'done', expected one of success, failure [invalid_value]",
            "error deployments.csv line 5, column 'deployment_id': found 'd1', expected a deployment_id value not seen before (first seen on line 2) [duplicate_id]",
            "warning deployments.csv line 6, column 'first_commit_at': found '2024-03-03T00:00:00Z', expected a time not after finished_at (2024-03-02T10:00:00+01:00) [timestamps_out_of_order]",
            "warning deployments.csv line 6, column 'commits': found 'x', expected a whole number, 0 or more [invalid_value]",
            "warning deployments.csv line 6, column 'is_rollback': found 'maybe', expected true, false, 1, 0 or empty [invalid_value]",
        ], Problems(report));
        // d1 and d4 are used: staged under keys 0 and 1 (their order among the used deployments).
        Assert.Equal([(0, "t1"), (1, "t2")], sink.Deployments.Select(d => (d.DeploymentKey, d.TeamId)));
        var d4 = sink.Deployments[1];
        Assert.Equal(new DateTime(2024, 3, 2, 9, 0, 0, DateTimeKind.Utc), d4.FinishedAt);
        Assert.Equal(((DateTime?)null, (bool?)null, (bool?)true, (bool?)true), (d4.FirstCommitAt, d4.IsRollback, d4.IsHotfix, d4.IsUnplanned));
    }

    [Fact]
    public void Incidents_rules()
    {
        var folder = Folder(
            ("deployments.csv", "deployment_id,team_id,finished_at,status\nd1,t1,2024-03-01T10:00:00Z,success\n"),
            ("incidents.csv",
                "incident_id,team_id,created_at,resolved_at,severity,kind,caused_by_deployment_id,escaped\n" +
                "i1,t1,2024-03-02T10:00:00Z,2024-03-02T12:00:00Z,2,incident,d1,true\n" +
                "i2,t1,2024-03-02T10:00:00Z,2024-03-01T12:00:00Z,9,outage,d9,maybe\n" +
                "i3,,2024-03-02T10:00:00Z,,,,,\n"));
        var (report, sink) = Read(folder);
        Assert.Equal(
        [
            "warning incidents.csv line 3, column 'resolved_at': found '2024-03-01T12:00:00Z', expected a time not before created_at (2024-03-02T10:00:00Z) [timestamps_out_of_order]",
            "warning incidents.csv line 3, column 'severity': found '9', expected a whole number from 1 (worst) to 5 [invalid_value]",
            "warning incidents.csv line 3, column 'kind': found 'outage', expected one of incident, defect [invalid_value]",
            "warning incidents.csv line 3, column 'caused_by_deployment_id': found 'd9', expected a deployment_id listed in deployments [unknown_deployment]",
            "warning incidents.csv line 3, column 'escaped': found 'maybe', expected true, false, 1, 0 or empty [invalid_value]",
            "error incidents.csv line 4, column 'team_id': found '', expected a non-empty value [missing_value]",
        ], Problems(report));
        Assert.Equal(2, sink.Incidents.Count);
        Assert.Equal(((int?)0, "incident"), (sink.Incidents[0].CausedByDeploymentKey, sink.Incidents[0].Kind));
        var i2 = sink.Incidents[1];
        Assert.True(i2 is { ResolvedAt: null, Kind: null, CausedByDeploymentKey: null, Escaped: null });
    }

    [Fact]
    public void Pull_requests_rules_including_roster_membership_at_created_at()
    {
        var folder = Folder(("pull_requests.csv",
            "pr_id,author_id,created_at,team_id,repository,first_commit_at,first_review_at,merged_at,additions,deletions,review_comments,review_rounds,ai_assisted,reverted\n" +
            "p1,alice@example.com,2024-03-01T10:00:00Z,,api,,2024-03-01T11:00:00Z,2024-03-02T10:00:00Z,10,2,1,1,true,false\n" +
            "p2,alice@example.com,2024-03-01T10:00:00Z,,api,,,2024-03-01T09:00:00Z,-5,,,,,\n" +
            "p3,bob@example.com,2024-08-01T10:00:00Z,t2,api,,,,,,,,,\n" +
            "p4,alice@example.com,2024-03-01T10:00:00Z,t7,api,,,,,,,,,\n" +
            "p1,alice@example.com,2024-03-05T10:00:00Z,,api,,,,,,,,,\n" +
            "p5,alice@example.com,yesterday,,api,,,,,,,,,\n"));
        var (report, sink) = Read(folder);
        var bob = P("bob@example.com");
        Assert.Equal(
        [
            "warning pull_requests.csv line 3, column 'merged_at': found '2024-03-01T09:00:00Z', expected a time not before created_at (2024-03-01T10:00:00Z) [timestamps_out_of_order]",
            "warning pull_requests.csv line 3, column 'additions': found '-5', expected a whole number, 0 or more [negative_count]",
            $"warning pull_requests.csv line 4, column 'author_id': found '{bob}', expected an engineer on the roster on 2024-08-01 (row kept: counted for its team_id, unattributed when team_id is empty) [author_not_in_roster]",
            $"warning pull_requests.csv line 5, column 'team_id': found '{P("t7")}', expected a team_id listed in teams [unknown_team]",
            $"error pull_requests.csv line 6, column 'pr_id': found '{P("p1")}', expected a pr_id value not seen before (first seen on line 2) [duplicate_id]",
            $"error pull_requests.csv line 7, column 'created_at': found '{P("yesterday")}', expected an ISO-8601 timestamp with an offset or Z, e.g. 2025-03-01T14:05:00Z [invalid_value]",
        ], Problems(report));
        var march1 = new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal([march1, march1, new DateTime(2024, 8, 1, 10, 0, 0, DateTimeKind.Utc), march1],
            sink.PullRequests.Select(p => p.CreatedAt)); // p1…p4 are used; the repeated p1 and p5 are rejected
        Assert.True(sink.PullRequests[1] is { MergedAt: null, Additions: null });
        Assert.Equal("t2", sink.PullRequests[2].TeamId);
        Assert.Null(sink.PullRequests[3].TeamId);
    }

    [Fact]
    public void Mandates_rules()
    {
        var folder = Folder(("mandates.csv",
            "mandate_id,scope,metric,target_multiplier,baseline_from,baseline_to,deadline,source\n" +
            "m1,all,deployments,3,2024-01-01,2024-06-30,2025-12-31,CEO memo\n" +
            "m2,org:search,merged_prs_per_engineer,10,,,,\n" +
            "m3,team:t9,deployments,2,,,,\n" +
            "m4,org:nowhere,deployments,2,,,,\n" +
            "m5,everyone,velocity,-1,,,,\n" +
            "m6,team:t1,deployments,1.5,2024-06-01,2024-01-01,2024-13-01,\n"));
        var (report, sink) = Read(folder);
        Assert.Equal(
        [
            "error mandates.csv line 4, column 'scope': found 'team:t9', expected a team_id listed in teams [unknown_team]",
            "error mandates.csv line 5, column 'scope': found 'org:nowhere', expected an org listed in teams [unknown_team]",
            "error mandates.csv line 6, column 'scope': found 'everyone', expected all, org:<org> or team:<team_id> [invalid_value]",
            "error mandates.csv line 6, column 'metric': found 'velocity', expected one of " + string.Join(", ", Files.MandatesReader.Outcomes) + " [invalid_value]",
            "error mandates.csv line 6, column 'target_multiplier': found '-1', expected a number greater than 0, e.g. 3 or 1.5 [invalid_value]",
            "warning mandates.csv line 7, column 'baseline_to': found '2024-01-01', expected a date not before baseline_from (2024-06-01) [timestamps_out_of_order]",
            "warning mandates.csv line 7, column 'deadline': found '2024-13-01', expected a date YYYY-MM-DD [invalid_value]",
        ], Problems(report));
        Assert.Equal(["m1", "m2", "m6"], sink.Mandates.Select(m => m.MandateId));
        Assert.Equal((3.0, "CEO memo"), (sink.Mandates[0].TargetMultiplier, sink.Mandates[0].Source));
    }

    [Fact]
    public void Non_utf8_bytes_in_an_optional_text_field_are_a_warning_and_the_field_is_unknown()
    {
        var folder = Folder();
        File.WriteAllBytes(Path.Combine(folder, "teams.csv"),
            [.. "team_id,org,name\nt1,payments,Caf"u8, 0xE9, .. "\nt2,search,Search\n"u8]);
        var (report, sink) = Read(folder);
        Assert.Equal(["warning teams.csv line 2, column 'name': found 'Caf\uFFFD', expected UTF-8 text [invalid_utf8]"], Problems(report));
        Assert.Null(sink.Teams[0].Name);
        Assert.Equal(2, sink.Teams.Count);
    }

    [Fact]
    public void Quoted_fields_with_line_breaks_report_the_line_where_the_record_starts()
    {
        var folder = Folder(("teams.csv", "team_id,org,name\nt1,payments,\"two\nlines\"\nt2,search,\"say \"\"hi\"\", ok\"\nt3,ops,x,y\n"));
        var (report, sink) = Read(folder);
        Assert.Equal(["error teams.csv line 5: found '4 fields', expected 3 fields, as in the header [wrong_field_count]"], Problems(report));
        Assert.Equal(["two\nlines", "say \"hi\", ok"], sink.Teams.Select(t => t.Name!));
    }
}
