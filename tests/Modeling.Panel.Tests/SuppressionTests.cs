using DuckDB.NET.Data;
using Modeling.Panel.Tests.Support;
using Modeling.Tests;
using static Modeling.Panel.Tests.Support.Orgs;

namespace Modeling.Panel.Tests;

/// <summary>Small groups in the panel files people read: blanked and marked, at the panel's minimum group size.</summary>
public class SuppressionTests
{
    /// <summary>Three teams all of January and February 2025 with 1, 4 and 5 engineers; everyone uses AI and every team ships.</summary>
    private static Org Sized()
    {
        var org = new Org();
        int engineer = 0;
        foreach (var (team, size) in new[] { ("team-five", 5), ("team-four", 4), ("team-one", 1) })
        {
            org.Teams.Add(new Team(team, "org", "1", "go"));
            for (int i = 0; i < size; i++, engineer++)
            {
                org.Roster.Add(new Membership(engineer, team, D(2024, 12, 1), null));
                org.Usage.Add(new Usage(D(2025, 1, 6), engineer, "copilot", "gpt-4o", "chat", 5, Suggestions: 4, Acceptances: 2));
                org.Usage.Add(new Usage(D(2025, 2, 6), engineer, "copilot", "gpt-4o", "chat", 5, Suggestions: 4, Acceptances: 2));
            }
            org.Deployments.Add(new Deployment(team + "-d1", team, Utc(2025, 1, 10), "success"));
            org.Deployments.Add(new Deployment(team + "-d2", team, Utc(2025, 2, 10), "success"));
        }
        return org;
    }

    private static TeamPanel Build(double minimum = SmallGroups.DefaultMinGroupSize)
    {
        using var connection = Sized().Load();
        return new PanelBuilder(new PanelOptions(SmallGroupThreshold: minimum)).Build(connection);
    }

    /// <summary>panel.csv as header → value per row, keyed by team_id and period.</summary>
    private static Dictionary<(string Team, string Period), Dictionary<string, string>> Csv(TeamPanel panel)
    {
        var text = new StringWriter();
        PanelFiles.WriteCsv(panel, text);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))
            .ToDictionary(row => (row["team_id"], row["period"]));
    }

    private static readonly string[] Kept =
        ["team_id", "period", "engineers", "adoption_period", "org", "service_tier", "primary_language", "members", "period_index", "cohort", "small_group", "suppressed"];

    [Fact]
    public void Teams_of_one_and_four_engineers_are_blanked_and_marked_and_a_team_of_five_is_not()
    {
        var panel = Build();
        var rows = Csv(panel);
        Assert.Equal(6, rows.Count);
        Assert.Equal([.. panel.Columns.Select(c => c.Name), "suppressed"], PanelFiles.FileColumns(panel).Select(c => c.Name));
        foreach (var period in new[] { "2025-01", "2025-02" })
        {
            foreach (var (team, size) in new[] { ("team-one", "1"), ("team-four", "4") })
            {
                var row = rows[(team, period)];
                Assert.Equal("true", row["suppressed"]);
                Assert.Equal(size, row["engineers"]);
                Assert.Equal(team, row["team_id"]);
                Assert.Equal("org", row["org"]);
                Assert.Equal("2025-01", row["adoption_period"]);
                // Every outcome and treatment value is withheld; only the descriptive columns keep a value.
                Assert.All(row.Where(c => !Kept.Contains(c.Key)), c => Assert.True(c.Value.Length == 0, $"{team} {period} {c.Key}={c.Value}"));
                Assert.Equal(panel.Columns.Length + 1 - Kept.Length, row.Keys.Count(k => !Kept.Contains(k)));
            }
            var five = rows[("team-five", period)];
            Assert.Equal("false", five["suppressed"]);
            Assert.Equal("1", five["deployments"]);
            Assert.Equal("1", five["ai_active_share"]);
            Assert.Equal("0.2", five["deployments_per_engineer"]);
        }
    }

    [Fact]
    public void A_minimum_of_one_shows_every_team()
    {
        var rows = Csv(Build(minimum: 1));
        Assert.All(rows.Values, row => Assert.Equal("false", row["suppressed"]));
        Assert.Equal("1", rows[("team-one", "2025-01")]["deployments"]);
        Assert.Equal("1", rows[("team-one", "2025-01")]["deployments_per_engineer"]);
        Assert.Equal("0.25", rows[("team-four", "2025-02")]["deployments_per_engineer"]);
        Assert.Equal("1", rows[("team-four", "2025-02")]["ai_active_share"]);
    }

    [Fact]
    public void The_in_memory_panel_keeps_every_value_so_estimation_uses_every_team()
    {
        var panel = Build();
        Assert.Equal([false, false, true, true, true, true], panel.SmallGroup.ToArray());
        Assert.All(panel.Values("deployments"), v => Assert.Equal(1, v));
        Assert.Equal(["team-five", "team-four", "team-one"], panel.ToPanelData("deployments").UnitLabels);
        Assert.DoesNotContain(PanelColumns.Suppressed, panel.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Parquet_is_suppressed_like_the_csv()
    {
        var panel = Build();
        var path = Path.Combine(TestPaths.NewTempFolder("suppressed-parquet"), "panel.parquet");
        PanelFiles.Write(panel, path);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT team_id, engineers, deployments, ai_active_share, tool_share_copilot, members, suppressed FROM read_parquet('{path}') ORDER BY team_id, period";
        using var reader = command.ExecuteReader();
        var seen = new List<string>();
        while (reader.Read())
        {
            string team = reader.GetString(0);
            bool small = team != "team-five";
            seen.Add(team);
            Assert.Equal(small, reader.GetBoolean(6));
            Assert.Equal(team switch { "team-five" => 5, "team-four" => 4, _ => 1 }, reader.GetDouble(1));
            Assert.Equal(small, reader.IsDBNull(2));
            Assert.Equal(small, reader.IsDBNull(3));
            Assert.Equal(small, reader.IsDBNull(4));
            Assert.False(reader.IsDBNull(5));
        }
        Assert.Equal(6, seen.Count);
        var columns = new List<string>();
        using var describe = connection.CreateCommand();
        describe.CommandText = $"SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('{path}'))";
        using (var names = describe.ExecuteReader())
            while (names.Read()) columns.Add(names.GetString(0));
        Assert.Equal(PanelFiles.FileColumns(panel).Select(c => c.Name), columns);
    }

    [Fact]
    public void The_display_frame_is_blanked_and_marked_as_the_file_is()
    {
        var frame = Build().ToDisplayFrame();
        var suppressed = frame[PanelColumns.Suppressed];
        for (long row = 0; row < frame.Rows.Count; row++)
        {
            bool small = (string)frame["team_id"][row] != "team-five";
            Assert.Equal(small, (bool)suppressed[row]!);
            Assert.Equal(small, frame["deployments"][row] is null);
            Assert.Equal(small, frame["ai_active_share"][row] is null);
            Assert.NotNull(frame["engineers"][row]);
        }
    }

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(4.999, true)]
    [InlineData(5, false)]
    [InlineData(double.NaN, true)]
    public void A_cell_is_small_below_the_minimum_or_when_its_size_is_unknown(double engineers, bool small) =>
        Assert.Equal(small, SmallGroups.IsSmall(engineers, 5));
}
