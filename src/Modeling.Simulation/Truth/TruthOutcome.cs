namespace Modeling.Simulation.Truth;

/// <summary>How an outcome's truth is aggregated.</summary>
public enum OutcomeKind
{
    /// <summary>A count per team-month: E[Y] is an expected count; also reported per engineer.</summary>
    Count,

    /// <summary>A share (numerator / denominator per team-month): E[numerator] and E[denominator] are expected counts.</summary>
    Rate,

    /// <summary>A median of a lognormal quantity: the effect multiplies the distribution's scale (its median).</summary>
    Median,
}

/// <summary>The outcomes the simulator builds an effect into, under their CONTRACT §3 names.</summary>
public enum TruthOutcome
{
    MergedPrs, Deployments, DeploymentDays, Incidents, Defects, EscapedDefects,
    ChangeFailureRate, ReworkRate, RevertRate,
    PrSizeLines, ReviewWaitHours, PrCycleHours, LeadTimeHours, RecoveryHours,
}

public static class TruthOutcomes
{
    public static readonly TruthOutcome[] All = Enum.GetValues<TruthOutcome>();
    public static int Count => All.Length;

    public static string Name(TruthOutcome outcome) => outcome switch
    {
        TruthOutcome.MergedPrs => "merged_prs",
        TruthOutcome.Deployments => "deployments",
        TruthOutcome.DeploymentDays => "deployment_days",
        TruthOutcome.Incidents => "incidents",
        TruthOutcome.Defects => "defects",
        TruthOutcome.EscapedDefects => "escaped_defects",
        TruthOutcome.ChangeFailureRate => "change_failure_rate",
        TruthOutcome.ReworkRate => "rework_rate",
        TruthOutcome.RevertRate => "revert_rate",
        TruthOutcome.PrSizeLines => "pr_size_lines",
        TruthOutcome.ReviewWaitHours => "review_wait_hours",
        TruthOutcome.PrCycleHours => "pr_cycle_hours",
        TruthOutcome.LeadTimeHours => "lead_time_hours",
        TruthOutcome.RecoveryHours => "recovery_hours",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static OutcomeKind Kind(TruthOutcome outcome) => outcome switch
    {
        TruthOutcome.MergedPrs or TruthOutcome.Deployments or TruthOutcome.DeploymentDays or TruthOutcome.Incidents
            or TruthOutcome.Defects or TruthOutcome.EscapedDefects => OutcomeKind.Count,
        TruthOutcome.ChangeFailureRate or TruthOutcome.ReworkRate or TruthOutcome.RevertRate => OutcomeKind.Rate,
        _ => OutcomeKind.Median,
    };
}

/// <summary>An expected numerator and denominator (denominator 1 for counts and medians).</summary>
public readonly record struct Expectation(double Numerator, double Denominator);

/// <summary>
/// One team-month's expected outcomes with AI and without it, given the team's latent traits and its realised roster
/// (engineer-months do not depend on AI). Before adoption, or for never-adopting teams, both are the same.
/// </summary>
public sealed class TeamMonthTruth
{
    public TeamMonthTruth(int team, int month, double engineerMonths, int? eventTime)
    {
        Team = team;
        Month = month;
        EngineerMonths = engineerMonths;
        EventTime = eventTime;
    }

    public int Team { get; }
    public int Month { get; }

    /// <summary>Sum over members of (days in the team this month / days in the month), as in CONTRACT §3.</summary>
    public double EngineerMonths { get; }

    /// <summary>Months since adoption (0 = adoption month), or null when the team has not adopted by this month.</summary>
    public int? EventTime { get; }

    public Expectation[] WithAi { get; } = new Expectation[TruthOutcomes.Count];
    public Expectation[] WithoutAi { get; } = new Expectation[TruthOutcomes.Count];
}
