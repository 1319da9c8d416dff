using System.Text;
using Modeling.Reporting.Charts;
using Modeling.Results;
using Modeling.Reporting.Text;
using Plotly.NET;
using static Modeling.Reporting.Page.Html;
using C = Plotly.NET.CSharp;

namespace Modeling.Reporting.Page;

internal sealed partial class ReportPage
{
    private static readonly string[] EstimatorOrder = ["naive_before_after", "twfe", "staggered_did", "imputation", "dml", "counterfactual_model"];

    private string TargetVersusEvidence()
    {
        var mandates = r.Mandates.Where(m => m.Estimate is not null && m.TargetMultiplier is not null).ToList();
        if (mandates.Count == 0) return NotEstimated("Target-versus-evidence chart");
        var labels = mandates.Select(m => $"{m.MandateId}: {Labels.Outcome(m.Metric)} ({Labels.Scope(m.Scope)})").ToList();
        var naive = mandates.Select(NaiveFor).ToList();

        var traces = new List<GenericChart>
        {
            ChartKit.PointsWithXInterval("Estimate with 95% interval", mandates.Select(m => m.Estimate!.Value).ToList(), labels,
                mandates.Select(m => m.CiLow ?? m.Estimate!.Value).ToList(), mandates.Select(m => m.CiHigh ?? m.Estimate!.Value).ToList(),
                Palette.Estimate, StyleParam.MarkerSymbol.Circle, 12, "Estimate"),
            ChartKit.Markers("Target", mandates.Select(m => m.TargetMultiplier!.Value).ToList(), labels, Palette.Target,
                StyleParam.MarkerSymbol.Diamond, 15, "Target"),
        };
        var naiveRows = naive.Select((n, i) => (n, label: labels[i])).Where(t => t.n is not null).ToList();
        if (naiveRows.Count > 0)
            traces.Add(ChartKit.Markers("Naive dashboard number", naiveRows.Select(t => t.n!.Value.Row.Multiplier!.Value).ToList(),
                naiveRows.Select(t => t.label).ToList(), Palette.Naive, StyleParam.MarkerSymbol.Circle, 11, "Naive before/after", open: true));

        var all = mandates.SelectMany(m => new[] { m.TargetMultiplier!.Value, m.CiLow ?? 1, m.CiHigh ?? 1, m.Estimate!.Value })
            .Concat(naiveRows.Select(t => t.n!.Value.Row.Multiplier!.Value)).ToList();
        int height = 150 + 70 * mandates.Count;
        var layout = ChartKit.Layout(height, "Multiplier (with AI ÷ without AI), log scale", "", leftMargin: 20);
        layout.SetProperty("xaxis", ChartKit.MultiplierAxis("Multiplier (with AI ÷ without AI), log scale", all.Min(), all.Max()));
        var yAxis = ChartKit.Axis("");
        yAxis["autorange"] = "reversed";
        layout.SetProperty("yaxis", yAxis);
        layout.SetProperty("shapes", new[] { ChartKit.ReferenceLine(vertical: true, at: 1) });
        string chart = Chart("chart-target-vs-evidence", C.Chart.Combine(traces), layout, height);

        var sentence = string.Join(" ", mandates.Select(m =>
            $"{E(m.MandateId)}: target {Format.Target(m.TargetMultiplier)}, estimate {E(Format.Estimate(m.Estimate, m.CiLow, m.CiHigh))}"
            + (NaiveFor(m) is { } n ? $", naive {Format.Multiplier(n.Row.Multiplier)}" : "") + "."));
        var table = Table("Targets, estimates and naive numbers per mandate",
            ["Mandate", "Metric", "Scope", "Target", "Estimate", "95% interval", "Naive dashboard number", "Verdict"],
            mandates.Select(m => (IReadOnlyList<string>)
            [
                E(m.MandateId), E(Labels.Outcome(m.Outcome)), E(Labels.Scope(m.Scope)), E(Format.Target(m.TargetMultiplier)),
                E(Format.Multiplier(m.Estimate)), E(Format.Interval(m.CiLow, m.CiHigh)),
                NaiveFor(m) is { } n ? E(Format.Multiplier(n.Row.Multiplier)) + (n.OrganisationWide ? " (all teams)" : "") : E(Messages.NotEstimated),
                $"{Labels.VerdictSymbol(m.Verdict)} {E(Labels.Verdict(m.Verdict))}",
            ]), numericColumns: [3, 4, 5, 6]);
        return Figure("Target versus evidence", chart,
            "Targets are red diamonds, estimates blue dots with their 95% interval, naive before/after numbers open grey circles; the dashed line at 1× is no change. " + sentence, table);
    }

    private string TradeOff()
    {
        var rows = TradeOffOutcomes().Select(o => r.Headline(o)).OfType<EffectRow>()
            .Where(e => e.Multiplier is not null && e.CiLow is not null && e.CiHigh is not null).ToList();
        if (rows.Count == 0) return NotEstimated("Velocity-versus-quality trade-off");
        var traces = new List<GenericChart>();
        foreach (var family in new[] { OutcomeFamily.Velocity, OutcomeFamily.Scope, OutcomeFamily.Quality })
        {
            var part = rows.Where(e => Labels.Family(e.Outcome) == family).ToList();
            if (part.Count == 0) continue;
            string name = family switch
            {
                OutcomeFamily.Quality => "Quality (lower is better)",
                OutcomeFamily.Scope => "Scope",
                _ => "Velocity",
            };
            traces.Add(ChartKit.PointsWithXInterval(name, part.Select(e => e.Multiplier!.Value).ToList(),
                part.Select(e => TradeOffLabel(e.Outcome)).ToList(), part.Select(e => e.CiLow!.Value).ToList(),
                part.Select(e => e.CiHigh!.Value).ToList(), Palette.For(family), Palette.SymbolFor(family), 10, "Headline estimate"));
        }
        int height = 140 + 30 * rows.Count;
        var layout = ChartKit.Layout(height, "", "", leftMargin: 20);
        layout.SetProperty("xaxis", ChartKit.MultiplierAxis("Multiplier (with AI ÷ without AI), log scale",
            rows.Min(e => e.CiLow!.Value), rows.Max(e => e.CiHigh!.Value)));
        var yAxis = ChartKit.Axis("");
        yAxis["autorange"] = "reversed";
        layout.SetProperty("yaxis", yAxis);
        layout.SetProperty("shapes", new[] { ChartKit.ReferenceLine(vertical: true, at: 1) });
        string chart = Chart("chart-tradeoff", C.Chart.Combine(traces), layout, height);

        var better = rows.Where(e => Labels.Reading(e.Outcome, e.CiLow, e.CiHigh, e.PValueAdjusted) == "better").Select(e => Labels.OutcomeInText(e.Outcome)).ToList();
        var worse = rows.Where(e => Labels.Reading(e.Outcome, e.CiLow, e.CiHigh, e.PValueAdjusted) == "worse").Select(e => Labels.OutcomeInText(e.Outcome)).ToList();
        string sentence = $"Clearly better with AI: {E(better.Count == 0 ? "none" : string.Join(", ", better))}. "
            + $"Clearly worse: {E(worse.Count == 0 ? "none" : string.Join(", ", worse))}. "
            + "For all other outcomes the data can't tell a change from none (their interval includes 1.00×); \"no change\" is said only of an interval inside ±5%. Velocity outcomes are blue circles, quality outcomes orange squares.";
        var table = Table($"Headline estimate per outcome ({Labels.Estimator(r.HeadlineEstimator ?? rows[0].Estimator)})", ["Outcome", "Family", "Direction", "Multiplier", "95% interval", "Change", "Reading"],
            rows.Select(e => (IReadOnlyList<string>)
            [
                E(Labels.Outcome(e.Outcome)), E(Labels.Family(e.Outcome).ToString().ToLowerInvariant()), E(Labels.Direction(e.Outcome)),
                Num(Format.Multiplier(e.Multiplier), e.Multiplier), E(Format.Interval(e.CiLow, e.CiHigh)), E(Format.PercentChange(e.Multiplier)),
                E(Labels.Reading(e.Outcome, e.CiLow, e.CiHigh, e.PValueAdjusted)),
            ]), id: "table-tradeoff", numericColumns: [3, 4, 5]);
        return Figure("Velocity versus quality", chart, sentence, table);
    }

    private static string TradeOffLabel(string outcome) =>
        Labels.Outcome(outcome) + (Labels.LowerIsBetter(outcome) ? " ↓" : "");

    /// <summary>Per-engineer forms where they exist (a count's raw form would repeat it), rates and durations as they are.</summary>
    private IEnumerable<string> TradeOffOutcomes()
    {
        var outcomes = r.Effects.Select(e => e.Outcome).Distinct().ToList();
        return outcomes
            .Where(o => Labels.IsPerEngineer(o) || !outcomes.Contains(o + "_per_engineer", StringComparer.Ordinal))
            .OrderBy(o => Labels.Family(o))
            .ThenBy(o => outcomes.IndexOf(o));
    }

    /// <summary>
    /// Why an estimate is no evidence, when the model behind it failed its own check: a counterfactual model whose
    /// held-out R² is not above 0 predicts worse than the mean, so its multiplier is shown as failed, not as a number.
    /// </summary>
    private string? FailedCheck(string outcome, string estimator)
    {
        if (estimator != "counterfactual_model") return null;
        var model = r.CounterfactualModels?.FirstOrDefault(m => m.Outcome == outcome);
        return model?.CvR2 is double r2 && !(r2 > 0) ? $"failed its check (held-out R² {Format.Decimal(r2, "0.00")} ≤ 0): not evidence" : null;
    }

    private string EstimatorComparison()
    {
        var outcomes = r.Effects.Select(e => e.Outcome).Distinct().ToList();
        var estimators = EstimatorOrder.Where(es => r.Effects.Any(e => e.Estimator == es))
            .Concat(r.Effects.Select(e => e.Estimator).Distinct().Where(es => !EstimatorOrder.Contains(es)).Order(StringComparer.Ordinal)).ToList();
        if (outcomes.Count == 0) return NotEstimated("Estimates by method");
        var missing = EstimatorOrder.Where(es => !estimators.Contains(es)).Select(Labels.Estimator).ToList();
        var table = Table("Multiplier and 95% interval for every outcome and method", ["Outcome", .. estimators.Select(Labels.Estimator)],
            outcomes.Select(o => (IReadOnlyList<string>)
            [
                E(Labels.Outcome(o)),
                .. estimators.Select(es => FailedCheck(o, es) is { } failed ? E(failed)
                    : r.Effect(o, es) is { Multiplier: not null } e
                    ? E(Format.Estimate(e.Multiplier, e.CiLow, e.CiHigh)) + (e.Headline == true ? " <span class=\"tag\">headline</span>" : "")
                    : "—"),
            ]), id: "table-estimators", numericColumns: Enumerable.Range(1, estimators.Count).ToList());
        var b = new StringBuilder();
        b.Append("<p>Several methods estimate the same multipliers. The naive before/after number is what a dashboard shows: it credits AI with every change that happened after adoption, including the organisation-wide trend. The difference-in-differences methods compare adopting teams with teams that had not adopted yet.")
            .Append(missing.Count == 0 ? "" : " Not estimated in this run: " + E(string.Join(", ", missing)) + ".").Append("</p>\n");
        b.Append("<details><summary>Estimates by method (table)</summary>\n").Append(table).Append("</details>\n");
        return b.ToString();
    }
}
