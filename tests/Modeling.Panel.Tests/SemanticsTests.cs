using DuckDB.NET.Data;
using Modeling.Panel.Tests.Support;
using Modeling.Tests;
using static Modeling.Panel.Tests.Support.Orgs;

namespace Modeling.Panel.Tests;

/// <summary>CONTRACT §3 rules on a hand-made organisation, one expectation per rule (values worked out by hand).</summary>
public class SemanticsTests
{
    /// <summary>
    /// team-a: engineers 0..5 all of January and February; engineer 6 moves from team-a to team-b on 2025-01-16
    /// (the move day is in both ranges). team-b: engineers 7, 8 (8 leaves 2025-01-31, so team-b has one member in February).
    /// team-c: a member only in January.
    /// </summary>
    private static Org Handmade()
    {
        var org = new Org();
        org.Teams.AddRange([new Team("team-a", "org"), new Team("team-b", "org"), new Team("team-c", "org")]);
        for (int e = 0; e < 6; e++) org.Roster.Add(new Membership(e, "team-a", D(2024, 12, 1), null));
        org.Roster.Add(new Membership(6, "team-a", D(2024, 12, 1), D(2025, 1, 16)));
        org.Roster.Add(new Membership(6, "team-b", D(2025, 1, 16), null));
        org.Roster.Add(new Membership(7, "team-b", D(2025, 1, 1), null));
        org.Roster.Add(new Membership(8, "team-b", D(2025, 1, 1), D(2025, 1, 31)));
        org.Roster.Add(new Membership(9, "team-c", D(2025, 1, 1), D(2025, 1, 31)));
        // Usage: engineers 0,1,2 active in January (3 of 7 team-a members); 0..3 in February.
        org.Usage.Add(new Usage(D(2025, 1, 2), 0, "copilot", "gpt-4o", "agent", 10, Suggestions: 10, Acceptances: 1));
        org.Usage.Add(new Usage(D(2025, 1, 3), 1, "copilot", null, "chat", 30, Suggestions: 90, Acceptances: 9));
        org.Usage.Add(new Usage(D(2025, 1, 4), 2, "Cursor", "gpt-4o", "completion", 60, Suggestions: null, Acceptances: 50));
        for (int e = 0; e < 4; e++) org.Usage.Add(new Usage(D(2025, 2, 10), e, "copilot", "gpt-4o", "chat", 1));
        // PR by engineer 6 without team_id on 2025-01-16 (move day): counts for team-b, the membership that began last.
        org.PullRequests.Add(new PullRequest("pr-1", 6, Utc(2025, 1, 16, 9), MergedAt: Utc(2025, 1, 17, 9), Additions: 10, Deletions: 5));
        org.PullRequests.Add(new PullRequest("pr-2", 6, Utc(2025, 1, 15, 9), MergedAt: Utc(2025, 1, 15, 21), Additions: 1, Deletions: 1));
        // Releases for team-a in January: a success at the last instant of January (UTC), one just after midnight.
        org.Deployments.Add(new Deployment("d1", "team-a", new DateTime(2025, 1, 31, 23, 59, 59, DateTimeKind.Utc), "success"));
        org.Deployments.Add(new Deployment("d2", "team-a", new DateTime(2025, 2, 1, 0, 0, 0, DateTimeKind.Utc), "success"));
        org.Deployments.Add(new Deployment("d3", "team-a", Utc(2025, 1, 10), "success", "staging"));       // not a release
        org.Deployments.Add(new Deployment("d4", "team-a", Utc(2025, 1, 11), "failure", "Production"));    // a failed release
        org.Deployments.Add(new Deployment("d5", "team-a", Utc(2025, 1, 11, 14), "success", "prod", IsHotfix: true));
        // Incidents for team-a in January: kind empty counts as an incident; one names d5 (resolved after 6 h).
        org.Incidents.Add(new Incident("i1", "team-a", Utc(2025, 1, 12), Utc(2025, 1, 12, 18), null, "d5"));
        org.Incidents.Add(new Incident("i2", "team-a", Utc(2025, 1, 13), null, "defect", Escaped: true));
        return org;
    }

    private static TeamPanel Build(PanelOptions? options = null, StagingSource sources = PanelBuilder.AllSources)
    {
        using var connection = Handmade().Load();
        return new PanelBuilder(options).Build(connection, sources);
    }

    private static int Row(TeamPanel panel, string team, string period) =>
        Enumerable.Range(0, panel.RowCount).Single(r => panel.TeamIds[panel.TeamIndex[r]] == team && panel.PeriodLabel[r] == period);

    private static double Value(TeamPanel panel, string team, string period, string column) => panel.Values(column)[Row(panel, team, period)];

    [Fact]
    public void RowsAreTeamPeriodsWithMembersInTeamThenPeriodOrder()
    {
        var panel = Build();
        Assert.Equal(["2025-01", "2025-02"], panel.PeriodLabels.ToArray());
        Assert.Equal(
            [("team-a", "2025-01"), ("team-a", "2025-02"), ("team-b", "2025-01"), ("team-b", "2025-02"), ("team-c", "2025-01")],
            Enumerable.Range(0, panel.RowCount).Select(r => (panel.TeamIds[panel.TeamIndex[r]], panel.PeriodLabel[r])));
    }

    [Fact]
    public void PeriodsAreThoseOfTheAiUsageTelemetryAndEventsOutsideThemAreCounted()
    {
        // The telemetry covers January and February. A release in March is outside and reported; a PR created
        // in December (before the telemetry) by a team-a member and merged in February still counts for team-a
        // in February; a PR merged in March is outside and reported.
        var org = Handmade();
        org.Deployments.Add(new Deployment("d9", "team-a", Utc(2025, 3, 5), "success"));
        org.PullRequests.Add(new PullRequest("pr-8", 0, Utc(2024, 12, 20, 9), MergedAt: Utc(2025, 2, 3, 9)));
        org.PullRequests.Add(new PullRequest("pr-9", 0, Utc(2025, 2, 20, 9), MergedAt: Utc(2025, 3, 2, 9)));
        using var connection = org.Load();
        var panel = new PanelBuilder().Build(connection);
        Assert.Equal(["2025-01", "2025-02"], panel.PeriodLabels.ToArray());
        Assert.Equal(1, Value(panel, "team-a", "2025-02", "merged_prs"));
        Assert.Equal(2, panel.Diagnostics.EventsOutsidePeriods);
        Assert.Equal(0, panel.Diagnostics.UnattributedPullRequests);
    }

    [Fact]
    public void EngineerMonthsCountMemberDaysAndPerEngineerDividesByThem()
    {
        var panel = Build();
        Assert.Equal(6 + 16.0 / 31, Value(panel, "team-a", "2025-01", "engineers"), 12);
        Assert.Equal(7, Value(panel, "team-a", "2025-01", "members"));
        Assert.Equal(2 + 16.0 / 31, Value(panel, "team-b", "2025-01", "engineers"), 12);
        // Two January releases (d1 at 23:59:59 UTC and d5; d2 falls in February, d3 is staging, d4 failed).
        Assert.Equal(2, Value(panel, "team-a", "2025-01", "deployments"));
        Assert.Equal(2 / (6 + 16.0 / 31), Value(panel, "team-a", "2025-01", "deployments_per_engineer"), 12);
        Assert.Equal(1, Value(panel, "team-a", "2025-02", "deployments"));
    }

    [Fact]
    public void PeriodsWithoutActivityAreZerosAndMediansMissing()
    {
        var panel = Build();
        Assert.Equal(0, Value(panel, "team-c", "2025-01", "deployments"));
        Assert.Equal(0, Value(panel, "team-c", "2025-01", "merged_prs_per_engineer"));
        Assert.Equal(0, Value(panel, "team-c", "2025-01", "ai_active_share"));
        Assert.True(double.IsNaN(Value(panel, "team-c", "2025-01", "pr_cycle_hours")));
        Assert.True(double.IsNaN(Value(panel, "team-c", "2025-01", "change_failure_rate")));
    }

    [Fact]
    public void PullRequestsWithoutTeamGoToTheAuthorsTeamOnTheCreationDay()
    {
        var panel = Build();
        Assert.Equal(1, Value(panel, "team-a", "2025-01", "merged_prs")); // pr-2, created 01-15
        Assert.Equal(1, Value(panel, "team-b", "2025-01", "merged_prs")); // pr-1, created on the move day
        Assert.Equal(24, Value(panel, "team-b", "2025-01", "pr_cycle_hours"));
        Assert.Equal(15, Value(panel, "team-b", "2025-01", "pr_size_lines"));
    }

    [Fact]
    public void AnAuthorOnTwoTeamsFromTheSameDayCountsForTheLowestTeamIdWhateverTheTeamsOrder()
    {
        // team-z comes first in teams (so it has the smaller team_key); engineer 0 joins both teams on the same day.
        var org = new Org();
        org.Teams.AddRange([new Team("team-z", "org"), new Team("team-m", "org")]);
        org.Roster.Add(new Membership(0, "team-z", D(2025, 1, 1), null));
        org.Roster.Add(new Membership(0, "team-m", D(2025, 1, 1), null));
        org.Usage.Add(new Usage(D(2025, 1, 2), 0, "copilot", "gpt-4o", "chat", 1));
        org.PullRequests.Add(new PullRequest("pr-1", 0, Utc(2025, 1, 10), MergedAt: Utc(2025, 1, 11)));
        using var connection = org.Load();
        var panel = new PanelBuilder().Build(connection);
        Assert.Equal(1, Value(panel, "team-m", "2025-01", "merged_prs"));
        Assert.Equal(0, Value(panel, "team-z", "2025-01", "merged_prs"));
    }

    [Fact]
    public void AStagingDatabaseWithoutTeamKeysIsRefusedWithAClearMessage()
    {
        using var connection = Handmade().Load();
        PanelBuilder.Execute(connection, "ALTER TABLE teams DROP COLUMN team_key");
        var e = Assert.Throws<InvalidOperationException>(() => new PanelBuilder().Build(connection));
        Assert.Equal(Messages.StagingWithoutTeamKey, e.Message);
    }

    [Fact]
    public void ReleasesIncidentsAndFailureRates()
    {
        var panel = Build();
        // Releases in January: d4 (failure), d5 (success, named by incident i1), d1 (success) → CFR 2/3, rework 1/3 (hotfix).
        Assert.Equal(2.0 / 3, Value(panel, "team-a", "2025-01", "change_failure_rate"), 12);
        Assert.Equal(1.0 / 3, Value(panel, "team-a", "2025-01", "rework_rate"), 12);
        Assert.Equal(1, Value(panel, "team-a", "2025-01", "incidents"));   // kind empty counts as an incident
        Assert.Equal(1, Value(panel, "team-a", "2025-01", "defects"));
        Assert.Equal(1, Value(panel, "team-a", "2025-01", "escaped_defects"));
        Assert.Equal(6, Value(panel, "team-a", "2025-01", "recovery_hours")); // 12:00 → 18:00
    }

    [Fact]
    public void TreatmentMeasuresAndAdoption()
    {
        var panel = Build();
        Assert.Equal(3.0 / 7, Value(panel, "team-a", "2025-01", "ai_active_share"), 12);
        Assert.Equal(100 / (6 + 16.0 / 31), Value(panel, "team-a", "2025-01", "ai_interactions_per_engineer"), 12);
        // Ratio of sums over rows with both fields known: (1 + 9) / (10 + 90), not the mean of 0.1 and 0.1 and 50/?.
        Assert.Equal(0.1, Value(panel, "team-a", "2025-01", "ai_acceptance_rate"), 12);
        Assert.Equal(0.1, Value(panel, "team-a", "2025-01", "agent_share"), 12);
        Assert.Equal(0.4, Value(panel, "team-a", "2025-01", "tool_share_copilot"), 12);
        Assert.Equal(0.6, Value(panel, "team-a", "2025-01", "tool_share_cursor"), 12);
        Assert.Equal(0.3, Value(panel, "team-a", "2025-01", "model_share_unknown"), 12);
        Assert.Equal(["tool_share_copilot", "tool_share_cursor", "model_share_gpt_4o", "model_share_unknown"], panel.MixColumns);
        // team-a: 3/7 < 0.5 in January, 4/6 in February → adopts 2025-02; never at threshold 0.9.
        Assert.Equal("2025-02", panel.Teams[panel.TeamIds.IndexOf("team-a")].AdoptionPeriod);
        Assert.Equal(2025 * 12 + 2, panel.Teams[panel.TeamIds.IndexOf("team-a")].Cohort);
        Assert.Null(Build(new PanelOptions(AdoptionThreshold: 0.9)).Teams[0].AdoptionPeriod);
    }

    [Fact]
    public void IsoWeeksLabelAndOrdinal()
    {
        Assert.Equal("2025-W01", PeriodCalendar.Label(PeriodCalendar.StartOf(D(2024, 12, 31), PeriodUnit.Week), PeriodUnit.Week));
        Assert.Equal(D(2024, 12, 30), PeriodCalendar.StartOf(D(2025, 1, 5), PeriodUnit.Week));
        Assert.Equal(1, PeriodCalendar.Ordinal(D(2025, 1, 6), PeriodUnit.Week) - PeriodCalendar.Ordinal(D(2024, 12, 30), PeriodUnit.Week));
        Assert.Equal(D(2024, 12, 30), PeriodCalendar.FromOrdinal(PeriodCalendar.Ordinal(D(2024, 12, 30), PeriodUnit.Week), PeriodUnit.Week));
        Assert.Equal(24301, PeriodCalendar.Ordinal(D(2025, 1, 1), PeriodUnit.Month));
    }

    [Fact]
    public void AbsentInputsMakeOutcomesUnavailableNotZero()
    {
        var panel = Build(sources: StagingSource.PullRequests);
        Assert.Equal(["deployments", "deployment_days", "lead_time_hours", "change_failure_rate", "incidents", "defects",
            "escaped_defects", "recovery_hours", "rework_rate"], panel.UnavailableOutcomes);
        Assert.All(panel.Values("deployments"), v => Assert.True(double.IsNaN(v)));
        var error = Assert.Throws<ArgumentException>(() => panel.ToPanelData("change_failure_rate"));
        Assert.StartsWith("The outcome 'change_failure_rate' is unavailable: it needs deployments.csv and incidents.csv, which the data folder does not have.", error.Message);
        Assert.Null(panel.ToDataFrame()["deployments"][0]);
    }

    [Fact]
    public void PanelDataForEstimators()
    {
        var panel = Build();
        var data = panel.ToPanelData("merged_prs_per_engineer", new PanelDataRequest(WeightByEngineers: true));
        Assert.Equal(panel.RowCount, data.Count);
        Assert.Equal(["team-a", "team-b", "team-c"], data.UnitLabels);
        Assert.Equal(2025 * 12 + 2, data.Cohort![0]);
        Assert.Equal(0, data.Cohort![^1]);
        // Medians without events are left out: only team-a January and team-b January have merged PRs.
        Assert.Equal(2, panel.ToPanelData("pr_cycle_hours").Count);
        Assert.Equal("The panel has no column 'velocity'. Outcome names are those of CONTRACT §3 (e.g. merged_prs, merged_prs_per_engineer). (Parameter 'outcome')",
            Assert.Throws<ArgumentException>(() => panel.ToPanelData("velocity")).Message);
    }

    [Fact]
    public void SmallGroupsAreFlaggedAndSuppressedForDisplay()
    {
        var panel = Build();
        Assert.Equal([false, false, true, true, true], panel.SmallGroup.ToArray());
        var shown = panel.ToDisplayFrame();
        Assert.Null(shown["ai_active_share"][2]);
        Assert.Equal("team-b", shown["team_id"][2]);
        Assert.NotNull(shown["ai_active_share"][0]);
        Assert.Equal(2, panel.ToDisplayFrame(SmallGroupDisplay.Drop).Rows.Count);
    }

    [Fact]
    public void CsvIsDeterministicInvariantAndRoundTrips()
    {
        var panel = Build();
        var first = new StringWriter();
        PanelFiles.WriteCsv(panel, first);
        var second = new StringWriter();
        PanelFiles.WriteCsv(Build(), second);
        Assert.Equal(first.ToString(), second.ToString());
        var lines = first.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("team_id,period,engineers,adoption_period,deployments,deployment_days,merged_prs,lead_time_hours,", lines[0]);
        Assert.EndsWith(",org,service_tier,primary_language,members,period_index,cohort,small_group,suppressed", lines[0]);
        var header = lines[0].Split(',');
        var row = lines[1].Split(',');
        Assert.Equal("team-a", row[0]);
        Assert.Equal("2025-02", row[Array.IndexOf(header, "adoption_period")]);
        Assert.Equal(panel.Engineers[0], double.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture)); // round-trip, bit for bit
        Assert.Equal("", row[Array.IndexOf(header, "lead_time_hours")]);
    }

    [Fact]
    public void ParquetHoldsTheSameValues()
    {
        var panel = Build();
        var path = Path.Combine(TestPaths.NewTempFolder(), "panel.parquet");
        PanelFiles.Write(panel, path);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT team_id, period, engineers, deployments, small_group FROM read_parquet('{path}')";
        using var reader = command.ExecuteReader();
        for (int row = 0; reader.Read(); row++)
        {
            Assert.Equal(panel.TeamIds[panel.TeamIndex[row]], reader.GetString(0));
            Assert.Equal(panel.PeriodLabel[row], reader.GetString(1));
            Assert.Equal(panel.Engineers[row], reader.GetDouble(2));
            // Small groups are withheld in files people read (SuppressionTests).
            if (panel.SmallGroup[row]) Assert.True(reader.IsDBNull(3));
            else Assert.Equal(panel.Values("deployments")[row], reader.GetInt64(3));
            Assert.Equal(panel.SmallGroup[row], reader.GetBoolean(4));
        }
        Assert.Equal(Messages.UnsupportedPanelFile("panel.xlsx"), Assert.Throws<ArgumentException>(() => PanelFiles.Write(panel, "panel.xlsx")).Message.Split(" (Parameter")[0]);
    }

    [Fact]
    public void StagingTablesAreLeftAsTheyWere()
    {
        using var connection = Handmade().Load();
        new PanelBuilder().Build(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'panel_%'";
        Assert.Equal(0L, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void OptionsAreValidated()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PanelBuilder(new PanelOptions(AdoptionThreshold: 1.5)));
        Assert.StartsWith("The adoption threshold (the share of a team's engineers active with AI from which it counts as adopting) must be in (0, 1]. Got 1.5 instead.", error.Message);
    }
}
