using System.Text.Json;
using Modeling.Analysis.Heterogeneity;
using Modeling.Analysis.Tests.Support;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Results;
using Modeling.Simulation;
using Modeling.Tests;

namespace Modeling.Analysis.Tests.Heterogeneity;

/// <summary>Effects by AI tool on organisations whose tools have different true effects.</summary>
public class ToolComparisonTests
{
    private static readonly OutcomeEstimation Estimation = new(1, 100, 0.95);

    /// <summary>120 teams × 24 months, three tools with different steady-state effects on merged PRs.</summary>
    private static readonly Lazy<string> Organisation = new(() =>
    {
        var folder = TestPaths.NewTempFolder("sim-tools");
        Simulator.Run(new SimulationOptions
        {
            Teams = 120, Months = 24, Seed = 5, UsageDetail = UsageDetail.Monthly,
            ToolEffects = [new("copilot", 1.15), new("cursor", 1.6), new("claude-code", 2.0)],
        }, folder);
        return folder;
    });

    private static Dictionary<string, double> TruthByTool(string outcome)
    {
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(Organisation.Value, "truth.json")));
        var effect = truth.RootElement.GetProperty("effects").EnumerateArray().Single(e => e.GetProperty("outcome").GetString() == outcome);
        return effect.GetProperty("by_tool").EnumerateArray().ToDictionary(t => t.GetProperty("tool").GetString()!, t => t.GetProperty("multiplier").GetDouble());
    }

    [Fact]
    public void Each_tool_s_estimate_covers_its_simulated_truth_and_the_differences_between_tools_are_found()
    {
        var panel = TestPanels.Build(Organisation.Value);
        const string outcome = "merged_prs_per_engineer";
        var data = Analysis.OutcomeData(panel, outcome);
        var comparison = ToolComparisonAnalysis.Run(panel, [(outcome, OutcomeKind.Count, data)], Estimation)!;

        // Adopting teams take the tools in turn down the adoption order: 96 adopters, 32 per tool, each its first tool.
        Assert.Equal(["claude-code 32", "copilot 32", "cursor 32"], comparison.Teams.Select(t => $"{t.Tool} {t.AdoptingTeams}"));
        var truth = TruthByTool(outcome);
        foreach (var row in comparison.Estimates)
        {
            Assert.Equal((ToolComparisonAnalysis.Dimension, HeadlineInference.ClusterT), (row.Dimension, row.Inference));
            Assert.InRange(truth[row.Group], row.CiLow!.Value, row.CiHigh!.Value);
        }
        Assert.Equal(3, comparison.Differences.Count);
        foreach (var d in comparison.Differences)
        {
            Assert.InRange(truth[d.Tool] / truth[d.Versus], d.CiLow!.Value, d.CiHigh!.Value);
            Assert.True(d.PValue < 0.01, $"{d.Tool} vs {d.Versus}: p = {d.PValue}");
            Assert.Equal(31, d.DegreesOfFreedom);
        }
    }

    [Fact]
    public void The_difference_s_standard_error_agrees_with_a_team_bootstrap_of_the_two_fits()
    {
        // Two groups of 30 adopting teams (effects 1.2 and 1.5) and 40 never-adopted teams sharing one Poisson panel.
        var data = TwoToolPanel(seed: 11);
        var a = Fit(data, "a", null);
        var b = Fit(data, "b", null);
        var tested = ToolComparisonAnalysis.Tested(new ToolDifference { Outcome = "y", Tool = "a", Versus = "b" }, a, b, 0.95);
        double analytic = (Math.Log(tested.CiHigh!.Value) - Math.Log(tested.Ratio!.Value)) / MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, 29, 0.975);

        // Independent computation: resample teams within each group (the never-adopted controls once per draw, shared by
        // both fits, as in the data), refit both and take the spread of the log ratio.
        var random = new Random(3);
        var draws = new List<double>();
        for (int r = 0; r < 200; r++)
        {
            var resampled = Resample(data, random);
            draws.Add(Fit(resampled, "a", null).Overall.Estimate - Fit(resampled, "b", null).Overall.Estimate);
        }
        double mean = draws.Average(), sd = Math.Sqrt(draws.Sum(x => (x - mean) * (x - mean)) / (draws.Count - 1));
        Assert.InRange(analytic / sd, 0.8, 1.25);
        Assert.InRange(1.2 / 1.5, tested.CiLow!.Value, tested.CiHigh!.Value);
    }

    /// <summary>Teams "a…" (effect 1.2), "b…" (1.5) adopting in periods 6..17, "n…" never; 20 periods.</summary>
    private static PanelData TwoToolPanel(int seed)
    {
        var random = new Random(seed);
        var unit = new List<int>(); var time = new List<int>(); var y = new List<double>(); var cohort = new List<int>();
        var labels = new List<string>();
        foreach (var (prefix, count, effect) in new[] { ("a", 30, 1.2), ("b", 30, 1.5), ("n", 40, 1.0) })
            for (int i = 0; i < count; i++)
            {
                int u = labels.Count;
                labels.Add($"{prefix}{i:00}");
                double alpha = Math.Log(20) + 0.3 * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
                int g = prefix == "n" ? PanelData.NeverTreated : 6 + random.Next(12);
                for (int t = 1; t <= 20; t++)
                {
                    double eta = alpha + 0.01 * t + (g != PanelData.NeverTreated && t >= g ? Math.Log(effect) : 0);
                    unit.Add(u); time.Add(t); cohort.Add(g);
                    y.Add(MathNet.Numerics.Distributions.Poisson.Sample(random, Math.Exp(eta)));
                }
            }
        return new PanelData(unit, time, y, labels, cohort, outcomeName: "y");
    }

    /// <summary>The Poisson imputation fit (leave-out variance) on one group's teams and the never-adopted ones.</summary>
    private static ImputationDidResult Fit(PanelData data, string prefix, object? _)
    {
        var teams = data.UnitLabels.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        return new ImputationDid { Form = ImputationForm.Poisson, Variance = ImputationVariance.LeaveUnitOut }.Fit(Analysis.Scoped(data, teams)!);
    }

    /// <summary>Teams drawn with replacement within each group; a team drawn twice becomes two teams.</summary>
    private static PanelData Resample(PanelData data, Random random)
    {
        var rowsOf = Enumerable.Range(0, data.Count).GroupBy(i => data.Unit[i]).ToDictionary(g => g.Key, g => g.ToArray());
        var unit = new List<int>(); var time = new List<int>(); var y = new List<double>(); var cohort = new List<int>();
        var labels = new List<string>();
        foreach (var group in Enumerable.Range(0, data.UnitLabels.Count).GroupBy(u => data.UnitLabels[u][0]))
        {
            var members = group.ToArray();
            for (int k = 0; k < members.Length; k++)
            {
                int source = members[random.Next(members.Length)];
                int u = labels.Count;
                labels.Add($"{group.Key}{k:00}");
                foreach (int i in rowsOf[source]) { unit.Add(u); time.Add(data.Time[i]); y.Add(data.Outcome[i]); cohort.Add(data.Cohort![i]); }
            }
        }
        return new PanelData(unit, time, y, labels, cohort, outcomeName: "y");
    }
}
