using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Modeling.Analysis;
using Modeling.Ingest;
using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;
using Modeling.Panel;
using Modeling.Simulation;

namespace Modeling.Bench;

/// <summary>
/// The estimators' accuracy claim, measured: over many simulated organisations (one per seed) the staggered DiD multipliers
/// for an outcome against the truth.json multiplier — mean error, RMSE, share within ±0.05, and how often the 95%
/// interval covers the truth — with naive before/after beside them to show its bias.
/// </summary>
internal sealed class CoverageStudy(int seeds, int firstSeed, int teams, int months, string outcome, string workFolder)
{
    private static readonly string[] Estimators = ["imputation", OutcomeEstimation.StaggeredName, OutcomeEstimation.TwfeName, OutcomeEstimation.Naive];

    public string Run(Action<string> progress)
    {
        var rows = new List<(int Seed, double Truth, Dictionary<string, (double M, double Lo, double Hi)> Estimates)>();
        var key = PseudonymKey.FromHex(new string('b', 64));
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var folder = Path.Combine(workFolder, $"seed-{seed}");
            Simulator.Run(new SimulationOptions { Teams = teams, Months = months, Seed = seed, UsageDetail = UsageDetail.Monthly }, folder);
            double truth = Truth(folder, outcome);
            var panel = PanelPipeline.Run(new PipelineOptions(folder, new PanelOptions(PeriodUnit.Month), key)).Panel;
            var estimates = new OutcomeEstimation(seed, BootstrapDraws: 199, ConfidenceLevel: 0.95)
                .Run(Analysis.Analysis.OutcomeData(panel, outcome), OutcomeKind.Count);
            var found = estimates.Effects.ToDictionary(e => e.Estimator, e => (M: e.Multiplier ?? double.NaN, Lo: e.CiLow ?? double.NaN, Hi: e.CiHigh ?? double.NaN), StringComparer.Ordinal);
            rows.Add((seed, truth, found));
            Directory.Delete(folder, recursive: true);
            var line = string.Join(", ", Estimators.Where(found.ContainsKey)
                .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e} {found[e].M:F4}")));
            progress(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: truth {truth:F4}; {line}"));
        }
        return Table(rows);
    }

    private static double Truth(string folder, string outcome)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "truth.json")));
        return doc.RootElement.GetProperty("effects").EnumerateArray()
            .Single(e => e.GetProperty("outcome").GetString() == outcome).GetProperty("multiplier").GetDouble();
    }

    private string Table(List<(int Seed, double Truth, Dictionary<string, (double M, double Lo, double Hi)> Estimates)> rows)
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"Outcome `{outcome}`, {rows.Count} simulated organisations (seeds {firstSeed}–{firstSeed + seeds - 1}), {teams} teams × {months} months each; truth = truth.json `multiplier` (mean {rows.Average(r => r.Truth):F4}).");
        s.AppendLine();
        s.AppendLine("| estimator | fits | mean estimate − truth | RMSE | within ±0.05 | 95% CI covers truth | mean CI width |");
        s.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var name in Estimators)
        {
            var fits = rows.Where(r => r.Estimates.ContainsKey(name)).Select(r => (r.Truth, E: r.Estimates[name])).ToList();
            if (fits.Count == 0) continue;
            double bias = fits.Average(f => f.E.M - f.Truth);
            double rmse = Math.Sqrt(fits.Average(f => (f.E.M - f.Truth) * (f.E.M - f.Truth)));
            double within = fits.Count(f => Math.Abs(f.E.M - f.Truth) <= 0.05) / (double)fits.Count;
            double covers = fits.Count(f => f.E.Lo <= f.Truth && f.Truth <= f.E.Hi) / (double)fits.Count;
            double width = fits.Average(f => f.E.Hi - f.E.Lo);
            s.AppendLine(c, $"| {name} | {fits.Count} | {bias:+0.0000;-0.0000} | {rmse:F4} | {within:P0} | {covers:P0} | {width:F4} |");
        }
        return s.ToString();
    }
}
