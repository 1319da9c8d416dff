using System.Globalization;
using System.Text;
using Modeling.Analysis.MachineLearning;
using Modeling.Ingest.Pseudonyms;
using Modeling.Panel;
using Modeling.Simulation;

namespace Modeling.Bench;

/// <summary>
/// The size of DML's test of no effect: simulated organisations with true_multiplier 1 (no effect of AI on merged PRs),
/// one per seed, and how often the 95 % interval of the full-adoption multiplier exp(θ) excludes 1 (nominal 5 %).
/// </summary>
internal sealed class DmlNullStudy(int seeds, int firstSeed, int teams, int months, string outcome, string workFolder)
{
    public string Run(Action<string> progress)
    {
        var key = PseudonymKey.FromHex(new string('d', 64));
        var thetas = new List<(double Theta, double Low, double High)>();
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var folder = Path.Combine(workFolder, $"dml-seed-{seed}");
            Simulator.Run(new SimulationOptions { Teams = teams, Months = months, Seed = seed, TrueMultiplier = 1, UsageDetail = UsageDetail.Monthly }, folder);
            var panel = PanelPipeline.Run(new PipelineOptions(folder, new PanelOptions(PeriodUnit.Month), key)).Panel;
            Directory.Delete(folder, recursive: true);
            var fit = DmlAnalysis.Fit(panel, outcome, seed, 0.95);
            var full = fit.Dose.At(1.0);
            thetas.Add((full.Multiplier, full.CiLow, full.CiHigh));
            progress(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: exp(θ) {full.Multiplier:F4} [{full.CiLow:F4}, {full.CiHigh:F4}]"));
        }
        var c = CultureInfo.InvariantCulture;
        int excludes = thetas.Count(t => t.Low > 1 || t.High < 1);
        var s = new StringBuilder();
        s.AppendLine(c, $"DML with team and period fixed effects, outcome `{outcome}`, no effect built in (true_multiplier 1), {thetas.Count} simulated organisations (seeds {firstSeed}–{firstSeed + seeds - 1}), {teams} teams × {months} months each.");
        s.AppendLine();
        s.AppendLine("| runs | 95 % interval excludes 1 | mean exp(θ) | median interval width |");
        s.AppendLine("|---|---|---|---|");
        var widths = thetas.Select(t => t.High - t.Low).Order().ToArray();
        s.AppendLine(c, $"| {thetas.Count} | {excludes} ({100.0 * excludes / thetas.Count:F0} %) | {thetas.Average(t => t.Theta):F4} | {widths[widths.Length / 2]:F4} |");
        return s.ToString();
    }
}
