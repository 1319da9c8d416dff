using System.Text.RegularExpressions;

namespace Modeling.Simulation.Tests;

public sealed class ContractFormatTests(SmallDailyOrg org) : IClassFixture<SmallDailyOrg>
{
    [Theory]
    [InlineData("teams.csv", "team_id,org,name,service_tier,primary_language")]
    [InlineData("roster.csv", "engineer_id,team_id,valid_from,valid_to,level")]
    [InlineData("ai_usage.csv", "date,engineer_id,tool,model,feature,interactions,suggestions,acceptances,lines_suggested,lines_accepted,agent_sessions")]
    [InlineData("deployments.csv", "deployment_id,team_id,finished_at,status,service,environment,first_commit_at,commits,is_rollback,is_hotfix,is_unplanned")]
    [InlineData("incidents.csv", "incident_id,team_id,created_at,resolved_at,severity,kind,caused_by_deployment_id,escaped")]
    [InlineData("pull_requests.csv", "pr_id,author_id,created_at,team_id,repository,first_commit_at,first_review_at,merged_at,additions,deletions,review_comments,review_rounds,ai_assisted,reverted")]
    [InlineData("mandates.csv", "mandate_id,scope,metric,target_multiplier,baseline_from,baseline_to,deadline,source")]
    public void Headers_are_exactly_the_contract_column_names(string file, string header)
    {
        // Header names copied from CONTRACT §1 by hand.
        Assert.Equal(header, File.ReadLines(Path.Combine(org.Folder, file)).First());
    }

    [Fact]
    public void Every_row_passes_every_contract_row_rule() => Assert.Empty(ContractOracle.Check(org.Folder));

    [Fact]
    public void Files_are_ascii_with_unix_newlines_and_no_quoting()
    {
        foreach (var file in Directory.GetFiles(org.Folder, "*.csv"))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.DoesNotContain(bytes, b => b is (byte)'\r' or (byte)'"' or > 127);
            Assert.Equal((byte)'\n', bytes[^1]);
        }
    }

    [Fact]
    public void Timestamps_use_Z_and_a_few_other_offsets()
    {
        var offsets = OrgData.Rows(org.Folder, "pull_requests.csv").Select(f => f[2][19..]).GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(offsets["Z"] > 0.7 * offsets.Values.Sum());
        Assert.True(offsets.Count >= 4, string.Join(" ", offsets.Keys));
    }

    [Fact]
    public void Engineer_ids_look_like_logins_and_every_id_is_unique()
    {
        var logins = OrgData.Rows(org.Folder, "roster.csv").Select(f => f[0]).Distinct().ToArray();
        Assert.All(logins, l => Assert.Matches(new Regex("^[a-z]+(-[a-z]+)?[0-9]+$"), l));
        Assert.Equal(org.Summary.Engineers, logins.Length);
    }

    [Fact]
    public void AI_usage_has_several_tools_models_and_features_with_suggestions_at_least_acceptances()
    {
        var rows = OrgData.Rows(org.Folder, "ai_usage.csv").ToArray();
        Assert.True(rows.Select(f => f[2]).Distinct().Count() >= 4);
        Assert.True(rows.Select(f => f[3]).Distinct().Count() >= 5);
        Assert.Equal(["agent", "chat", "cli", "completion", "other", "review"], rows.Select(f => f[4]).Distinct().Order(StringComparer.Ordinal));
        Assert.All(rows, f => Assert.True(long.Parse(f[6]) >= long.Parse(f[7]) && long.Parse(f[8]) >= long.Parse(f[9]) && long.Parse(f[5]) >= 1));
    }

    [Fact]
    public void Roster_has_joiners_leavers_and_mid_month_moves()
    {
        var data = org.Data.Value;
        var start = OrgData.Month(data.Periods[0]);
        Assert.Contains(data.Roster, r => r.From > start);                   // joiners and moves in
        Assert.Contains(data.Roster, r => r.To is not null);                 // leavers and moves out
        var moves = data.Roster.GroupBy(r => r.Engineer).Where(g => g.Count() > 1)
            .SelectMany(g => g.OrderBy(r => r.From).Zip(g.OrderBy(r => r.From).Skip(1)))
            .Where(p => p.First.To is DateOnly to && p.Second.From == to.AddDays(1) && to.Month == p.Second.From.Month).ToArray();
        Assert.NotEmpty(moves);
    }

    [Fact]
    public void Deployments_include_failures_rollbacks_hotfixes_and_non_production_rows_and_incidents_name_them()
    {
        var deployments = OrgData.Rows(org.Folder, "deployments.csv").ToArray();
        Assert.Contains(deployments, f => f[3] == "failure");
        Assert.Contains(deployments, f => f[8] == "true");
        Assert.Contains(deployments, f => f[9] == "true");
        Assert.Contains(deployments, f => f[5] == "staging");
        var ids = deployments.Select(f => f[0]).ToHashSet();
        var incidents = OrgData.Rows(org.Folder, "incidents.csv").ToArray();
        Assert.Contains(incidents, f => f[6].Length > 0);
        Assert.All(incidents.Where(f => f[6].Length > 0), f => Assert.Contains(f[6], ids));
        Assert.Contains(incidents, f => f[5] == "defect" && f[7] == "true");
    }
}
