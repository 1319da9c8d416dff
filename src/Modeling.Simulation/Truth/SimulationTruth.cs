namespace Modeling.Simulation.Truth;

/// <summary>
/// One aggregate of the built-in effect over a set of adopted team-months (see <see cref="SimulationTruth.Definitions"/>).
/// </summary>
/// <param name="Multiplier">The headline: ratio of summed expectations with AI to without AI (for rates: ratio of pooled expected rates).</param>
/// <param name="MeanMultiplier">Arithmetic mean over the team-months of each team-month's multiplier.</param>
/// <param name="GeometricMeanMultiplier">exp of the mean over the team-months of the log multiplier (what log-scale estimators target).</param>
/// <param name="ExpectedWithAi">Σ E[Y(1)] (counts and medians; per-engineer: Σ E[Y(1)]/engineer-months; rates: the pooled expected rate).</param>
/// <param name="ExpectedWithoutAi">The same without AI.</param>
/// <param name="TeamMonths">Number of adopted team-months aggregated.</param>
public sealed record TruthAggregate(double Multiplier, double MeanMultiplier, double GeometricMeanMultiplier,
    double ExpectedWithAi, double ExpectedWithoutAi, int TeamMonths);

/// <summary>
/// The truth of one outcome: overall, by event time, by cohort, for release-splitting vs other adopting teams, and per
/// adopting team (whose expected sums add up to the truth of any set of teams, e.g. a mandate's scope).
/// </summary>
public sealed record OutcomeTruth(
    string Outcome,
    OutcomeKind Kind,
    bool PerEngineer,
    TruthAggregate Overall,
    IReadOnlyList<(int EventTime, TruthAggregate Aggregate)> ByEventTime,
    IReadOnlyList<(string Cohort, TruthAggregate Aggregate)> ByCohort,
    TruthAggregate? ReleaseSplittingTeams,
    TruthAggregate? OtherAdoptingTeams,
    IReadOnlyList<(string TeamId, TruthAggregate Aggregate)> ByTeam)
{
    /// <summary>The adopting teams of each tool (only with <see cref="SimulationOptions.ToolEffects"/>), tools in the order given.</summary>
    public IReadOnlyList<(string Tool, TruthAggregate Aggregate)> ByTool { get; init; } = [];
}

/// <summary>What the simulator built in for one team.</summary>
public sealed record TeamTruth(string TeamId, string Org, string? AdoptionPeriod, double? CohortFactor, bool ReleaseSplitting, bool Slicing)
{
    /// <summary>The team's own tool (<see cref="SimulationOptions.ToolEffects"/>), or null.</summary>
    public string? Tool { get; init; }
}

/// <summary>Everything truth.json holds.</summary>
public sealed record SimulationTruth(
    SimulationOptions Options,
    string FirstPeriod,
    string LastPeriod,
    int AdoptedTeamMonths,
    IReadOnlyList<TeamTruth> Teams,
    IReadOnlyList<OutcomeTruth> Effects)
{
    public const int SchemaVersion = 1;

    /// <summary>The plain-text definition written into truth.json.</summary>
    public const string Definitions =
        "All effects are multipliers: the outcome with AI divided by the outcome the same teams would have had without AI. " +
        "They are defined in expectation, not from the realised random rows: for every team-month t of team i, E[Y_it(1)] and E[Y_it(0)] " +
        "are expected outcomes given the team's latent traits (levels, adoption month, release-splitting and slicing flags) and the realised roster, " +
        "with and without AI; engineer-months (sum over members of days in the team / days in the month, CONTRACT §3) are the same in both worlds. " +
        "Adopted team-months are those from the team's adoption period on (event time e = months since adoption >= 0); never-adopting teams have none. " +
        "Counts (merged_prs, deployments, deployment_days, incidents, defects, escaped_defects): multiplier = sum over adopted team-months of E[Y(1)] / " +
        "sum of E[Y(0)] (ratio of expected counts). " +
        "Per-engineer rates (<count>_per_engineer): r_it(d) = E[Y_it(d)] / engineer-months_it; multiplier = sum over adopted team-months of " +
        "engineer-months_it * r_it(1) / the same sum of r_it(0), each team-month weighing by its engineer-months (CONTRACT §3: the ratio of counts), " +
        "which equals the count multiplier; expected_with_ai/without_ai are those engineer-month-weighted sums (expected counts), so by_team sums add up to any scope. " +
        "Rates (change_failure_rate, rework_rate, revert_rate): multiplier = (sum E[numerator(1)] / sum E[denominator(1)]) / " +
        "(sum E[numerator(0)] / sum E[denominator(0)]), the ratio of pooled expected rates; expected_with_ai/without_ai are those pooled rates. " +
        "Medians (pr_size_lines, review_wait_hours, pr_cycle_hours, lead_time_hours, recovery_hours): the effect multiplies the scale (median) of the " +
        "team-month's lognormal distribution; multiplier = sum of medians with AI / sum without. " +
        "mean_multiplier is the plain mean over adopted team-months of E[Y_it(1)]/E[Y_it(0)] (for rates, of the ratio of expected rates), and " +
        "geometric_mean_multiplier is exp of the mean of its log (what averaging log outcomes estimates). by_event_time and by_cohort restrict the " +
        "sums to adopted team-months with that event time or adoption period, and by_team to one adopting team's; for counts and per-engineer rates the " +
        "multiplier of a set of teams (e.g. a mandate's scope) is the sum of its teams' expected_with_ai over the sum of their expected_without_ai. " +
        "Built-in model: ramp(e) = min(1, (e+1)/4); cohort factor k = 1.2 for the earliest possible adoption month down to 0.8 for the latest; merged PRs " +
        "per engineer are multiplied by true_multiplier^(k*ramp(e)), so options.true_multiplier is the steady-state (e >= 3) multiplier of the cohort with k = 1; " +
        "The overall multiplier is not true_multiplier: the ramp-up months (e = 0..2) pull it towards 1, while early cohorts (k > 1, and more adopted months each) " +
        "pull it above; by_event_time shows the ramp and by_cohort the cohort factors. " +
        "Releases are multiplied by true_multiplier^(0.5*k*ramp(e)) (release-splitting teams: ^(0.1*k*ramp(e)), and each of their releases becomes " +
        "1 + Poisson(1.5*ramp(e)) deployments on the same day, so deployments rise while deployment_days barely move). Quality: failure probability x1.3^ramp, " +
        "incidents per successful deployment x1.4^ramp, defects x1.15^ramp, escape probability x1.3^ramp, hotfixes x1.2^ramp, reverts x1.3^ramp. " +
        "Durations: review wait and review-to-merge x0.9^ramp, lead time x0.8^ramp, recovery x1.1^ramp; PR size x0.6^ramp for slicing teams, x0.95^ramp otherwise. " +
        "Deployments count successful production deployments including rollbacks; change_failure_rate = (failed + successful deployments named by an incident) / all production deployments. " +
        "Adoption: from the adoption period at least 60% of a team's members (on any day of the month) have an AI interaction in the month, before it at most 35%, " +
        "so the panel's adoption period at threshold 0.5 equals adoption_period exactly.";
}
