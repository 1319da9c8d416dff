using Modeling.Results;
using Modeling.Estimation.Data;
using Modeling.Panel;

namespace Modeling.Analysis.Heterogeneity;

/// <summary>One way of splitting the teams into groups: the dimension's name and each team's group.</summary>
public sealed record TeamGrouping(string Dimension, IReadOnlyDictionary<string, string> GroupOfTeam);

/// <summary>
/// The headline estimator refitted per group of teams: each group's teams plus every never-adopted team as
/// controls, as for scoped mandates (<see cref="Analysis.Scoped"/>). A group with fewer engineers than the panel's
/// small-group threshold is suppressed: its row says so and carries no number.
/// </summary>
public static class HeterogeneityAnalysis
{
    public const string Org = "org";
    public const string ServiceTier = "service_tier";
    public const string PrimaryLanguage = "primary_language";
    public const string TeamSize = "team_size";
    public const string ToolMix = "tool_mix";
    public const string Unknown = "unknown";
    public const string NoTool = "none";

    /// <summary>Each team's average engineer-months per period (its size).</summary>
    public static IReadOnlyDictionary<string, double> TeamSizes(TeamPanel panel) =>
        Enumerable.Range(0, panel.RowCount).GroupBy(r => panel.TeamIndex[r])
            .ToDictionary(g => panel.TeamIds[g.Key], g => g.Average(r => panel.Engineers[r]), StringComparer.Ordinal);

    /// <summary>The five groupings: org, service tier, language, size band and dominant AI tool.</summary>
    public static IReadOnlyList<TeamGrouping> Groupings(TeamPanel panel)
    {
        var sizes = TeamSizes(panel);
        return
        [
            new(Org, panel.Teams.ToDictionary(t => t.TeamId, t => t.Org ?? Unknown, StringComparer.Ordinal)),
            new(ServiceTier, panel.Teams.ToDictionary(t => t.TeamId, t => t.ServiceTier ?? Unknown, StringComparer.Ordinal)),
            new(PrimaryLanguage, panel.Teams.ToDictionary(t => t.TeamId, t => t.PrimaryLanguage ?? Unknown, StringComparer.Ordinal)),
            new(TeamSize, sizes.ToDictionary(kv => kv.Key, kv => SizeBand(kv.Value), StringComparer.Ordinal)),
            new(ToolMix, DominantTools(panel)),
        ];
    }

    /// <summary>Size bands on average engineer-months per period, [low, high): &lt;5, 5-10, 10-20, 20+.</summary>
    public static string SizeBand(double engineers) => engineers switch
    {
        < 5 => "<5",
        < 10 => "5-10",
        < 20 => "10-20",
        _ => "20+",
    };

    /// <summary>
    /// Each team's dominant tool: the tool with the most interactions over the whole panel (tool share × interactions
    /// per engineer × engineer-months, summed over periods); "none" for teams without any.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DominantTools(TeamPanel panel)
    {
        var tools = panel.MixColumns.Where(c => c.StartsWith(PanelColumns.ToolSharePrefix, StringComparison.Ordinal)).ToArray();
        var interactions = panel.Values(PanelColumns.AiInteractionsPerEngineer);
        var totals = new double[panel.TeamIds.Length, tools.Length];
        for (int k = 0; k < tools.Length; k++)
        {
            var share = panel.Values(tools[k]);
            for (int r = 0; r < panel.RowCount; r++)
            {
                double v = share[r] * interactions[r] * panel.Engineers[r];
                if (double.IsFinite(v)) totals[panel.TeamIndex[r], k] += v;
            }
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int t = 0; t < panel.TeamIds.Length; t++)
        {
            int best = -1;
            for (int k = 0; k < tools.Length; k++)
                if (totals[t, k] > 0 && (best < 0 || totals[t, k] > totals[t, best])) best = k;
            result[panel.TeamIds[t]] = best < 0 ? NoTool : tools[best][PanelColumns.ToolSharePrefix.Length..];
        }
        return result;
    }

    /// <summary>
    /// Every grouping of the panel's teams for every outcome given (in that order), each group refitted on its own; the
    /// refits run side by side.
    /// </summary>
    public static IReadOnlyList<HeterogeneityRow> Run(TeamPanel panel, IReadOnlyList<(string Name, OutcomeKind Kind, PanelData Data)> outcomes,
        OutcomeEstimation estimation)
    {
        var groupings = Groupings(panel);
        var sizes = TeamSizes(panel);
        var jobs = new List<Func<IReadOnlyList<HeterogeneityRow>>>();
        foreach (var (_, kind, data) in outcomes)
            foreach (var grouping in groupings)
                jobs.Add(() => Estimate(data, kind, grouping, sizes, panel.Options.SmallGroupThreshold, estimation));
        return Multiplicity.Adjust([.. ParallelJobs.Run(jobs).SelectMany(rows => rows)]);
    }

    /// <summary>One row per group (ordinal order) of the grouping, for one outcome.</summary>
    /// <param name="data">The outcome's data (unit labels are team ids).</param>
    /// <param name="kind">The outcome's kind.</param>
    /// <param name="grouping">Each team's group.</param>
    /// <param name="teamSizes">Each team's average engineer-months per period.</param>
    /// <param name="smallGroupThreshold">Groups with fewer engineers than this are suppressed.</param>
    /// <param name="estimation">The headline estimator.</param>
    public static IReadOnlyList<HeterogeneityRow> Estimate(PanelData data, OutcomeKind kind, TeamGrouping grouping,
        IReadOnlyDictionary<string, double> teamSizes, double smallGroupThreshold, OutcomeEstimation estimation)
    {
        var rows = new List<HeterogeneityRow>();
        var teamsInData = data.UnitLabels.ToHashSet(StringComparer.Ordinal);
        var cohort = data.Cohort ?? throw new ArgumentException("the panel has no cohort column", nameof(data));
        var adopters = Enumerable.Range(0, data.Count).Where(i => cohort[i] != PanelData.NeverTreated)
            .Select(i => data.UnitLabels[data.Unit[i]]).ToHashSet(StringComparer.Ordinal);
        foreach (var group in grouping.GroupOfTeam.Where(kv => teamsInData.Contains(kv.Key))
                     .GroupBy(kv => kv.Value, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var teams = group.Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
            int adopting = adopters.Count(teams.Contains);
            double engineers = teams.Sum(t => teamSizes.TryGetValue(t, out var e) ? e : 0);
            if (engineers < smallGroupThreshold)
            {
                rows.Add(new HeterogeneityRow
                {
                    Outcome = data.OutcomeName, Dimension = grouping.Dimension, Group = group.Key, NTeams = teams.Count, AdoptingTeams = adopting, Suppressed = true,
                });
                continue;
            }
            var scoped = Analysis.Scoped(data, teams);
            var fit = scoped is null ? null : estimation.Headline(scoped, kind, []);
            rows.Add(new HeterogeneityRow
            {
                Outcome = data.OutcomeName, Dimension = grouping.Dimension, Group = group.Key,
                Multiplier = fit?.Multiplier, CiLow = fit?.CiLow, CiHigh = fit?.CiHigh, NTeams = teams.Count, AdoptingTeams = adopting, Engineers = engineers,
                Inference = fit?.Inference, PValue = fit?.PValue,
            });
        }
        return rows;
    }
}
