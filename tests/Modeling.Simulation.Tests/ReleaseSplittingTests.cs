namespace Modeling.Simulation.Tests;

public sealed class ReleaseSplittingTests(MonteCarloOrg org) : IClassFixture<MonteCarloOrg>
{
    /// <summary>Realised post (event time ≥ 3) over pre-adoption mean per team-month, pooled over a group of teams.</summary>
    private static double PostOverPre(OrgData data, IEnumerable<string> teams, string outcome)
    {
        double pre = 0, post = 0;
        int nPre = 0, nPost = 0;
        foreach (var team in teams)
        {
            var adoption = OrgData.Month(data.Adoption[team]!);
            foreach (var p in data.Periods)
            {
                var month = OrgData.Month(p);
                int e = (month.Year - adoption.Year) * 12 + month.Month - adoption.Month;
                if (e < 0) { pre += data.Get(team, p, outcome); nPre++; }
                else if (e >= 3) { post += data.Get(team, p, outcome); nPost++; }
            }
        }
        return post / nPost / (pre / nPre);
    }

    [Fact]
    public void Splitting_teams_deploy_much_more_often_on_barely_more_days()
    {
        var data = org.Data.Value;
        var splitting = data.Truth.RootElement.GetProperty("release_splitting_teams").EnumerateArray().Select(t => t.GetString()!).ToArray();
        Assert.True(splitting.Length >= 10, $"{splitting.Length} splitting teams");
        double deployments = PostOverPre(data, splitting, "deployments");
        double days = PostOverPre(data, splitting, "deployment_days");
        Assert.True(deployments > 1.8, $"deployments x{deployments:F2}");
        Assert.True(days < 1.2, $"deployment days x{days:F2}");

        var others = data.Teams.Where(t => data.Adoption[t] is not null && !splitting.Contains(t)).ToArray();
        double otherDeployments = PostOverPre(data, others, "deployments");
        Assert.True(deployments > 1.5 * otherDeployments, $"splitters x{deployments:F2} vs others x{otherDeployments:F2}");
    }

    [Fact]
    public void Truth_shows_the_split_between_deployments_and_deployment_days()
    {
        var data = org.Data.Value;
        double Group(string outcome, string group) =>
            data.Effect(outcome).GetProperty(group).GetProperty("multiplier").GetDouble();
        Assert.True(Group("deployments", "release_splitting_teams") > 1.8);
        Assert.True(Group("deployment_days", "release_splitting_teams") < 1.1);
        Assert.True(Group("deployments", "other_adopting_teams") < 1.3);
    }
}
