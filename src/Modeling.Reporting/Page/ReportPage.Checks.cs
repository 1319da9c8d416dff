using System.Text;
using Modeling.Reporting.Charts;
using Modeling.Reporting.Text;
using Modeling.Results;
using Plotly.NET;
using static Modeling.Reporting.Page.Html;
using C = Plotly.NET.CSharp;

namespace Modeling.Reporting.Page;

internal sealed partial class ReportPage
{
    private string GoodhartFlags()
    {
        if (r.GoodhartFlags is not { } flags) return NotEstimated("Goodhart flags (gaming the metric)");
        var b = new StringBuilder();
        b.Append("<p>When a number becomes a target, people can move the number without moving the work. These checks look for the usual ways: ")
         .Append("release splitting (more deployments, same deployment days), PR slicing (more, smaller pull requests) and throughput bought with failures.</p>\n");
        if (flags.Count == 0)
        {
            b.Append("<p><strong>No flag raised.</strong></p>\n");
            return b.ToString();
        }
        var rows = flags.Where(f => f.TeamsChecked is > 0).ToList();
        if (rows.Count > 0)
        {
            var shares = rows.Select(f => 100.0 * (f.TeamsFlagged ?? 0) / f.TeamsChecked!.Value).ToArray();
            var bars = C.Chart.Bar<double, string, string>(values: shares, Keys: rows.Select(f => Labels.Flag(f.Flag)).ToArray(), Name: "Teams flagged (%)");
            var trace = GenericChart.getTraces(bars).Head;
            trace.SetProperty("marker", new { color = Palette.Quality });
            trace.SetProperty("text", rows.Select(f => $"{f.TeamsFlagged ?? 0} of {f.TeamsChecked} teams").ToArray());
            trace.SetProperty("textposition", "outside");
            trace.SetProperty("cliponaxis", false);
            trace.SetProperty("hovertemplate", "%{y}: %{x:.0f}% of teams (%{text})<extra></extra>");
            int height = 120 + 46 * rows.Count;
            var layout = ChartKit.Layout(height, "Teams flagged (% of teams checked)", "", leftMargin: 20);
            var x = ChartKit.Axis("Teams flagged (% of teams checked)");
            x["range"] = new[] { 0, Math.Max(10, Math.Min(100, shares.Max() * 1.35)) };
            x["ticksuffix"] = "%";
            layout.SetProperty("xaxis", x);
            var y = ChartKit.Axis("");
            y["autorange"] = "reversed";
            layout.SetProperty("yaxis", y);
            layout.SetProperty("showlegend", false);
            string chart = Chart("chart-goodhart", bars, layout, height);
            string sentence = string.Join(" ", flags.Select(f => $"{E(Labels.Flag(f.Flag))}: {Format.Count(f.TeamsFlagged)} of {Format.Count(f.TeamsChecked)} teams flagged."));
            b.Append(Figure("Goodhart flags", chart, sentence, FlagTable(flags)));
        }
        else b.Append(FlagTable(flags));
        return b.ToString();
    }

    private static string FlagTable(IReadOnlyList<GoodhartFlag> flags) =>
        Table("Goodhart flags", ["Flag", "What it means", "Scope", "Teams flagged", "Teams checked", "Evidence"],
            flags.Select(f => (IReadOnlyList<string>)[$"⚑ {E(Labels.Flag(f.Flag))}", E(Labels.FlagMeaning(f.Flag)), E(f.Scope ?? "all"),
                Format.Count(f.TeamsFlagged), Format.Count(f.TeamsChecked), E(f.Evidence ?? "")]),
            id: "table-goodhart", numericColumns: [3, 4]);

    private string Robustness()
    {
        var b = new StringBuilder();
        if (r.Refutations is { Count: > 0 } refutations)
        {
            int passed = refutations.Count(t => t.Passed == true), failed = refutations.Count(t => t.Passed == false);
            b.Append($"<p>{Format.Count(refutations.Count)} checks tried to break the estimates: <strong>{passed} passed</strong>, <strong>{failed} failed</strong>, {refutations.Count - passed - failed} without a pass/fail rule.");
            var failures = refutations.Where(t => t.Passed == false).Select(t => $"{Labels.Refutation(t.Test)} on {Labels.OutcomeInText(t.Outcome)}").Distinct().ToList();
            if (failures.Count > 0) b.Append(" Failed: ").Append(E(string.Join("; ", failures))).Append('.');
            b.Append("</p>\n");
            // The full table is for analysts: collapsed on screen, opened when printed.
            b.Append("<details><summary>All checks (table)</summary>\n").Append(Table("Refutation and sensitivity checks", ["Check", "Outcome", "Setting", "Multiplier", "95% interval", "p-value", "Value", "Result", "What it says"],
                refutations.Select(t => (IReadOnlyList<string>)[E(Labels.Refutation(t.Test)), E(Labels.Outcome(t.Outcome)), E(t.Parameter ?? ""),
                    t.Multiplier is null ? "—" : E(Format.Multiplier(t.Multiplier)), t.CiLow is null ? "—" : E(Format.Interval(t.CiLow, t.CiHigh)),
                    t.PValue is null ? "—" : E(Format.PValue(t.PValue)), t.Value is null ? "—" : Format.Decimal(t.Value),
                    t.Passed switch { true => "✔ passed", false => "✘ failed", null => "— (no rule)" }, E(t.Detail ?? "")]),
                id: "table-refutations", numericColumns: [3, 4, 5, 6])).Append("</details>\n");
        }
        else b.Append(NotEstimated("Refutation checks (placebo dates, placebo outcomes, other thresholds, leave one cohort out, E-values)"));

        var placebo = r.Diagnostics?.Placebo ?? new Dictionary<string, PlaceboEstimate>();
        if (placebo.Count > 0)
            b.Append(Table("Placebo adoption date: the effect measured at a fake adoption date should be 1×", ["Outcome", "Multiplier", "95% interval", "p-value"],
                placebo.Select(kv => (IReadOnlyList<string>)[E(Labels.Outcome(kv.Key)), E(Format.Multiplier(kv.Value.Multiplier)), E(Format.Interval(kv.Value.CiLow, kv.Value.CiHigh)), E(Format.PValue(kv.Value.PValue))]),
                numericColumns: [1, 2, 3]));
        var pretrend = r.Diagnostics?.PretrendPValue.Where(kv => kv.Value is not null).ToList() ?? [];
        if (pretrend.Count > 0)
        {
            var flagged = pretrend.Where(kv => kv.Value < 0.05).Select(kv => Labels.OutcomeInText(kv.Key)).ToList();
            b.Append("<p>Pre-adoption trend test (does the adopters' path already differ before they adopt?): ")
             .Append(flagged.Count == 0 ? "no outcome fails it at the 5% level." : $"fails at the 5% level for {E(string.Join(", ", flagged))} — read those effects with care; verdicts already allow for such drift.")
             .Append("</p>\n");
        }
        return b.ToString();
    }

    private string DataQuality()
    {
        var d = r.Data;
        if (d is null || d.RowsRead.Count == 0) return NotEstimated("Data quality (rows read and rejected)");
        var files = d.RowsRead.Keys.ToList();
        long Used(string f) => d.RowsUsed.TryGetValue(f, out long n) ? n : d.RowsRead[f] - Rejected(f);
        long Rejected(string f) => d.RowsRejected.GetValueOrDefault(f);

        var used = C.Chart.Bar<long, string, string>(values: files.Select(Used).ToArray(), Keys: files.ToArray(), Name: "Rows used");
        var usedTrace = GenericChart.getTraces(used).Head;
        usedTrace.SetProperty("marker", new { color = Palette.Estimate });
        usedTrace.SetProperty("hovertemplate", "%{y}: %{x:,} rows used<extra></extra>");
        var rejected = C.Chart.Bar<long, string, string>(values: files.Select(Rejected).ToArray(), Keys: files.ToArray(), Name: "Rows rejected (see rejects/)");
        var rejectedTrace = GenericChart.getTraces(rejected).Head;
        rejectedTrace.SetProperty("marker", new { color = Palette.Target });
        rejectedTrace.SetProperty("text", files.Select(f => Rejected(f) == 0 ? "" : $"{Rejected(f):N0} rejected").ToArray());
        rejectedTrace.SetProperty("textposition", "outside");
        rejectedTrace.SetProperty("cliponaxis", false);
        rejectedTrace.SetProperty("hovertemplate", "%{y}: %{x:,} rows rejected<extra></extra>");
        int height = 120 + 44 * files.Count;
        var layout = ChartKit.Layout(height, "Rows (log scale)", "", leftMargin: 20);
        layout.SetProperty("barmode", "group");
        var x = ChartKit.Axis("Rows (log scale)");
        x["type"] = "log";
        x["dtick"] = 1;
        layout.SetProperty("xaxis", x);
        var y = ChartKit.Axis("");
        y["autorange"] = "reversed";
        layout.SetProperty("yaxis", y);
        string chart = Chart("chart-data-quality", C.Chart.Combine([used, rejected]), layout, height);

        long read = d.RowsRead.Values.Sum(), rej = d.RowsRejected.Values.Sum();
        string sentence = $"{Format.Count(read)} rows read from {files.Count} files; {Format.Count(rej)} rejected"
            + (read == 0 ? "." : $" ({Format.Decimal(100.0 * rej / read, "0.00")}%).")
            + " Every rejected row is kept in rejects/&lt;file&gt; beside results.json, with its source line number and the reason.";
        var table = Table("Rows read, used and rejected per input file", ["File", "Rows read", "Rows used", "Rows rejected", "Rejected (%)"],
            files.Select(f =>
            {
                long rd = d.RowsRead[f];
                return (IReadOnlyList<string>)[E(f), Format.Count(rd), Format.Count(Used(f)), Format.Count(Rejected(f)), rd == 0 ? "—" : Format.Decimal(100.0 * Rejected(f) / rd, "0.00")];
            }), id: "table-data-quality", numericColumns: [1, 2, 3, 4]);
        var b = new StringBuilder(Figure("Rows read and rejected", chart, sentence, table));
        if (d.Problems is { Count: > 0 })
            b.Append(Table("Why: problems found per file and rule (errors reject the row; warnings keep it with the field unknown)",
                ["File", "Severity", "Rule", "Count"],
                d.Problems.Select(p => (IReadOnlyList<string>)[E(p.File), E(p.Severity), E(p.Rule), Format.Count(p.Count)]),
                id: "table-data-problems", numericColumns: [3]));
        else if (d.Problems is not null)
            b.Append("<p>No row was rejected and no field was dropped.</p>\n");
        b.Append("<p><strong>Outcomes unavailable</strong> (their input file was missing): ")
         .Append(d.UnavailableOutcomes.Count == 0 ? "none." : E(string.Join(", ", d.UnavailableOutcomes.Select(Labels.Outcome))) + ".").Append("</p>\n");
        var warnings = r.Diagnostics?.Warnings ?? [];
        if (warnings.Count > 0)
            b.Append("<details><summary>").Append(warnings.Count).Append(" warnings from the analysis</summary>\n<ul class=\"warnings\">\n")
             .Append(string.Concat(warnings.Select(w => "<li>" + E(w) + "</li>\n"))).Append("</ul>\n</details>\n");
        return b.ToString();
    }
}
