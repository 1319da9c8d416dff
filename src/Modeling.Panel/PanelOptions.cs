namespace Modeling.Panel;

/// <summary>The length of a panel period: UTC calendar months or ISO weeks (Monday to Sunday).</summary>
public enum PeriodUnit
{
    Month,
    Week,
}

/// <summary>
/// How the team × period panel is built. Immutable; <see cref="PanelBuilder"/> validates it.
/// </summary>
/// <param name="Period">Calendar months (default) or ISO weeks.</param>
/// <param name="AdoptionThreshold">A team adopts in the first period its <c>ai_active_share</c> reaches this value (0, 1].</param>
/// <param name="SmallGroupThreshold">The minimum group size (<c>--min-group-size</c>): team-periods with fewer engineer-months
/// than this are flagged <c>small_group</c> and suppressed in everything people read (<see cref="SmallGroups"/>).</param>
/// <param name="AsOf">Optional cut-off day: only periods that end on or before it are built, and only what was known by
/// the end of that day counts (events, reviews, resolutions, incidents naming a deployment).</param>
public sealed record PanelOptions(
    PeriodUnit Period = PeriodUnit.Month,
    double AdoptionThreshold = AdoptionRule.DefaultThreshold,
    double SmallGroupThreshold = SmallGroups.DefaultMinGroupSize,
    DateOnly? AsOf = null)
{
    public static PanelOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option and what it must be.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Period))
            throw new ArgumentOutOfRangeException(nameof(Period), Period, Messages.InvalidOption(nameof(Period), "Month or Week", Period.ToString()));
        if (!AdoptionRule.IsValid(AdoptionThreshold))
            throw new ArgumentOutOfRangeException(nameof(AdoptionThreshold), AdoptionThreshold, AdoptionRule.InvalidThreshold(AdoptionThreshold));
        if (!(SmallGroupThreshold >= 0) || double.IsInfinity(SmallGroupThreshold))
            throw new ArgumentOutOfRangeException(nameof(SmallGroupThreshold), SmallGroupThreshold,
                Messages.InvalidOption(nameof(SmallGroupThreshold), "a finite number ≥ 0", Messages.Number(SmallGroupThreshold)));
    }
}
