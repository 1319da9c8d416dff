using Modeling.Panel;

namespace Modeling.Analysis.Refutations;

/// <summary>
/// Adoption periods at another threshold, recomputed from the panel's ai_active_share with the panel SQL's rule
/// (Sql/06_panel.sql: a team's first period whose ai_active_share reaches the threshold). Equal to rebuilding the panel
/// at that threshold (tested against <see cref="PanelBuilder"/>), at no SQL cost.
/// </summary>
public static class AdoptionCohorts
{
    /// <summary>Each adopting team's adoption period ordinal at <paramref name="threshold"/>; never-adopting teams are absent.</summary>
    public static IReadOnlyDictionary<string, int> At(TeamPanel panel, double threshold)
    {
        if (!(threshold > 0 && threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The 'threshold' parameter of AdoptionCohorts.At must be in (0, 1].");
        var share = panel.Values(PanelColumns.AiActiveShare);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int r = 0; r < panel.RowCount; r++)
        {
            if (!(share[r] >= threshold)) continue;
            var team = panel.TeamIds[panel.TeamIndex[r]];
            if (!result.TryGetValue(team, out var first) || panel.PeriodIndex[r] < first) result[team] = panel.PeriodIndex[r];
        }
        return result;
    }
}
