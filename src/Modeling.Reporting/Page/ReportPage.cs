using System.Text;
using Modeling.Reporting.Charts;
using Modeling.Results;
using Modeling.Reporting.Text;
using static Modeling.Reporting.Page.Html;

namespace Modeling.Reporting.Page;

/// <summary>
/// The whole report page for one results document. Sections follow what leadership asks, in order: does the data
/// support the mandate, at what quality cost, how sure are we, and where do the numbers come from.
/// Output is a pure function of the document: no clock, no random ids.
/// </summary>
internal sealed partial class ReportPage(ResultsDocument r)
{
    public string Render()
    {
        _chartScripts.Clear();
        var body = new StringBuilder();
        body.Append(Header());
        body.Append("<nav class=\"toc\" aria-label=\"Contents\"><a href=\"#verdicts\">Verdicts</a> ");
        if (HasHistory) body.Append("<a href=\"#history\">Month over month</a> ");
        body.Append("<a href=\"#evidence\">Evidence</a> <a href=\"#timing\">Over time</a> <a href=\"#dose\">Dose-response</a> <a href=\"#breakdown\">Breakdown</a> ");
        if (r.ToolComparison is not null) body.Append("<a href=\"#tools\">By tool</a> ");
        if (r.Policies is { Count: > 0 }) body.Append("<a href=\"#policies\">Policies</a> ");
        body.Append("<a href=\"#gaming\">Goodhart flags</a> <a href=\"#robustness\">Robustness</a> <a href=\"#data-quality\">Data quality</a> <a href=\"#methods\">Methods</a> <a href=\"#run\">Run</a></nav>\n");
        body.Append("<main>\n");
        body.Append(Verdicts());
        if (HasHistory)
            body.Append(Section("history", "Month over month", History(),
                "How each mandate's estimate and interval moved over the monthly runs kept, each run using the data up to its month."));
        body.Append(Section("evidence", "The evidence behind the verdicts", TargetVersusEvidence() + PublishedContext() + TradeOff() + EstimatorComparison()));
        body.Append(Section("timing", "Over time", EventStudies() + AdoptionOverTime(),
            "How the effect builds up after a team adopts, and when teams adopted. Before adoption the multipliers should sit at 1×; if they do not, adopters differed already."));
        body.Append(Section("dose", "How much adoption the targets would need", DoseResponse()));
        body.Append(Section("breakdown", "Breakdown by organisation, service tier and tool", Breakdown(),
            "Groups with fewer engineers than the privacy threshold are suppressed: their numbers are not shown."));
        if (r.ToolComparison is { } tools)
            body.Append(Section("tools", "By AI tool", ToolComparison(tools),
                "Which tool the adopting teams started with, and what each tool's teams gained; tools with too few engineers are suppressed."));
        body.Append(Section("counterfactual", "Predicted outcome without AI", CounterfactualModels()));
        if (r.Policies is { Count: > 0 } policies)
            body.Append(Section("policies", "Policies", Policies(policies),
                "What followed each dated policy: usage first, then the outcomes the mandates name."));
        body.Append(Section("gaming", "Goodhart flags", GoodhartFlags()));
        body.Append(Section("robustness", "Robustness checks", Robustness()));
        body.Append(Section("data-quality", "Data quality", DataQuality()));
        body.Append(Section("methods", "Methods and how to read this", Methods()));
        body.Append(Section("run", "Run metadata", RunMetadata()));
        body.Append("</main>\n");

        var rest = new StringBuilder();
        rest.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        rest.Append("<title>AI adoption impact report</title>\n");
        rest.Append("<style>\n").Append(Stylesheet.Css).Append("</style>\n");
        rest.Append(PlotlyEmbed.InlinePlotlyScript()).Append('\n');
        rest.Append("</head>\n<body>\n").Append(body).Append(PrintResizeScript).Append("</body>\n</html>\n");
        var markup = rest.ToString();
        // The policy comes before any script, and allows exactly the scripts this page generated, in page order.
        var scripts = new List<string> { PlotlyEmbed.ScriptText(PlotlyEmbed.InlinePlotlyScript()) };
        scripts.AddRange(_chartScripts);
        scripts.Add(PlotlyEmbed.ScriptText(PrintResizeScript.TrimEnd('\n')));
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" + ContentSecurityPolicy.Meta(markup, scripts) + markup;
    }

    /// <summary>The drawing scripts of the charts placed so far, in page order.</summary>
    private readonly List<string> _chartScripts = [];

    /// <summary>A chart's markup for the page; its script is remembered for the Content-Security-Policy.</summary>
    private string Chart(string id, Plotly.NET.GenericChart chart, Plotly.NET.Layout layout, int height)
    {
        var part = PlotlyEmbed.Chart(id, chart, layout, height);
        _chartScripts.Add(part.Script);
        return part.Markup;
    }

    /// <summary>
    /// Charts are sized for the screen; before printing, let plotly re-fit them to the paper width, and open every
    /// collapsed table so that the printed page holds all the numbers the screen can show.
    /// </summary>
    private const string PrintResizeScript = """
        <script type="text/javascript">
        (function () {
          function fit() {
            document.querySelectorAll('details').forEach(function (d) { d.open = true; });
            document.querySelectorAll('.js-plotly-plot').forEach(function (gd) { Plotly.Plots.resize(gd); });
          }
          window.addEventListener('beforeprint', fit);
          if (window.matchMedia) { window.matchMedia('print').addEventListener('change', function (e) { if (e.matches) fit(); }); }
        })();
        </script>

        """;

    private static string Methods() => """
        <div class="columns">
        <div>
        <h3>How to read this</h3>
        <ul>
        <li><strong>Multiplier.</strong> The outcome with AI divided by the outcome the same teams would have had without it. 1.00× means no change, 1.30× means 30% more, 0.80× means 20% less. A "3x" mandate is a multiplier of 3.00×.</li>
        <li><strong>Interval.</strong> The numbers in brackets are a 95% interval: the range the true multiplier most likely lies in. If it includes 1.00×, the data cannot tell an effect from no effect.</li>
        <li><strong>Verdict.</strong> <em>Supported</em>: the whole interval lies at or above the target (the data show it reached). <em>Not supported</em>: the whole interval lies below the target (the data rule it out). <em>Inconclusive</em>: the interval contains the target, or there is no estimate or valid interval (the card says why). Where at least 20 teams adopted, the interval judged is the wider one that still holds if adopters' trends drift apart from the others' after adoption as much as they did before it; the card says up to how much drift the verdict survives.</li>
        <li><strong>Probability the target is met.</strong> How likely the true multiplier is at or above the target, given the estimate and its uncertainty.</li>
        <li><strong>Naive dashboard number.</strong> Adopters after adoption compared with the same teams before. It counts the organisation-wide trend (hiring, tooling, seasons) as an AI effect, so it usually overstates it.</li>
        <li><strong>Direction.</strong> For times and failure rates (marked ↓) lower is better, so a multiplier below 1.00× is an improvement.</li>
        </ul>
        </div>
        <div>
        <h3>Methods and assumptions</h3>
        <ul>
        <li><strong>Difference-in-differences.</strong> Each adopting team is compared with teams that had not adopted (yet) over the same months, which removes trends shared by all teams. It assumes that, without AI, adopters would have moved like the others; the pre-adoption trend test and the event study's pre-period check this, and the verdicts' intervals (Rambachan and Roth 2023) allow for drift as large as the pre-adoption one instead of assuming none.</li>
        <li><strong>Headline estimator.</strong> The imputation estimator (Borusyak, Jaravel and Spiess 2024) learns each team's level and each month's shared shock from untreated team-months and predicts the adopters' outcome without AI. Counts are compared per engineer, on a multiplicative scale.</li>
        <li><strong>Other estimators</strong> shown for comparison: Callaway and Sant'Anna (2021) staggered DiD (also the event study), two-way fixed effects, and, when estimated, double machine learning on the share of engineers using AI (the dose-response) and a counterfactual FastTree model.</li>
        <li><strong>Privacy.</strong> Engineer identifiers are pseudonymised when read; nothing here shows or ranks individuals, and groups below the small-group threshold are suppressed.</li>
        <li><strong>Limits.</strong> Adoption is not randomised: teams that chose AI early may differ in ways the data do not show. Treat a single estimate as evidence, not proof; the robustness checks show how much it moves.</li>
        </ul>
        </div>
        </div>

        """;

    private string RunMetadata()
    {
        var rows = new List<(string, string)>
        {
            ("Data period", r.Data?.FirstPeriod is null ? "n/a" : $"{r.Data.FirstPeriod} to {r.Data.LastPeriod ?? r.Data.FirstPeriod}"),
            ("Period unit", r.PeriodUnit ?? "n/a"),
            ("Teams · engineers · panel rows", $"{Format.Count(r.Data?.Teams)} · {Format.Count(r.Data?.Engineers)} · {Format.Count(r.Data?.PanelRows)}"),
            ("Adoption threshold", r.Adoption?.Threshold is { } t ? $"{Format.Share(t)} of a team's engineers active with AI in a period" : "n/a"),
            ("Headline estimator", Labels.Estimator(r.HeadlineEstimator)),
            ("Seed", r.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"),
            ("Tool", r.Tool is null ? Messages.NotEstimated.Replace("estimated", "recorded", StringComparison.Ordinal) : $"{r.Tool.Name ?? "modeling"} {r.Tool.Version ?? ""}".Trim()),
            ("Results schema version", r.SchemaVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"),
            ("Charts", $"Plotly.NET with plotly.js {PlotlyEmbed.PlotlyJsVersion}, embedded in this file (works offline)"),
        };
        if (r.Run?.AsOf is { } asOf) rows.Insert(1, ("As of", asOf));
        return "<dl class=\"meta\">\n" + string.Concat(rows.Select(x => $"<dt>{E(x.Item1)}</dt><dd>{E(x.Item2)}</dd>\n")) + "</dl>\n";
    }
}
