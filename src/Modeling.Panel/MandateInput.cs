namespace Modeling.Panel;

/// <summary>One mandate as the analysis judges it: its id, scope (all, org:NAME or team:ID), metric and target.</summary>
public sealed record MandateInput(string MandateId, string Scope, string Metric, double TargetMultiplier)
{
    /// <summary>The date by which the target is to be reached (mandates.csv deadline), if given.</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>The first day of the baseline the target is measured against (mandates.csv baseline_from), if given.</summary>
    public DateOnly? BaselineFrom { get; init; }

    /// <summary>The last day of the baseline (mandates.csv baseline_to), if given.</summary>
    public DateOnly? BaselineTo { get; init; }

    /// <summary>The team ids the scope covers: null for "all"; empty when the scope names no known team or org.</summary>
    public IReadOnlySet<string>? ScopeTeams(IEnumerable<(string TeamId, string? Org)> teams)
    {
        if (Scope == "all") return null;
        if (Scope.StartsWith("org:", StringComparison.Ordinal))
            return teams.Where(t => t.Org == Scope[4..]).Select(t => t.TeamId).ToHashSet(StringComparer.Ordinal);
        if (Scope.StartsWith("team:", StringComparison.Ordinal))
            return teams.Where(t => t.TeamId == Scope[5..]).Select(t => t.TeamId).ToHashSet(StringComparer.Ordinal);
        return new HashSet<string>(StringComparer.Ordinal);
    }
}
