using System.Globalization;
using System.Text;
using System.Text.Json;
using Modeling.Analysis;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Ingest.Pseudonyms;
using Modeling.Panel;
using Modeling.Simulation;

namespace Modeling.Bench;

/// <summary>
/// Does the headline interval hold at every scope a mandate can name? Over many simulated organisations (one per seed)
/// the headline estimate of one outcome is fitted, as analyze fits a scoped mandate, on all teams, on 25 and on 5
/// adopting teams drawn at random (an org of that size) and on one adopting team, each with every never-adopted team as
/// control; the truth of a scope is the sum of its teams' expected outcomes with AI over the sum without (truth.json
/// <c>by_team</c>). Reported per scope: the inference used (cluster_t, placebo, none), how often the interval covers the
/// truth and how often it excludes 1 (the test's size when the truth is 1), beside the former interval (influence
/// variance around the single average, normal critical values) on the same fits.
/// </summary>
internal sealed class ScopeCoverageStudy(int seeds, int firstSeed, int teams, int months, double trueMultiplier, string outcome, string workFolder)
{
    private static readonly (string Name, int? Adopting)[] Scopes = [("all teams", null), ("25 adopting teams", 25), ("5 adopting teams", 5), ("1 adopting team", 1)];

    private sealed record Fit(string Inference, double Multiplier, double? Low, double? High, double OldLow, double OldHigh, double Truth);

    public string Run(Action<string> progress)
    {
        var fits = Scopes.ToDictionary(s => s.Name, _ => new List<Fit>());
        var key = PseudonymKey.FromHex(new string('c', 64));
        var estimation = new OutcomeEstimation(Seed: 1, BootstrapDraws: 0, ConfidenceLevel: 0.95);
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var folder = Path.Combine(workFolder, $"scope-seed-{seed}");
            Simulator.Run(new SimulationOptions { Teams = teams, Months = months, Seed = seed, TrueMultiplier = trueMultiplier, UsageDetail = UsageDetail.Monthly }, folder);
            var truth = TeamTruth(folder, outcome);
            var panel = PanelPipeline.Run(new PipelineOptions(folder, new PanelOptions(PeriodUnit.Month), key)).Panel;
            Directory.Delete(folder, recursive: true);
            var data = Analysis.Analysis.OutcomeData(panel, outcome);
            var adopting = panel.Teams.Where(t => t.Cohort != 0 && truth.ContainsKey(t.TeamId)).Select(t => t.TeamId).Order(StringComparer.Ordinal).ToArray();
            var random = new Random(seed);
            var line = new StringBuilder($"seed {seed}:");
            foreach (var (name, size) in Scopes)
            {
                string[] scope = size is int k ? [.. adopting.OrderBy(_ => random.Next()).Take(k)] : adopting;
                var scoped = size is null ? data : Analysis.Analysis.Scoped(data, scope.ToHashSet(StringComparer.Ordinal))!;
                var estimate = estimation.HeadlineFit(scoped, OutcomeKind.Count, []);
                if (estimate is null) continue;
                var old = new ImputationDid { Form = ImputationForm.Poisson }.Fit(scoped).Multiplier;
                double t = scope.Sum(team => truth[team].With) / scope.Sum(team => truth[team].Without);
                var row = estimate.Row;
                fits[name].Add(new Fit(row.Inference!, row.Multiplier!.Value, row.CiLow, row.CiHigh, old.CiLow, old.CiHigh, t));
                line.Append(CultureInfo.InvariantCulture, $" {name} {row.Multiplier:F3} [{row.CiLow:F3}, {row.CiHigh:F3}] {row.Inference} truth {t:F3};");
            }
            progress(line.ToString());
        }
        return Table(fits);
    }

    private static Dictionary<string, (double With, double Without)> TeamTruth(string folder, string outcome)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "truth.json")));
        var effect = doc.RootElement.GetProperty("effects").EnumerateArray().Single(e => e.GetProperty("outcome").GetString() == outcome);
        return effect.GetProperty("by_team").EnumerateArray().ToDictionary(
            t => t.GetProperty("team_id").GetString()!,
            t => (t.GetProperty("expected_with_ai").GetDouble(), t.GetProperty("expected_without_ai").GetDouble()), StringComparer.Ordinal);
    }

    private string Table(Dictionary<string, List<Fit>> fits)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"Outcome `{outcome}`, true_multiplier {trueMultiplier}, {seeds} simulated organisations (seeds {firstSeed}–{firstSeed + seeds - 1}), {teams} teams × {months} months each; 95 % intervals.");
        s.AppendLine();
        s.AppendLine("| scope | fits | inference used | no interval | covers truth (of those with one) | excludes 1 | median width (log) | former interval covers | former excludes 1 |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, _) in Scopes)
        {
            var list = fits[name];
            if (list.Count == 0) continue;
            var with = list.Where(f => f.Low is not null && f.High is not null).ToList();
            string methods = string.Join(", ", list.GroupBy(f => f.Inference).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
            string Share(int n, int of) => of == 0 ? "–" : string.Create(c, $"{n} of {of} ({100.0 * n / of:F0} %)");
            int covers = with.Count(f => f.Low <= f.Truth && f.Truth <= f.High);
            int excludes = with.Count(f => f.Low > 1 || f.High < 1);
            string width = with.Count == 0 ? "–" : Median(with.Select(f => Math.Log(f.High!.Value) - Math.Log(f.Low!.Value))).ToString("F3", c);
            int oldCovers = list.Count(f => f.OldLow <= f.Truth && f.Truth <= f.OldHigh);
            int oldExcludes = list.Count(f => f.OldLow > 1 || f.OldHigh < 1);
            s.AppendLine(c, $"| {name} | {list.Count} | {methods} | {list.Count - with.Count} | {Share(covers, with.Count)} | {Share(excludes, with.Count)} | {width} | {Share(oldCovers, list.Count)} | {Share(oldExcludes, list.Count)} |");
        }
        return s.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
