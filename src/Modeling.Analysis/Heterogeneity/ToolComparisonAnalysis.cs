using MathNet.Numerics.Distributions;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Panel;
using Modeling.Results;

namespace Modeling.Analysis.Heterogeneity;

/// <summary>
/// Effects by AI tool. Teams adopt one tool, or several, or a mix; the design here is "first tool adopted": each
/// adopting team is attributed to the tool whose users alone first brought the team to the adoption threshold
/// (<see cref="TeamPanel.ToolAdoption"/>), stays treated from its adoption period as in the headline, and each tool's
/// teams are compared with the never-adopted teams by the headline estimator with the headline's inference (a
/// heterogeneity group, suppressed below the small-group threshold). Teams that first reached it with two tools at
/// once are the group <c>several</c>; teams that adopted with a mix no single tool reached it with, <c>no_single_tool</c>.
/// </summary>
/// <remarks>
/// The difference between two tools is tested on the log multipliers, from the two fits' per-team influence functions
/// stacked over the union of their teams (the never-adopted controls are shared, so the two estimates are correlated
/// and the covariance is in the stacked influence), with Student's t on min(G₁ of either) − 1 degrees of freedom, as
/// the headline's cluster_t interval. Only pairs whose two tools both have at least
/// <see cref="HeadlineInference.ClusterMinimum"/> adopting teams are tested; others say why not.
/// </remarks>
public static class ToolComparisonAnalysis
{
    public const string Dimension = "first_tool";
    public const string Several = "several";
    public const string NoSingleTool = "no_single_tool";

    /// <summary>Each adopting team's first tool (or <see cref="Several"/> / <see cref="NoSingleTool"/>), by team id.</summary>
    public static IReadOnlyDictionary<string, string> FirstTools(TeamPanel panel)
    {
        var ordinal = panel.PeriodLabels.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i, StringComparer.Ordinal);
        var byTeam = panel.ToolAdoption.Where(a => ordinal.ContainsKey(a.AdoptionPeriod))
            .GroupBy(a => a.TeamId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var team in panel.Teams.Where(t => t.AdoptionPeriod is not null))
        {
            if (!byTeam.TryGetValue(team.TeamId, out var tools)) { result[team.TeamId] = NoSingleTool; continue; }
            int first = tools.Min(a => ordinal[a.AdoptionPeriod]);
            var firsts = tools.Where(a => ordinal[a.AdoptionPeriod] == first).ToArray();
            result[team.TeamId] = firsts.Length == 1 ? firsts[0].Tool : Several;
        }
        return result;
    }

    /// <summary>
    /// The comparison for the outcomes given (the mandates' and throughput, and the quality outcomes); null when fewer
    /// than two tools were anyone's first tool (there is nothing to compare).
    /// </summary>
    public static ToolComparison? Run(TeamPanel panel, IReadOnlyList<(string Name, OutcomeKind Kind, PanelData Data)> outcomes,
        OutcomeEstimation estimation)
    {
        var firstTools = FirstTools(panel);
        var tools = firstTools.Values.Where(t => t is not Several and not NoSingleTool).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (tools.Length < 2) return null;
        var grouping = new TeamGrouping(Dimension, firstTools);
        var sizes = HeterogeneityAnalysis.TeamSizes(panel);
        var jobs = outcomes.Select(o => (Func<(IReadOnlyList<HeterogeneityRow> Rows, IReadOnlyList<ToolDifference> Differences)>)(() =>
        {
            var rows = HeterogeneityAnalysis.Estimate(o.Data, o.Kind, grouping, sizes, panel.Options.SmallGroupThreshold, estimation);
            return (rows, Differences(o.Data, o.Kind, firstTools, tools, rows, estimation.ConfidenceLevel));
        })).ToList();
        var results = ParallelJobs.Run(jobs);
        return new ToolComparison
        {
            Attribution = Dimension,
            Teams = [.. firstTools.Values.GroupBy(t => t, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ToolTeams(g.Key, g.Count()))],
            Estimates = Multiplicity.Adjust([.. results.SelectMany(r => r.Rows)]),
            Differences = [.. results.SelectMany(r => r.Differences)],
        };
    }

    /// <summary>Every pair of tools (ordinal order) on one outcome: tested, or why not.</summary>
    private static IReadOnlyList<ToolDifference> Differences(PanelData data, OutcomeKind kind, IReadOnlyDictionary<string, string> firstTools,
        string[] tools, IReadOnlyList<HeterogeneityRow> rows, double confidenceLevel)
    {
        var differences = new List<ToolDifference>();
        var fits = new Dictionary<string, ImputationDidResult?>(StringComparer.Ordinal);
        ImputationDidResult? FitOf(string tool)
        {
            if (fits.TryGetValue(tool, out var cached)) return cached;
            var teams = firstTools.Where(kv => kv.Value == tool).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
            var scoped = Analysis.Scoped(data, teams);
            ImputationDidResult? fit = null;
            if (scoped is not null)
            {
                try
                {
                    fit = new ImputationDid
                    {
                        Form = OutcomeEstimation.HeadlineForm(data, kind), ConfidenceLevel = confidenceLevel, Variance = ImputationVariance.LeaveUnitOut,
                    }.Fit(scoped);
                }
                catch (Estimation.Regression.EstimationException)
                {
                    fit = null; // the group's row already carries the estimator's verdict
                }
            }
            return fits[tool] = fit;
        }

        for (int a = 0; a < tools.Length; a++)
            for (int b = a + 1; b < tools.Length; b++)
            {
                var difference = new ToolDifference { Outcome = data.OutcomeName, Tool = tools[a], Versus = tools[b] };
                var rowA = rows.FirstOrDefault(r => r.Group == tools[a]);
                var rowB = rows.FirstOrDefault(r => r.Group == tools[b]);
                if (rowA is null || rowB is null || rowA.Suppressed || rowB.Suppressed)
                {
                    differences.Add(difference with { NotTestedReason = Messages.ToolDifferenceSuppressed });
                    continue;
                }
                if ((rowA.AdoptingTeams ?? 0) < HeadlineInference.ClusterMinimum || (rowB.AdoptingTeams ?? 0) < HeadlineInference.ClusterMinimum)
                {
                    differences.Add(difference with { NotTestedReason = Messages.ToolDifferenceTooFewTeams(HeadlineInference.ClusterMinimum) });
                    continue;
                }
                if (FitOf(tools[a]) is not { } fa || FitOf(tools[b]) is not { } fb)
                {
                    differences.Add(difference with { NotTestedReason = Messages.ToolDifferenceNotEstimable });
                    continue;
                }
                differences.Add(Tested(difference, fa, fb, confidenceLevel));
            }
        return differences;
    }

    /// <summary>log(ratio) = θ_a − θ_b with variance G/(G−1)·Σ_g (ψ_a,g − ψ_b,g)² over the union of the two fits' teams.</summary>
    public static ToolDifference Tested(ToolDifference difference, ImputationDidResult a, ImputationDidResult b, double confidenceLevel)
    {
        var psi = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int g = 0; g < a.ClusterUnits.Count; g++) psi[a.ClusterUnits[g]] = a.Influence[g];
        for (int g = 0; g < b.ClusterUnits.Count; g++)
            psi[b.ClusterUnits[g]] = (psi.TryGetValue(b.ClusterUnits[g], out var v) ? v : 0) - b.Influence[g];
        int units = psi.Count;
        double sum = psi.Values.Sum(x => x * x);
        double se = Math.Sqrt(units / (units - 1.0) * sum);
        double estimate = a.Overall.Estimate - b.Overall.Estimate;
        double df = Math.Min(a.AdoptingUnits, b.AdoptingUnits) - 1;
        double t = StudentT.InvCDF(0, 1, df, 0.5 + confidenceLevel / 2);
        double p = 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(estimate / se)));
        return difference with
        {
            Ratio = Math.Exp(estimate), CiLow = Math.Exp(estimate - t * se), CiHigh = Math.Exp(estimate + t * se), PValue = p, DegreesOfFreedom = df,
        };
    }
}
