namespace Modeling.Simulation.Organisation;

/// <summary>A team and its latent, time-constant traits.</summary>
internal sealed class Team
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Org { get; init; }
    public required string Name { get; init; }
    public required int Tier { get; init; }
    public required string Language { get; init; }
    public required string[] Repositories { get; init; }
    public required string Service { get; init; }
    public required int InitialSize { get; init; }

    /// <summary>Team level of merged PRs per engineer (multiplicative, mean about 1).</summary>
    public required double PrLevel { get; init; }

    /// <summary>Team level of releases per engineer (correlated with <see cref="PrLevel"/>).</summary>
    public required double ReleaseLevel { get; init; }

    /// <summary>Score that orders adoption: higher adopts earlier (selection on level).</summary>
    public required double AdoptionScore { get; init; }

    public required double FailureProbability { get; init; }
    public required double IncidentProbability { get; init; }
    public required double PrSizeMedian { get; init; }
    public required double ReviewWaitMedianHours { get; init; }
    public required double ReviewToMergeMedianHours { get; init; }
    public required double LeadTimeMedianHours { get; init; }
    public required double RecoveryMedianHours { get; init; }

    /// <summary>Share of engineers experimenting with AI in a month without team adoption.</summary>
    public required double ExperimentShare { get; init; }

    /// <summary>Month index of adoption, or null for never-adopting teams.</summary>
    public int? AdoptionMonth { get; set; }
    /// <summary>The one AI tool the team uses (<see cref="SimulationOptions.ToolEffects"/>); null when engineers keep their own mix.</summary>
    public string? Tool { get; set; }
    public double CohortFactor { get; set; } = 1;
    public bool SplitsReleases { get; set; }
    public bool Slices { get; set; }
}

/// <summary>An engineer: a login (personal data), a level, a personal output rate and the AI tools they would use.</summary>
internal sealed class Engineer
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Level { get; init; }

    /// <summary>Personal rate factor (mean 1) multiplying the team's per-engineer rates.</summary>
    public required double Rate { get; init; }

    /// <summary>Indices into <see cref="UsageKind.All"/>, the first being the engineer's main tool.</summary>
    public required int[] UsageKinds { get; init; }

    /// <summary>Probability of using AI on a working day once the team has adopted.</summary>
    public required double DailyUseProbability { get; init; }
}

/// <summary>One roster row: an engineer's membership of a team from one day to another (both inclusive; day numbers).</summary>
internal sealed class Membership
{
    public required int Engineer { get; init; }
    public required int Team { get; init; }
    public required int FromDay { get; init; }

    /// <summary>Last day of membership, or null when still a member at the end of the simulated window.</summary>
    public int? ToDay { get; set; }
}

/// <summary>Whether an engineer's AI activity in a month is fixed by the organisation rather than chosen by the team.</summary>
internal enum ForcedActivity : byte
{
    /// <summary>A member of this team only in the month: the team chooses.</summary>
    Free,

    /// <summary>Member of several teams in the month, all adopted: active.</summary>
    Active,

    /// <summary>Member of several teams in the month, not all adopted: inactive (keeps un-adopted teams below the threshold).</summary>
    Inactive,
}

/// <summary>An engineer's days in one team within one month.</summary>
internal readonly record struct MonthMember(int Engineer, int FirstDay, int LastDay, int MembershipFromDay, ForcedActivity Forced)
{
    public int Days => LastDay - FirstDay + 1;
}
