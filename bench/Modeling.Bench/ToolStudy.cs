using System.Globalization;
using System.Text;
using System.Text.Json;
using Modeling.Analysis;
using Modeling.Analysis.Heterogeneity;
using Modeling.Ingest.Pseudonyms;
using Modeling.Panel;
using Modeling.Simulation;

namespace Modeling.Bench;

/// <summary>
/// Coverage of the per-tool estimates and of the tool differences: organisations whose tools have different true effects
/// (two of them the same, so one difference is null), each tool's interval against its simulated truth (by_tool), each
/// difference's interval against the ratio of the two truths, and how often each difference is declared (p &lt; 0.05).
/// </summary>
internal sealed class ToolStudy(int seeds, int firstSeed, int teams, int months, IReadOnlyList<ToolEffect> tools, string outcome, string workFolder)
{
    private sealed record Interval(string Name, double Low, double High, double Truth, double? P);

    public string Run(Action<string> progress)
    {
        var fits = new List<Interval>();
        var key = PseudonymKey.FromHex(new string('d', 64));
        var estimation = new OutcomeEstimation(Seed: 1, BootstrapDraws: 0, ConfidenceLevel: 0.95);
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var folder = Path.Combine(workFolder, $"tools-seed-{seed}");
            Simulator.Run(new SimulationOptions { Teams = teams, Months = months, Seed = seed, UsageDetail = UsageDetail.Monthly, ToolEffects = tools }, folder);
            var truth = TruthByTool(folder);
            var panel = PanelPipeline.Run(new PipelineOptions(folder, new PanelOptions(PeriodUnit.Month), key)).Panel;
            Directory.Delete(folder, recursive: true);
            var data = Analysis.Analysis.OutcomeData(panel, outcome);
            var comparison = ToolComparisonAnalysis.Run(panel, [(outcome, OutcomeKind.Count, data)], estimation);
            if (comparison is null) continue;
            var line = new StringBuilder($"seed {seed}:");
            foreach (var row in comparison.Estimates.Where(r => r.CiLow is not null && truth.ContainsKey(r.Group)))
            {
                fits.Add(new Interval(row.Group, row.CiLow!.Value, row.CiHigh!.Value, truth[row.Group], null));
                line.Append(CultureInfo.InvariantCulture, $" {row.Group} {row.Multiplier:F3} [{row.CiLow:F3}, {row.CiHigh:F3}] truth {truth[row.Group]:F3};");
            }
            foreach (var d in comparison.Differences.Where(d => d.CiLow is not null))
            {
                double t = truth[d.Tool] / truth[d.Versus];
                fits.Add(new Interval($"{d.Tool} ÷ {d.Versus}", d.CiLow!.Value, d.CiHigh!.Value, t, d.PValue));
                line.Append(CultureInfo.InvariantCulture, $" {d.Tool}/{d.Versus} {d.Ratio:F3} [{d.CiLow:F3}, {d.CiHigh:F3}] p {d.PValue:F3} truth {t:F3};");
            }
            progress(line.ToString());
        }
        return Table(fits);
    }

    private Dictionary<string, double> TruthByTool(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "truth.json")));
        var effect = doc.RootElement.GetProperty("effects").EnumerateArray().Single(e => e.GetProperty("outcome").GetString() == outcome);
        return effect.GetProperty("by_tool").EnumerateArray().ToDictionary(t => t.GetProperty("tool").GetString()!, t => t.GetProperty("multiplier").GetDouble());
    }

    private string Table(List<Interval> fits)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"Outcome `{outcome}`, tools {string.Join(", ", tools.Select(t => $"{t.Tool} ×{t.Multiplier}"))}; {seeds} simulated organisations (seeds {firstSeed}–{firstSeed + seeds - 1}), {teams} teams × {months} months each; 95 % intervals; teams attributed to their first tool.");
        s.AppendLine();
        s.AppendLine("| estimate | fits | covers truth | declared (p < 0.05) | median truth |");
        s.AppendLine("|---|---|---|---|---|");
        foreach (var group in fits.GroupBy(f => f.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = group.ToList();
            int covers = list.Count(f => f.Low <= f.Truth && f.Truth <= f.High);
            string declared = list[0].P is null ? "–" : string.Create(c, $"{list.Count(f => f.P < 0.05)} of {list.Count}");
            var truths = list.Select(f => f.Truth).Order().ToArray();
            s.AppendLine(c, $"| {group.Key} | {list.Count} | {covers} of {list.Count} ({100.0 * covers / list.Count:F0} %) | {declared} | {truths[truths.Length / 2]:F3} |");
        }
        return s.ToString();
    }
}
