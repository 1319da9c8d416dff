using System.Globalization;

namespace Modeling.Panel;

/// <summary>
/// When a team counts as adopting AI: in the first period its ai_active_share reaches the threshold (CONTRACT §3). The
/// panel SQL (Sql/06_panel.sql) applies it at the run's threshold; <see cref="AdoptionPeriodsAt"/> applies it to the
/// panel's own ai_active_share at any other (tested equal to rebuilding the panel there). One default, one check, one
/// message for every verb and type that takes a threshold.
/// </summary>
public static class AdoptionRule
{
    public const double DefaultThreshold = 0.5;

    public static bool IsValid(double threshold) => threshold > 0 && threshold <= 1;

    public static string InvalidThreshold(double threshold) =>
        "The adoption threshold (the share of a team's engineers active with AI from which it counts as adopting) must be in (0, 1]. Got "
        + threshold.ToString("R", CultureInfo.InvariantCulture) + " instead.";

    /// <summary>Each adopting team's adoption period ordinal at <paramref name="threshold"/>; never-adopting teams are absent.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not in (0, 1].</exception>
    public static IReadOnlyDictionary<string, int> AdoptionPeriodsAt(TeamPanel panel, double threshold)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!IsValid(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, InvalidThreshold(threshold));
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
