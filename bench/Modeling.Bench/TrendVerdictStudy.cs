using System.Globalization;
using System.Text;
using Modeling.Analysis;
using Modeling.Analysis.Verdicts;
using Modeling.Ingest.Pseudonyms;
using Modeling.Panel;
using Modeling.Simulation;

namespace Modeling.Bench;

/// <summary>
/// Verdicts when parallel trends fail: simulated organisations whose adopting teams drift apart from the others by
/// <c>trend</c> per month (in logs) before and after adoption (<see cref="SimulationOptions.AdopterTrend"/>), a true
/// steady-state effect of ×<c>multiplier</c> on merged PRs per engineer, and an all-teams mandate of ×<c>target</c>. Per
/// run: the headline's pre-trend test, its plain interval, the Rambachan–Roth robust interval at M̄ = 1 with the
/// target's breakdown M̄, the verdict analyze gives (judged on the robust interval) and the one the former pre-trend gate
/// gave (inconclusive whenever the pre-trend test rejected at 5 %).
/// </summary>
internal sealed class TrendVerdictStudy(int seeds, int firstSeed, int teams, int months, double trend, double multiplier, double target, string workFolder)
{
    private const string Outcome = "merged_prs_per_engineer";

    public string Run(Action<string> progress)
    {
        var key = PseudonymKey.FromHex(new string('d', 64));
        var estimation = new OutcomeEstimation(Seed: 1, BootstrapDraws: 0, ConfidenceLevel: 0.95);
        var sensitivity = new TrendSensitivity(0.95, Seed: 1);
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        int runs = 0, rejects = 0, gateInconclusive = 0, plainExcludes = 0, plainCovers = 0, robustCovers = 0, robustFits = 0;
        var verdicts = new Dictionary<Verdict, int>();
        string? example = null;
        var breakdowns = new List<double>();
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var folder = Path.Combine(workFolder, $"trend-seed-{seed}");
            Simulator.Run(new SimulationOptions
            {
                Teams = teams, Months = months, Seed = seed, TrueMultiplier = multiplier, AdopterTrend = trend, UsageDetail = UsageDetail.Monthly,
            }, folder);
            var panel = PanelPipeline.Run(new PipelineOptions(folder, new PanelOptions(PeriodUnit.Month), key)).Panel;
            var (overallTruth, robustTruth) = Truth(Path.Combine(folder, "truth.json"));
            Directory.Delete(folder, recursive: true);
            var data = Analysis.Analysis.OutcomeData(panel, Outcome);
            var headline = estimation.HeadlineFit(data, OutcomeKind.Count, []);
            if (headline?.Row is not { CiLow: double low, CiHigh: double high, Multiplier: double m }) continue;
            double? p = estimation.PreTrendPValue(data, OutcomeKind.Count);
            var robust = sensitivity.Fit(data, OutcomeEstimation.HeadlineForm(data, OutcomeKind.Count), target, [])?[0];
            var evidence = new MultiplierEvidence(m, low, high, 0.95) { DegreesOfFreedom = headline.DegreesOfFreedom };
            var judged = MandateJudge.Judge(target, evidence, robust is { CiLow: not null } ? robust : null, "not available", headline.MinimumDetectableMultiplier);
            bool reject = p < 0.05;
            runs++;
            rejects += reject ? 1 : 0;
            gateInconclusive += reject ? 1 : 0;
            plainExcludes += high < target ? 1 : 0;
            verdicts[judged.Verdict] = verdicts.GetValueOrDefault(judged.Verdict) + 1;
            if (robust?.BreakdownMbar is double b) breakdowns.Add(b);
            plainCovers += low <= overallTruth && overallTruth <= high ? 1 : 0;
            if (robust is { CiLow: double rl, CiHigh: double rh }) { robustFits++; robustCovers += rl <= robustTruth && robustTruth <= rh ? 1 : 0; }
            string line = string.Create(c,
                $"| {seed} | {p:0.0000} | ×{m:0.000} ({low:0.000}–{high:0.000}) | ×{robust?.Estimate:0.000} ({robust?.CiLow:0.000}–{robust?.CiHigh:0.000}) | {(robust?.BreakdownBeyondLimit == true ? "> 10" : robust?.BreakdownMbar?.ToString("0.00", c) ?? "–")} | {judged.Verdict.ToContractName()} | {(reject ? "inconclusive" : judged.Verdict.ToContractName())} |");
            lines.Add(line);
            if (example is null && reject && judged.Verdict == Verdict.NotSupported) example = $"seed {seed}: {judged.Reason}";
            progress(line);
        }
        var s = new StringBuilder();
        s.AppendLine(c, $"Adopting teams drift apart from the others by {trend:0.###} per month in logs (before and after adoption), true steady-state effect ×{multiplier:0.##} on {Outcome}, an all-teams mandate of ×{target:0.##}; {runs} simulated organisations (seeds {firstSeed}–{firstSeed + seeds - 1}), {teams} teams × {months} months each (from 36 months on, no team adopts within six months of the start, so every adopting team enters the event study). Robust interval: Rambachan–Roth relative magnitudes at M̄ = 1 on the imputation event study in quarters (TrendSensitivity).");
        s.AppendLine();
        s.AppendLine("| seed | pre-trend p | plain interval | robust interval (M̄ = 1) | breakdown M̄ for the target | verdict (robust) | verdict under the former gate |");
        s.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var l in lines) s.AppendLine(l);
        s.AppendLine();
        string Share(int n) => string.Create(c, $"{n} of {runs}");
        s.AppendLine(c, $"Pre-trend test rejects at 5 %: {Share(rejects)}. Verdicts judged on the robust interval: supported {Share(verdicts.GetValueOrDefault(Verdict.Supported))}, not supported {Share(verdicts.GetValueOrDefault(Verdict.NotSupported))}, inconclusive {Share(verdicts.GetValueOrDefault(Verdict.Inconclusive))}; the former gate made {Share(gateInconclusive)} inconclusive whatever the interval said (the plain interval lay below the target in {Share(plainExcludes)}).");
        s.AppendLine(c, $"Coverage: the plain interval holds the overall truth (truth.json) in {Share(plainCovers)}; the robust interval holds the truth of its own estimand (first four post-adoption quarters, each Σ expected with AI ÷ Σ without from truth.json by_event_time, averaged in logs with weights Σ expected without AI) in {robustCovers} of {robustFits}.");
        if (breakdowns.Count > 0)
            s.AppendLine(c, $"Breakdown M̄ for the target: median {Median(breakdowns):0.00}, smallest {breakdowns.Min():0.00}.");
        if (example is not null) s.AppendLine().AppendLine(c, $"Example reason (pre-trend test rejects, verdict not_supported): {example}");
        return s.ToString();
    }

    /// <summary>The overall truth of the outcome and the truth of the robust interval's estimand (see the summary line).</summary>
    private static (double Overall, double Robust) Truth(string path)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var effect = doc.RootElement.GetProperty("effects").EnumerateArray().Single(e => e.GetProperty("outcome").GetString() == Outcome);
        var bins = new double[TrendSensitivity.LastBin + 1, 2];
        foreach (var e in effect.GetProperty("by_event_time").EnumerateArray())
        {
            int b = e.GetProperty("event_time").GetInt32() / TrendSensitivity.BinWidth;
            if (b > TrendSensitivity.LastBin) continue;
            bins[b, 0] += e.GetProperty("expected_with_ai").GetDouble();
            bins[b, 1] += e.GetProperty("expected_without_ai").GetDouble();
        }
        double total = 0, log = 0;
        for (int b = 0; b <= TrendSensitivity.LastBin; b++) total += bins[b, 1];
        for (int b = 0; b <= TrendSensitivity.LastBin; b++) log += bins[b, 1] / total * Math.Log(bins[b, 0] / bins[b, 1]);
        return (effect.GetProperty("multiplier").GetDouble(), Math.Exp(log));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
