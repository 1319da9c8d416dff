using System.Globalization;
using System.Text;
using Modeling.Analysis;
using Modeling.Analysis.Heterogeneity;
using Modeling.Ingest.Pseudonyms;
using Modeling.Panel;
using Modeling.Results;
using Modeling.Simulation;

namespace Modeling.Bench;

/// <summary>
/// False "clearly better/worse" statements when AI changes nothing: simulated organisations with no effect at all (one
/// per seed), every outcome's headline estimate and the heterogeneity groups of the two mandate outcomes, as analyze
/// fits them. Counted per run: whether any secondary outcome (every outcome but the mandates' deployments_per_engineer
/// and merged_prs_per_engineer) or any heterogeneity group reads as a change, before (pointwise interval excludes 1)
/// and after (also Holm-adjusted p below 0.05, as the report reads them) the adjustment.
/// </summary>
internal sealed class MultiplicityStudy(int seeds, int firstSeed, int teams, int months, string workFolder)
{
    private static readonly HashSet<string> Primary = new(StringComparer.Ordinal) { "deployments_per_engineer", "merged_prs_per_engineer" };

    public string Run(Action<string> progress)
    {
        var key = PseudonymKey.FromHex(new string('e', 64));
        var estimation = new OutcomeEstimation(Seed: 1, BootstrapDraws: 0, ConfidenceLevel: 0.95);
        int runs = 0, outcomesBefore = 0, outcomesAfter = 0, groupsBefore = 0, groupsAfter = 0, primaryCovers = 0, primaryFits = 0;
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var folder = Path.Combine(workFolder, $"null-seed-{seed}");
            Simulator.Run(new SimulationOptions { Teams = teams, Months = months, Seed = seed, NoEffect = true, UsageDetail = UsageDetail.Monthly }, folder);
            var panel = PanelPipeline.Run(new PipelineOptions(folder, new PanelOptions(PeriodUnit.Month), key)).Panel;
            Directory.Delete(folder, recursive: true);
            var rows = new List<EffectRow>();
            var data = new List<(string Name, OutcomeKind Kind, Estimation.Data.PanelData Data)>();
            foreach (var (name, kind) in Analysis.Analysis.OutcomesOf(panel))
            {
                Estimation.Data.PanelData d;
                try { d = Analysis.Analysis.OutcomeData(panel, name); } catch (NoObservationsException) { continue; }
                if (estimation.HeadlineFit(d, kind, []) is { } h) rows.Add(h.Row);
                if (Primary.Contains(name)) data.Add((name, kind, d));
            }
            var adjusted = Multiplicity.AdjustSecondary(rows, Primary);
            var secondary = adjusted.Where(r => !Primary.Contains(r.Outcome)).ToList();
            bool before = secondary.Any(r => Excludes1(r.CiLow, r.CiHigh));
            bool after = secondary.Any(r => Excludes1(r.CiLow, r.CiHigh) && r.PValueAdjusted < 0.05);
            foreach (var r in adjusted.Where(r => Primary.Contains(r.Outcome) && r.CiLow is not null))
            {
                primaryFits++;
                if (!Excludes1(r.CiLow, r.CiHigh)) primaryCovers++;
            }
            var groups = HeterogeneityAnalysis.Run(panel, data, estimation).Where(g => !g.Suppressed).ToList();
            bool groupBefore = groups.Any(g => Excludes1(g.CiLow, g.CiHigh));
            bool groupAfter = groups.Any(g => Excludes1(g.CiLow, g.CiHigh) && g.PValueAdjusted < 0.05);
            runs++;
            outcomesBefore += before ? 1 : 0; outcomesAfter += after ? 1 : 0;
            groupsBefore += groupBefore ? 1 : 0; groupsAfter += groupAfter ? 1 : 0;
            progress(string.Create(CultureInfo.InvariantCulture,
                $"seed {seed}: {secondary.Count} secondary outcomes, any change before {before} after {after}; {groups.Count} groups, any change before {groupBefore} after {groupAfter}"));
        }
        var c = CultureInfo.InvariantCulture;
        string Share(int n) => string.Create(c, $"{n} of {runs} ({100.0 * n / runs:F0} %)");
        var s = new StringBuilder();
        s.AppendLine(c, $"No effect of AI on any outcome (`simulate --no-effect`), {runs} simulated organisations (seeds {firstSeed}–{firstSeed + seeds - 1}), {teams} teams × {months} months each; headline (imputation) estimates as analyze makes them.");
        s.AppendLine();
        s.AppendLine("| runs with any … | pointwise 95 % intervals (before) | Holm-adjusted (after) |");
        s.AppendLine("|---|---|---|");
        s.AppendLine(c, $"| secondary outcome read as better/worse | {Share(outcomesBefore)} | {Share(outcomesAfter)} |");
        s.AppendLine(c, $"| heterogeneity group read as better/worse | {Share(groupsBefore)} | {Share(groupsAfter)} |");
        s.AppendLine();
        s.AppendLine(c, $"Primary outcomes (judged unadjusted): the interval holds 1 in {primaryCovers} of {primaryFits} fits ({100.0 * primaryCovers / Math.Max(1, primaryFits):F0} %).");
        return s.ToString();
    }

    private static bool Excludes1(double? low, double? high) => low > 1 || high < 1;
}
