namespace Modeling.Simulation;

/// <summary>How much AI-usage telemetry is written.</summary>
public enum UsageDetail
{
    /// <summary>One row per engineer, tool, model and feature on each day used (real telemetry exports; ~30 M rows at 2,100 teams × 36 months).</summary>
    Daily,

    /// <summary>One row per engineer, tool, model and feature per month, dated on a day the engineer used it, holding the month's totals (small samples).
    /// <c>ai_active_share</c> and the adoption period are the same as with <see cref="Daily"/>.</summary>
    Monthly,
}

/// <summary>
/// Everything that shapes a synthetic organisation. Immutable; <see cref="Validate"/> lists every problem.
/// The same options (including <see cref="Seed"/>) always give byte-identical files.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Number of teams (at least 4).</summary>
    public int Teams { get; init; } = 60;

    /// <summary>Number of calendar months simulated (at least 6).</summary>
    public int Months { get; init; } = 24;

    /// <summary>First simulated month (the day is ignored; default 2024-01).</summary>
    public DateOnly StartMonth { get; init; } = new(2024, 1, 1);

    /// <summary>Seed of every random draw.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// The steady-state multiplier of merged PRs per engineer: the effect, from event time
    /// <see cref="EffectModel.RampMonths"/>−1 on, for a cohort with cohort factor 1. Other outcomes' effects are
    /// tied to it (see <see cref="EffectModel"/>). Must be greater than 0; 1 means AI changes no velocity outcome.
    /// </summary>
    public double TrueMultiplier { get; init; } = 1.3;

    /// <summary>
    /// Different AI tools with different true effects: each team uses one tool (adopting teams take them in turn down the
    /// adoption order, so every tool has early and late cohorts; the others by team index), its members' usage is of that
    /// tool only, and its steady-state merged-PR multiplier is the tool's instead of <see cref="TrueMultiplier"/>. Empty
    /// (the default): engineers use their own mix of tools and every team has <see cref="TrueMultiplier"/>.
    /// </summary>
    public IReadOnlyList<ToolEffect> ToolEffects { get; init; } = [];

    /// <summary>
    /// A policy that counts AI usage in performance reviews (written to policies.csv): from its date on, engineers of the
    /// teams in its scope inflate their usage — <see cref="UsagePolicy.Inflation"/> times the interactions, suggestions
    /// and suggested lines, with the acceptances and accepted lines they would have had (more prompts, no more use
    /// made of them). Null: no policy.
    /// </summary>
    public UsagePolicy? UsageInReviews { get; init; }

    /// <summary>The steady-state merged-PR multiplier of a team using <paramref name="tool"/> (null: no tool of its own).</summary>
    public double MultiplierOf(string? tool) =>
        tool is null ? TrueMultiplier : ToolEffects.First(t => t.Tool == tool).Multiplier;

    /// <summary>
    /// AI changes nothing at all: no velocity, quality or duration effect and no gaming (release splitting and PR slicing
    /// teams behave as before adoption), whatever <see cref="TrueMultiplier"/> says; adoption itself still happens. The
    /// null world of the multiple-comparisons study (every outcome's truth is 1).
    /// </summary>
    public bool NoEffect { get; init; }

    /// <summary>
    /// A violation of parallel trends: the activity of every team that ever adopts grows by this much per month (in
    /// logs) relative to the never-adopting teams, before and after adoption, with or without AI (0 = parallel trends).
    /// The truth files' counterfactual carries the same drift, so the true effect is unchanged; estimators assuming
    /// parallel trends are biased upward by it.
    /// </summary>
    public double AdopterTrend { get; init; }

    /// <summary>Mean number of engineers per team at the start (at least 4; every team has at least 4).</summary>
    public double MeanTeamSize { get; init; } = 10.5;

    /// <summary>Share of teams that never adopt AI (between 0.05 and 0.9, so both groups exist).</summary>
    public double NeverAdoptingShare { get; init; } = 0.2;

    /// <summary>Share of adopting teams that split releases after adoption (deployments up, deployment days barely).</summary>
    public double ReleaseSplittingShare { get; init; } = 0.15;

    /// <summary>Share of adopting teams that slice work into smaller PRs after adoption.</summary>
    public double SlicingShare { get; init; } = 0.25;

    /// <summary>Level of detail of ai_usage.csv.</summary>
    public UsageDetail UsageDetail { get; init; } = UsageDetail.Daily;

    /// <summary>Scales every per-engineer event rate (PRs, releases, incidents, defects); 1 gives realistic volumes, less gives small sample files.</summary>
    public double ActivityScale { get; init; } = 1.0;

    /// <summary>Monthly probability that an engineer moves to another team (mid-month).</summary>
    public double MoveRate { get; init; } = 0.01;

    /// <summary>Monthly probability that an engineer leaves the company (a joiner replaces them a few weeks later).</summary>
    public double LeaveRate { get; init; } = 0.005;

    /// <summary>Index of the first month in which a team may adopt: a fifth of the months in, at least 3 (the pre-periods).</summary>
    public int FirstAdoptionMonthIndex => Math.Max(3, Months / 5);

    /// <summary>Index of the last month in which a team may adopt (three months before the end, so every cohort has at least three adopted months).</summary>
    public int LastAdoptionMonthIndex => Months - 3;

    /// <summary>Every problem with these options, as user-facing messages (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Teams < 4) problems.Add(Messages.OptionAtLeast("teams", "4", Teams));
        if (Teams > 99_999) problems.Add(Messages.OptionAtMost("teams", "99999", Teams));
        if (Months < 6) problems.Add(Messages.OptionAtLeast("months", "6", Months));
        if (Months > 240) problems.Add(Messages.OptionAtMost("months", "240", Months));
        if (!(TrueMultiplier > 0) || double.IsInfinity(TrueMultiplier)) problems.Add(Messages.OptionPositive("true-multiplier", TrueMultiplier));
        var knownTools = Organisation.UsageKind.All.Select(k => k.Tool).Distinct().ToArray();
        foreach (var effect in ToolEffects)
        {
            if (!knownTools.Contains(effect.Tool)) problems.Add(Messages.UnknownTool(effect.Tool, knownTools));
            if (!(effect.Multiplier > 0) || double.IsInfinity(effect.Multiplier)) problems.Add(Messages.OptionPositive("tool-effects " + effect.Tool, effect.Multiplier));
        }
        if (ToolEffects.Select(t => t.Tool).Distinct().Count() != ToolEffects.Count) problems.Add(Messages.ToolTwice);
        if (UsageInReviews is { } policy)
        {
            if (policy.Date < StartMonth || policy.Date >= StartMonth.AddMonths(Months)) problems.Add(Messages.PolicyOutsideWindow(policy.Date));
            if (!(policy.Inflation >= 1) || policy.Inflation > 20) problems.Add(Messages.OptionRange("usage-in-reviews inflation", "1", "20", policy.Inflation));
        }
        if (!(MeanTeamSize >= 4) || MeanTeamSize > 200) problems.Add(Messages.OptionRange("mean-team-size", "4", "200", MeanTeamSize));
        if (!(NeverAdoptingShare >= 0.05) || NeverAdoptingShare > 0.9) problems.Add(Messages.OptionRange("never-adopting-share", "0.05", "0.9", NeverAdoptingShare));
        if (!(ReleaseSplittingShare >= 0) || ReleaseSplittingShare > 1) problems.Add(Messages.OptionRange("release-splitting-share", "0", "1", ReleaseSplittingShare));
        if (!(SlicingShare >= 0) || SlicingShare > 1) problems.Add(Messages.OptionRange("slicing-share", "0", "1", SlicingShare));
        if (!(Math.Abs(AdopterTrend) <= 0.1)) problems.Add(Messages.OptionRange("adopter-trend", "-0.1", "0.1", AdopterTrend));
        if (!(ActivityScale > 0) || ActivityScale > 10) problems.Add(Messages.OptionRange("activity-scale", "0 (exclusive)", "10", ActivityScale));
        if (!(MoveRate >= 0) || MoveRate > 0.05) problems.Add(Messages.OptionRange("move-rate", "0", "0.05", MoveRate));
        if (!(LeaveRate >= 0) || LeaveRate > 0.05) problems.Add(Messages.OptionRange("leave-rate", "0", "0.05", LeaveRate));
        if (StartMonth.Year < 1970 || StartMonth.Year > 2200) problems.Add(Messages.OptionRange("start", "1970-01", "2200-12", StartMonth.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)));
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, if any.</summary>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, problems));
    }
}

/// <summary>One tool's true steady-state merged-PR multiplier (see <see cref="SimulationOptions.ToolEffects"/>).</summary>
public sealed record ToolEffect(string Tool, double Multiplier);

/// <summary>Usage counted in performance reviews from <paramref name="Date"/> on, for all teams or one org (<c>org:&lt;org&gt;</c>).</summary>
public sealed record UsagePolicy(DateOnly Date, string Scope = "all", double Inflation = 2.0);
