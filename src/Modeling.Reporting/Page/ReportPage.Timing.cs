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
    /// <summary>The outcomes the page follows in detail: those the mandates are judged on, else the first estimated one.</summary>
    private IReadOnlyList<string> FocusOutcomes()
    {
        var fromMandates = r.Mandates.Select(m => m.Outcome).Distinct().ToList();
        if (fromMandates.Count > 0) return fromMandates;
        var first = r.Effects.FirstOrDefault(e => e.Headline == true)?.Outcome ?? r.Effects.FirstOrDefault()?.Outcome;
        return first is null ? [] : [first];
    }

    private string EventStudies()
    {
        var b = new StringBuilder();
        var outcomes = FocusOutcomes().Where(o => r.EventStudy.Any(e => e.Outcome == o)).ToList();
        if (outcomes.Count == 0) return NotEstimated("Event study");
        foreach (var outcome in outcomes)
        {
            var rows = r.EventStudy.Where(e => e.Outcome == outcome && e.Multiplier is not null).ToList();
            string? estimator = rows.Select(e => e.Estimator).FirstOrDefault(es => es == "staggered_did") ?? rows.FirstOrDefault()?.Estimator;
            rows = rows.Where(e => e.Estimator == estimator).OrderBy(e => e.EventTime).ToList();
            var pre = rows.Where(e => e.EventTime < 0).ToList();
            var post = rows.Where(e => e.EventTime >= 0).ToList();
            var traces = new List<GenericChart>();
            if (pre.Count > 0) traces.Add(PointsWithYInterval("Before adoption (should sit at 1×)", pre, Palette.PrePeriod, "circle-open"));
            if (post.Count > 0) traces.Add(PointsWithYInterval("After adoption", post, Palette.Estimate, "circle"));
            string unit = r.PeriodUnit ?? "period";
            var layout = ChartKit.Layout(380, $"{Capitalise(unit)}s since the team adopted AI (0 = first {unit} at or above the threshold)", "");
            var values = rows.SelectMany(e => new[] { e.CiLow ?? e.Multiplier!.Value, e.CiHigh ?? e.Multiplier!.Value })
                .Where(double.IsFinite).Where(v => v > 0).ToList();
            var yAxis = ChartKit.MultiplierAxis("Multiplier (log scale)", values.Min(), values.Max());
            layout.SetProperty("yaxis", yAxis);
            layout.SetProperty("shapes", new[] { ChartKit.ReferenceLine(vertical: false, at: 1), ChartKit.ReferenceLine(vertical: true, at: -0.5, dash: "dot") });
            layout.SetProperty("annotations", new[] { ChartKit.Note(-0.5, 1, "adoption", xref: "x", xanchor: "center") });
            string id = "chart-event-study-" + Slug(outcome);
            string chart = Chart(id, C.Chart.Combine(traces), layout, 380);

            double? p = r.Diagnostics?.PretrendPValue.GetValueOrDefault(outcome);
            // The caption quotes the average over every adopted period (the headline), not one period: the last ones rest
            // on the few teams that reached them and are the noisiest.
            var average = r.HeadlineEstimator is { } headline ? r.Effect(outcome, headline) : null;
            string sentence = $"{E(Labels.Outcome(outcome))} by {E(unit)}s since adoption ({E(Labels.Estimator(estimator))}). "
                + (pre.Count > 0 ? $"{pre.Count} {E(unit)}s before adoption, {post.Count} after. " : "No pre-adoption estimates. ")
                + (p is { } pv ? $"Pre-adoption trend test p = {Format.PValue(pv)}" + (pv < 0.05 ? " — teams were already diverging before they adopted, so read the effect with care. " : " — no sign that adopters were already diverging. ") : "")
                + (average is not { Multiplier: not null } a ? ""
                    : $"Averaged over every adopted {E(unit)}: {E(Format.Estimate(a.Multiplier, a.CiLow, a.CiHigh))} (the headline, {E(Labels.Estimator(a.Estimator))}); single {E(unit)}s are noisier, the later ones most (fewer teams reach them).");
            var table = Table($"Event study of {Labels.OutcomeInText(outcome)}", [$"{Capitalise(unit)}s since adoption", "Multiplier", "95% interval"],
                rows.Select(e => (IReadOnlyList<string>)[e.EventTime.ToString(System.Globalization.CultureInfo.InvariantCulture), E(Format.Multiplier(e.Multiplier)), E(Format.Interval(e.CiLow, e.CiHigh))]),
                numericColumns: [0, 1, 2]);
            b.Append(Figure($"Event study: {Labels.Outcome(outcome)}", chart, sentence, table, collapseTable: true));
        }
        return b.ToString();
    }

    private static GenericChart PointsWithYInterval(string name, IReadOnlyList<EventStudyRow> rows, string colour, string symbol)
    {
        var chart = C.Chart.Point<int, double, string>(x: rows.Select(e => e.EventTime).ToArray(), y: rows.Select(e => e.Multiplier!.Value).ToArray(), Name: name);
        var trace = GenericChart.getTraces(chart).Head;
        trace.SetProperty("marker", new { color = colour, symbol, size = 8, line = new { color = colour, width = 1.5 } });
        trace.SetProperty("error_y", new
        {
            type = "data",
            symmetric = false,
            array = rows.Select(e => Math.Max(0, (e.CiHigh ?? e.Multiplier!.Value) - e.Multiplier!.Value)).ToArray(),
            arrayminus = rows.Select(e => Math.Max(0, e.Multiplier!.Value - (e.CiLow ?? e.Multiplier!.Value))).ToArray(),
            color = colour,
            thickness = 1.5,
            width = 3,
        });
        trace.SetProperty("customdata", rows.Select(e => new[] { e.CiLow ?? double.NaN, e.CiHigh ?? double.NaN }).ToArray());
        trace.SetProperty("hovertemplate", "%{x} since adoption: %{y:.2f}× [%{customdata[0]:.2f}–%{customdata[1]:.2f}]<extra></extra>");
        return chart;
    }

    private string AdoptionOverTime()
    {
        var a = r.Adoption;
        if (a is null || a.Cohorts.Count == 0) return NotEstimated("Adoption over time");
        var cohorts = a.Cohorts.OrderBy(c => c.Period, StringComparer.Ordinal).ToList();
        int teams = r.Data?.Teams ?? (cohorts.Sum(c => c.Teams) + (a.NeverAdoptedTeams ?? 0));
        var cumulative = new List<double>();
        int running = 0;
        foreach (var c in cohorts) { running += c.Teams; cumulative.Add(teams == 0 ? 0 : 100.0 * running / teams); }

        var bars = C.Chart.Column<int, string, string>(values: cohorts.Select(c => c.Teams).ToArray(), Keys: cohorts.Select(c => c.Period).ToArray(),
            Name: "Teams adopting in this period (cohort size)");
        var barTrace = GenericChart.getTraces(bars).Head;
        barTrace.SetProperty("marker", new { color = Palette.Estimate });
        barTrace.SetProperty("hovertemplate", "Cohort %{x}: %{y} teams<extra></extra>");
        var line = C.Chart.Line<string, double, string>(x: cohorts.Select(c => c.Period).ToArray(), y: cumulative, Name: "Share of all teams adopted so far (right axis)");
        var lineTrace = GenericChart.getTraces(line).Head;
        lineTrace.SetProperty("yaxis", "y2");
        lineTrace.SetProperty("mode", "lines+markers");
        lineTrace.SetProperty("line", new { color = Palette.Quality, width = 2.5, dash = "solid" });
        lineTrace.SetProperty("marker", new { color = Palette.Quality, symbol = "diamond", size = 7 });
        lineTrace.SetProperty("hovertemplate", "By %{x}: %{y:.0f}% of teams<extra></extra>");

        var layout = ChartKit.Layout(360, "Adoption cohort (first period at or above the threshold)", "Teams in the cohort");
        // Team counts are whole: ticks on whole numbers only (plotly would otherwise label 0.5 teams).
        var y = ChartKit.Axis("Teams in the cohort");
        y["tick0"] = 0;
        y["dtick"] = Math.Max(1, (int)Math.Ceiling(cohorts.Max(c => c.Teams) / 5.0));
        y["rangemode"] = "tozero";
        layout.SetProperty("yaxis", y);
        var y2 = ChartKit.Axis("Teams adopted so far (%)");
        y2["overlaying"] = "y";
        y2["side"] = "right";
        y2["range"] = new[] { 0, 100 };
        y2["showgrid"] = false;
        layout.SetProperty("yaxis2", y2);
        layout.SetProperty("margin", new { l = 70, r = 70, t = 40, b = 56 });
        var x = ChartKit.Axis("Adoption cohort (first period at or above the threshold)");
        x["type"] = "category";
        layout.SetProperty("xaxis", x);
        string chart = Chart("chart-adoption", C.Chart.Combine([bars, line]), layout, 360);

        string sentence = $"{Format.Count(running)} of {Format.Count(teams)} teams adopted between {E(cohorts[0].Period)} and {E(cohorts[^1].Period)} "
            + $"({Format.Decimal(cumulative[^1], "0")}%); {Format.Count(a.NeverAdoptedTeams)} never reached the threshold of {Format.Share(a.Threshold)} of engineers active. "
            + $"The largest cohort adopted in {E(cohorts.MaxBy(c => c.Teams)!.Period)} ({cohorts.Max(c => c.Teams)} teams).";
        var table = Table("Teams per adoption cohort", ["Cohort", "Teams", "Adopted so far"],
            cohorts.Select((c, i) => (IReadOnlyList<string>)[E(c.Period), Format.Count(c.Teams), Format.Decimal(cumulative[i], "0") + "%"]),
            numericColumns: [1, 2]);
        return Figure("Adoption over time by cohort", chart, sentence, table, collapseTable: true);
    }

    private static string Slug(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
