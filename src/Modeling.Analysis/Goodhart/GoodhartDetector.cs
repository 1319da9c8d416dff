using Modeling.Results;
using Modeling.Estimation.Data;
using Modeling.Panel;

namespace Modeling.Analysis.Goodhart;

/// <summary>The gaming patterns a velocity mandate invites (DESIGN.md, Verdicts).</summary>
public enum GoodhartPattern
{
    /// <summary>Deployments up while deployment days are flat: the same work shipped in more pieces.</summary>
    ReleaseSplitting,
    /// <summary>Merged PRs up while PR size falls: the same work cut into more PRs.</summary>
    PrSlicing,
    /// <summary>Throughput up while the change failure rate rises.</summary>
    ThroughputVsQuality,
}

/// <summary>One team's series as the rules read them (NaN = missing or unavailable).</summary>
/// <param name="TeamId">The team.</param>
/// <param name="Cohort">Adoption period ordinal, <see cref="PanelData.NeverTreated"/> if never adopted.</param>
/// <param name="Period">Period ordinal per row.</param>
/// <param name="Engineers">Engineer-months per row.</param>
/// <param name="Deployments">Successful production deployments.</param>
/// <param name="DeploymentDays">Distinct days with a successful deployment.</param>
/// <param name="MergedPrs">Merged pull requests.</param>
/// <param name="PrSize">Median size of merged PRs (lines).</param>
/// <param name="ChangeFailureRate">Change failure rate.</param>
public sealed record TeamSeries(
    string TeamId, int Cohort, IReadOnlyList<int> Period, IReadOnlyList<double> Engineers, IReadOnlyList<double> Deployments,
    IReadOnlyList<double> DeploymentDays, IReadOnlyList<double> MergedPrs, IReadOnlyList<double> PrSize, IReadOnlyList<double> ChangeFailureRate);

/// <summary>
/// The thresholds of the Goodhart rules. Every comparison is a team's post-/pre-adoption change on the log scale
/// minus the never-adopted teams' change over the same calendar windows (so an org-wide trend flags nobody).
/// </summary>
/// <remarks>
/// Calibration (simulate --teams 150 --months 24, seeds 5, 6, 7; truth.json lists the teams built to split or slice):
/// the control-adjusted change in deployments per deployment day is +0.04 ± 0.09 (log, mean ± sd) for teams that do
/// not split and ≥ +0.40 for splitting teams, so 1.3 (log 0.26, ≈ 2.5 sd above the others) separates them — flagged
/// teams were 17/18, 19/19 and 22/22 splitters. The control-adjusted change in log median PR size is −0.04 ± 0.07
/// for teams that do not slice and ≤ −0.25 for slicing teams once they have three adopted months, so 0.8 (log −0.22)
/// flagged 33/35, 31/31 and 32/33 slicers, missing 0, 2 and 3 late-adopting slicers.
/// </remarks>
public sealed record GoodhartRules
{
    /// <summary>Release splitting: deployments per deployment day must grow by at least this factor more than the controls'.</summary>
    public double SplittingRatio { get; init; } = 1.3;

    /// <summary>PR slicing: median PR size must shrink to at most this factor of the controls' change.</summary>
    public double SlicingSize { get; init; } = 0.8;

    /// <summary>Throughput vs quality: throughput per engineer must grow by at least this factor more than the controls'.</summary>
    public double Throughput { get; init; } = 1.1;

    /// <summary>Throughput vs quality: the change failure rate must grow by at least this factor more than the controls'.</summary>
    public double FailureRate { get; init; } = 1.2;

    /// <summary>... and the team's own rise in failure rate must be significant at this one-sided level (two-proportion z-test).</summary>
    public double FailureRateAlpha { get; init; } = 0.05;

    /// <summary>Periods with data needed both before and after adoption for a team to be checked.</summary>
    public int MinimumPeriodsEachSide { get; init; } = 2;

    /// <summary>A mandate carries a flag when at least this share of the checked teams in its scope are flagged.</summary>
    public double MandateShare { get; init; } = 0.1;
}

/// <summary>The outcome of one rule on one team.</summary>
public sealed record TeamFlag(string TeamId, GoodhartPattern Flag, bool Flagged, double Statistic);

/// <summary>Applies the <see cref="GoodhartRules"/> to every adopted team. Pure.</summary>
public static class GoodhartDetector
{
    /// <summary>The teams of a panel as the rules read them.</summary>
    public static IReadOnlyList<TeamSeries> SeriesOf(TeamPanel panel)
    {
        double[] Column(string name) =>
            panel.IsAvailable(name) ? [.. panel.Values(name)] : Enumerable.Repeat(double.NaN, panel.RowCount).ToArray();
        var deployments = Column("deployments");
        var days = Column("deployment_days");
        var prs = Column("merged_prs");
        var size = Column("pr_size_lines");
        var cfr = Column("change_failure_rate");
        return [.. Enumerable.Range(0, panel.RowCount).GroupBy(r => panel.TeamIndex[r]).OrderBy(g => g.Key).Select(g =>
        {
            var rows = g.ToArray();
            var team = panel.Teams[g.Key];
            return new TeamSeries(team.TeamId, team.Cohort, [.. rows.Select(r => panel.PeriodIndex[r])],
                [.. rows.Select(r => panel.Engineers[r])], [.. rows.Select(r => deployments[r])], [.. rows.Select(r => days[r])],
                [.. rows.Select(r => prs[r])], [.. rows.Select(r => size[r])], [.. rows.Select(r => cfr[r])]);
        })];
    }

    /// <summary>Every rule on every adopted team with enough data; teams without are left out (not checked).</summary>
    public static IReadOnlyList<TeamFlag> Evaluate(IReadOnlyList<TeamSeries> teams, GoodhartRules rules)
    {
        var controls = teams.Where(t => t.Cohort == PanelData.NeverTreated).ToArray();
        var result = new List<TeamFlag>();
        var controlWindows = new Dictionary<int, (Window Pre, Window Post)>();
        foreach (var team in teams.Where(t => t.Cohort != PanelData.NeverTreated).OrderBy(t => t.TeamId, StringComparer.Ordinal))
        {
            var pre = Window.Of([team], team.Cohort, before: true);
            var post = Window.Of([team], team.Cohort, before: false);
            if (!controlWindows.TryGetValue(team.Cohort, out var control))
                controlWindows[team.Cohort] = control = (Window.Of(controls, team.Cohort, before: true), Window.Of(controls, team.Cohort, before: false));
            var (cPre, cPost) = control;

            if (pre.DeploymentRows >= rules.MinimumPeriodsEachSide && post.DeploymentRows >= rules.MinimumPeriodsEachSide
                && pre.DeploymentDays > 0 && post.DeploymentDays > 0 && pre.Deployments > 0 && post.Deployments > 0)
            {
                double perDay = Change(post.Deployments / post.DeploymentDays, pre.Deployments / pre.DeploymentDays,
                    cPost.Deployments / cPost.DeploymentDays, cPre.Deployments / cPre.DeploymentDays);
                double perEngineer = Change(post.Deployments / post.DeploymentEngineers, pre.Deployments / pre.DeploymentEngineers,
                    cPost.Deployments / cPost.DeploymentEngineers, cPre.Deployments / cPre.DeploymentEngineers);
                result.Add(new(team.TeamId, GoodhartPattern.ReleaseSplitting,
                    perDay >= Math.Log(rules.SplittingRatio) && perEngineer > 0, Math.Exp(perDay)));
            }

            double? throughput = null;
            if (pre.PrRows >= rules.MinimumPeriodsEachSide && post.PrRows >= rules.MinimumPeriodsEachSide && pre.MergedPrs > 0 && post.MergedPrs > 0)
            {
                throughput = Change(post.MergedPrs / post.PrEngineers, pre.MergedPrs / pre.PrEngineers,
                    cPost.MergedPrs / cPost.PrEngineers, cPre.MergedPrs / cPre.PrEngineers);
                if (pre.SizeRows >= rules.MinimumPeriodsEachSide && post.SizeRows >= rules.MinimumPeriodsEachSide)
                {
                    double size = post.MeanLogSize - pre.MeanLogSize - Difference(cPost.MeanLogSize, cPre.MeanLogSize);
                    result.Add(new(team.TeamId, GoodhartPattern.PrSlicing, size <= Math.Log(rules.SlicingSize) && throughput > 0, Math.Exp(size)));
                }
            }
            else if (pre.DeploymentRows >= rules.MinimumPeriodsEachSide && post.DeploymentRows >= rules.MinimumPeriodsEachSide
                     && pre.Deployments > 0 && post.Deployments > 0)
            {
                // Without pull requests, throughput is deployments per engineer.
                throughput = Change(post.Deployments / post.DeploymentEngineers, pre.Deployments / pre.DeploymentEngineers,
                    cPost.Deployments / cPost.DeploymentEngineers, cPre.Deployments / cPre.DeploymentEngineers);
            }

            if (throughput is double up && pre.FailureRows >= rules.MinimumPeriodsEachSide && post.FailureRows >= rules.MinimumPeriodsEachSide
                && pre.FailureTrials > 0 && post.FailureTrials > 0)
            {
                double rise = Change(post.SmoothedFailureRate, pre.SmoothedFailureRate, cPost.SmoothedFailureRate, cPre.SmoothedFailureRate);
                bool significant = OneSidedIncreaseP(pre.Failures, pre.FailureTrials, post.Failures, post.FailureTrials) < rules.FailureRateAlpha;
                result.Add(new(team.TeamId, GoodhartPattern.ThroughputVsQuality,
                    up >= Math.Log(rules.Throughput) && rise >= Math.Log(rules.FailureRate) && significant, Math.Exp(rise)));
            }
        }
        return result;
    }

    /// <summary>One row per rule that could be checked on at least one team, in enum order.</summary>
    public static IReadOnlyList<GoodhartFlag> Summarise(IReadOnlyList<TeamFlag> flags, GoodhartRules rules) =>
        [.. flags.GroupBy(f => f.Flag).OrderBy(g => g.Key).Select(g =>
        {
            var flagged = g.Where(f => f.Flagged).OrderBy(f => f.TeamId, StringComparer.Ordinal).ToArray();
            var others = g.Where(f => !f.Flagged).ToArray();
            return new GoodhartFlag
            {
                Flag = ContractName(g.Key),
                Scope = "team",
                TeamsFlagged = flagged.Length,
                TeamsChecked = g.Count(),
                TeamIds = [.. flagged.Select(f => f.TeamId)],
                Evidence = Messages.GoodhartEvidence(g.Key, rules, flagged.Length, g.Count(),
                    Median(flagged.Select(f => f.Statistic)), Median(others.Select(f => f.Statistic))),
            };
        })];

    /// <summary>The flags relevant to a mandate's metric that fire in its scope (null scope = all teams).</summary>
    public static IReadOnlyList<string> ForMandate(string metric, IReadOnlySet<string>? scope, IReadOnlyList<TeamFlag> flags, GoodhartRules rules) =>
        [.. Enum.GetValues<GoodhartPattern>().Where(f => Relevant(f, metric)).Where(f =>
        {
            var inScope = flags.Where(t => t.Flag == f && (scope is null || scope.Contains(t.TeamId))).ToArray();
            int flagged = inScope.Count(t => t.Flagged);
            return flagged > 0 && flagged >= rules.MandateShare * inScope.Length;
        }).Select(ContractName)];

    /// <summary>Which mandate metrics each flag can inflate.</summary>
    public static bool Relevant(GoodhartPattern flag, string metric) => flag switch
    {
        GoodhartPattern.ReleaseSplitting => metric is "deployments",
        GoodhartPattern.PrSlicing => metric is "merged_prs" or "pr_cycle_hours" or "review_wait_hours" or "pr_size_lines",
        GoodhartPattern.ThroughputVsQuality => PanelColumns.Outcomes.Any(o => o.Name == metric && o.Family == OutcomeFamily.Velocity),
        _ => false,
    };

    public static string ContractName(GoodhartPattern flag) => flag switch
    {
        GoodhartPattern.ReleaseSplitting => "release_splitting",
        GoodhartPattern.PrSlicing => "pr_slicing",
        GoodhartPattern.ThroughputVsQuality => "throughput_vs_quality",
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, null),
    };

    /// <summary>The team's log change minus the controls' (0 when the controls' change is undefined, e.g. no controls).</summary>
    private static double Change(double post, double pre, double controlPost, double controlPre) =>
        Math.Log(post / pre) - Difference(Math.Log(controlPost), Math.Log(controlPre));

    private static double Difference(double post, double pre) => double.IsFinite(post - pre) ? post - pre : 0;

    /// <summary>One-sided p of H0: p_post ≤ p_pre, pooled two-proportion z-test.</summary>
    private static double OneSidedIncreaseP(double x0, double n0, double x1, double n1)
    {
        double pooled = (x0 + x1) / (n0 + n1);
        double se = Math.Sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1));
        if (!(se > 0)) return 1;
        return 1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, (x1 / n1 - x0 / n0) / se);
    }

    private static double? Median(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return null;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>Sums over the rows of some teams before (period &lt; cohort) or from (≥) a cohort's adoption period.</summary>
    private sealed class Window
    {
        public double Deployments, DeploymentDays, DeploymentEngineers, MergedPrs, PrEngineers, SumLogSize, Failures, FailureTrials;
        public int DeploymentRows, PrRows, SizeRows, FailureRows;
        public double MeanLogSize => SizeRows > 0 ? SumLogSize / SizeRows : double.NaN;
        /// <summary>(failures + ½) / (deployments + 1): finite when a window has no failure.</summary>
        public double SmoothedFailureRate => (Failures + 0.5) / (FailureTrials + 1);

        public static Window Of(IEnumerable<TeamSeries> teams, int cohort, bool before)
        {
            var w = new Window();
            foreach (var t in teams)
                for (int i = 0; i < t.Period.Count; i++)
                {
                    if ((t.Period[i] < cohort) != before) continue;
                    double e = t.Engineers[i];
                    if (!(e > 0)) continue;
                    if (double.IsFinite(t.Deployments[i]) && double.IsFinite(t.DeploymentDays[i]))
                    {
                        w.Deployments += t.Deployments[i]; w.DeploymentDays += t.DeploymentDays[i]; w.DeploymentEngineers += e; w.DeploymentRows++;
                    }
                    if (double.IsFinite(t.MergedPrs[i])) { w.MergedPrs += t.MergedPrs[i]; w.PrEngineers += e; w.PrRows++; }
                    if (t.PrSize[i] > 0 && double.IsFinite(t.PrSize[i])) { w.SumLogSize += Math.Log(t.PrSize[i]); w.SizeRows++; }
                    // The rate's denominator (all production deployments) is not in the panel; successful deployments
                    // stand in for it as the number of trials.
                    if (double.IsFinite(t.ChangeFailureRate[i]) && t.Deployments[i] > 0)
                    {
                        w.Failures += t.ChangeFailureRate[i] * t.Deployments[i]; w.FailureTrials += t.Deployments[i]; w.FailureRows++;
                    }
                }
            return w;
        }
    }
}
