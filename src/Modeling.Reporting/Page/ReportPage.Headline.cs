using System.Text;
using Modeling.Results;
using Modeling.Reporting.Text;
using static Modeling.Reporting.Page.Html;

namespace Modeling.Reporting.Page;

internal sealed partial class ReportPage
{
    /// <summary>The quality outcomes shown as the "cost" beside a velocity mandate (results.json mandates[].quality_cost).</summary>
    internal static readonly string[] QualityCostOutcomes = ["change_failure_rate", "incidents_per_engineer", "rework_rate", "revert_rate"];

    private string Header()
    {
        var b = new StringBuilder();
        b.Append("<header class=\"page-header\">\n<h1>AI adoption: what the data show</h1>\n");
        var d = r.Data;
        var a = r.Adoption;
        var facts = new List<string>();
        if (d?.FirstPeriod is not null) facts.Add($"Data {E(d.FirstPeriod)} to {E(d.LastPeriod ?? d.FirstPeriod)}");
        if (d?.Teams is { } teams) facts.Add($"{Format.Count(teams)} teams");
        if (d?.Engineers is { } engineers) facts.Add($"{Format.Count(engineers)} engineers");
        if (a is not null)
        {
            int adopted = a.Cohorts.Sum(c => c.Teams);
            facts.Add($"{Format.Count(adopted)} teams adopted AI (first {E(r.PeriodUnit ?? "period")} with at least {Format.Share(a.Threshold)} of engineers active)");
            if (a.NeverAdoptedTeams is { } never) facts.Add($"{Format.Count(never)} never did");
        }
        if (facts.Count > 0) b.Append("<p class=\"context\">").Append(string.Join(" · ", facts)).Append("</p>\n");
        var judged = r.Mandates.Where(m => m.Checked).ToList();
        var notChecked = r.Mandates.Where(m => !m.Checked).ToList();
        if (judged.Count > 0)
        {
            int Count(string verdict) => judged.Count(m => m.Verdict == verdict);
            b.Append($"<p class=\"summary\"><strong>{judged.Count} mandate{(judged.Count == 1 ? "" : "s")} checked:</strong> ")
             .Append($"{Count("supported")} supported by the data, {Count("not_supported")} not supported, {Count("inconclusive")} inconclusive.</p>\n");
        }
        b.Append(Alerts(notChecked));
        b.Append("</header>\n");
        return b.ToString();
    }

    /// <summary>What the reader must know before any number: mandates that could not be checked, and input files that lost
    /// more than 1 % of their rows (results that use them may be biased).</summary>
    private string Alerts(IReadOnlyList<MandateRow> notChecked)
    {
        var b = new StringBuilder();
        if (notChecked.Count > 0)
        {
            b.Append("<div class=\"alert\" role=\"alert\" id=\"not-checked\"><strong>")
             .Append(notChecked.Count == 1 ? "1 mandate could not be checked" : $"{notChecked.Count} mandates could not be checked")
             .Append(":</strong>\n<ul>\n");
            foreach (var m in notChecked)
                b.Append($"<li>Mandate {E(m.MandateId)} ({E(m.Metric)}, scope {E(m.Scope ?? "")}): {E(m.Reason ?? "no reason given")}</li>\n");
            b.Append("</ul>\n</div>\n");
        }
        var d = r.Data;
        if (d is not null)
        {
            var lossy = d.RowsRead.Select(f => (File: f.Key, Read: f.Value, Rejected: d.RowsRejected.GetValueOrDefault(f.Key)))
                .Where(f => f.Rejected > f.Read * 0.01).ToList();
            if (lossy.Count > 0)
            {
                b.Append("<div class=\"alert\" role=\"alert\" id=\"many-rejected\"><strong>Input files with many rejected rows:</strong>\n<ul>\n");
                foreach (var f in lossy)
                    b.Append($"<li>{E(f.File)}: {Format.Count(f.Rejected)} of {Format.Count(f.Read)} rows ({E(Format.Share((double)f.Rejected / Math.Max(1, f.Read)))}) were rejected; results that use this file may be biased. See <a href=\"#data-quality\">Data quality</a>.</li>\n");
                b.Append("</ul>\n</div>\n");
            }
        }
        return b.ToString();
    }

    private string Verdicts()
    {
        var b = new StringBuilder();
        if (r.Mandates.Count == 0)
        {
            b.Append(NotEstimated("Mandate verdicts"));
            b.Append("<p>The data folder had no mandates.csv, so no stated target was checked. The headline estimates below still show what AI adoption changed.</p>\n");
            return Section("verdicts", "Mandates: target versus evidence", b.ToString());
        }
        foreach (var m in r.Mandates) b.Append(VerdictCard(m));
        return Section("verdicts", "Mandates: target versus evidence", b.ToString(),
            "Each stated target next to what the data support. A multiplier of 1.00× means no change; the interval in brackets is the 95% range the true value most likely lies in.");
    }

    private string VerdictCard(MandateRow m)
    {
        string verdict = m.Verdict ?? "none";
        var b = new StringBuilder();
        if (!m.Checked)
        {
            b.Append($"<article class=\"verdict verdict-not-checked\" data-mandate=\"{E(m.MandateId)}\">\n");
            b.Append("<div class=\"badge\"><span aria-hidden=\"true\">?</span> Could not be checked</div>\n");
            b.Append($"<h3>Mandate {E(m.MandateId)}: {E(Labels.Outcome(m.Metric))} {Format.Target(m.TargetMultiplier)} · {E(Labels.Scope(m.Scope))}</h3>\n");
            b.Append("<p class=\"claim\">").Append(E(Capitalise(m.Reason ?? "no reason given"))).Append(".</p>\n</article>\n");
            return b.ToString();
        }
        b.Append($"<article class=\"verdict verdict-{E(verdict)}\" data-mandate=\"{E(m.MandateId)}\">\n");
        b.Append($"<div class=\"badge\"><span aria-hidden=\"true\">{Labels.VerdictSymbol(m.Verdict)}</span> {E(Labels.Verdict(m.Verdict))}</div>\n");
        b.Append($"<h3>Mandate {E(m.MandateId)}: {E(Labels.Outcome(m.Metric))} {Format.Target(m.TargetMultiplier)} · {E(Labels.Scope(m.Scope))}</h3>\n");
        b.Append("<p class=\"plain\"><strong>").Append(E(VerdictSentence.For(m, r.PeriodUnit ?? "period"))).Append("</strong></p>\n");
        b.Append("<p class=\"claim\">The mandate says ")
            .Append(Num(Format.Target(m.TargetMultiplier), m.TargetMultiplier, "target"))
            .Append("; the data show ")
            .Append(Num(Format.Multiplier(m.Estimate), m.Estimate, "estimate")).Append(' ');
        if (m.CiLow is null || m.CiHigh is null)
            b.Append("<span class=\"interval\">(no valid interval)</span>");
        else
            b.Append("<span class=\"interval\">[")
                .Append(Num(Format.Decimal(m.CiLow), m.CiLow, "ci-low")).Append('–')
                .Append(Num(Format.Decimal(m.CiHigh), m.CiHigh, "ci-high")).Append("]</span>");
        if (m.ComparedOutcome is not null && m.ComparedOutcome != m.Metric)
            b.Append($" <span class=\"muted\">({E(Labels.OutcomeInText(m.ComparedOutcome))})</span>");
        b.Append(";<br><span class=\"cost\">quality cost: ").Append(QualityCostSentence(m)).Append(".</span></p>\n");

        b.Append("<dl class=\"facts\">\n");
        b.Append("<dt>Probability the target is met</dt><dd>").Append(Num(Format.Probability(m.ProbabilityTargetMet), m.ProbabilityTargetMet, "probability")).Append("</dd>\n");
        b.Append("<dt>Why this verdict</dt><dd>").Append(E(Capitalise(m.Reason ?? "no reason given"))).Append("</dd>\n");
        if (m.MinimumDetectableMultiplier is { } detectable)
            b.Append("<dt>Smallest effect these data could detect</dt><dd>").Append(Num(Format.Multiplier(detectable), detectable, "detectable"))
             .Append(" <span class=\"muted\">(found 80% of the time; smaller true effects would mostly read as \"can't tell\")</span></dd>\n");
        var naive = NaiveFor(m);
        b.Append("<dt>Naive dashboard number</dt><dd>");
        if (naive is { } n)
            b.Append(Num(Format.Multiplier(n.Row.Multiplier), n.Row.Multiplier, "naive")).Append(' ').Append(E(Format.Interval(n.Row.CiLow, n.Row.CiHigh)))
             .Append(n.OrganisationWide ? " <span class=\"muted\">(all teams; before/after comparison that ignores the organisation-wide trend)</span>" : " <span class=\"muted\">(before/after comparison that ignores the organisation-wide trend)</span>");
        else b.Append(E(Messages.NotEstimated));
        b.Append("</dd>\n");
        b.Append("<dt>Adoption the target would need</dt><dd>").Append(AdoptionNeeded(m)).Append("</dd>\n");
        b.Append("<dt>Goodhart flags</dt><dd>").Append(MandateFlags(m)).Append("</dd>\n");
        // In words for the reader; the method's name and the test's p-value stay available (Methods, and the number's span).
        b.Append("<dt>How it was measured</dt><dd>Adopting teams against teams not yet using AI; ")
            .Append(m.PretrendPValue switch
            {
                null => "the trend before adoption could not be tested",
                < 0.05 => "<strong>warning: the adopting teams were already drifting apart before they adopted</strong>",
                _ => "before adopting, they moved like the others",
            })
            .Append(" <span class=\"muted\">(").Append(E(Labels.Estimator(m.Estimator)))
            .Append(m.PretrendPValue is null ? "" : "; trend test p = " + Num(Format.PValue(m.PretrendPValue), m.PretrendPValue, "pretrend"))
            .Append(")</span></dd>\n");
        b.Append("</dl>\n</article>\n");
        return b.ToString();
    }

    private IReadOnlyList<QualityCost> QualityCostsFor(MandateRow m, out bool fromEffects)
    {
        fromEffects = m.QualityCost is null;
        if (m.QualityCost is { } written) return written;
        return QualityCostOutcomes.Select(o => r.Headline(o)).OfType<EffectRow>()
            .Select(e => new QualityCost(e.Outcome, e.Multiplier, e.CiLow, e.CiHigh) { PValue = e.PValue, PValueAdjusted = e.PValueAdjusted }).ToList();
    }

    private string QualityCostSentence(MandateRow m)
    {
        var costs = QualityCostsFor(m, out bool fromEffects);
        if (costs.Count == 0) return "<span class=\"not-estimated-inline\">" + E(Messages.NotEstimated.TrimEnd('.').ToLowerInvariant()) + "</span>";
        var parts = costs.Select(q =>
            $"<span class=\"quality-cost\" data-outcome=\"{E(q.Outcome)}\">{E(Labels.OutcomeInText(q.Outcome))} "
            + Num(Format.Multiplier(q.Multiplier), q.Multiplier, "qc-estimate") + " "
            + E(Format.Interval(q.CiLow, q.CiHigh))
            + $" ({E(Labels.Reading(q.Outcome, q.CiLow, q.CiHigh, q.PValueAdjusted))})</span>");
        return string.Join(", ", parts) + (fromEffects ? " <span class=\"muted\">(all teams)</span>" : "");
    }

    /// <summary>The naive number beside a mandate: its own scope's (like for like) when the run wrote it, else, for runs
    /// before that, the all-teams one, labelled as such.</summary>
    private (EffectRow Row, bool OrganisationWide)? NaiveFor(MandateRow m)
    {
        if (m.NaiveMultiplier is { } own)
            return (new EffectRow { Outcome = m.Outcome, Estimator = "naive_before_after", Multiplier = own, CiLow = m.NaiveCiLow, CiHigh = m.NaiveCiHigh }, false);
        var row = r.Effect(m.Outcome, "naive_before_after");
        if (row?.Multiplier is null) return null;
        return (row, m.Scope is not (null or "" or "all"));
    }

    /// <summary>
    /// The adoption the dose-response model (DML, a different estimator from the verdict's) puts the target at. When the
    /// verdict rules the target out, a share "within the levels observed" would contradict it: it is then said to be that
    /// model's reading, at odds with the verdict, rather than a path to the target.
    /// </summary>
    private static string AdoptionNeeded(MandateRow m) => m.AdoptionNeededStatus switch
    {
        null when m.AdoptionNeeded is null => E(Messages.NotEstimated),
        "unreachable" => "Not reachable even with every engineer using AI (according to the dose-response estimate).",
        _ when m.Verdict == "not_supported" =>
            Num(Format.Share(m.AdoptionNeeded), m.AdoptionNeeded, "adoption-needed") + " of engineers active with AI, by the dose-response model (a different estimator)"
            + (m.AdoptionNeededStatus is null or "within_observed_range" ? "" : ", " + E(Labels.AdoptionStatus(m.AdoptionNeededStatus)))
            + " — at odds with the verdict above, which rests on the headline estimate: not a path to the target.",
        _ => Num(Format.Share(m.AdoptionNeeded), m.AdoptionNeeded, "adoption-needed") + " of engineers active with AI"
             + (m.AdoptionNeededStatus is null ? "" : " — " + E(Labels.AdoptionStatus(m.AdoptionNeededStatus))),
    };

    private static string MandateFlags(MandateRow m) => m.GoodhartFlags switch
    {
        null => E(Messages.NotEstimated),
        { Count: 0 } => "None raised for this metric.",
        var flags => string.Join("; ", flags.Select(f => $"<strong>⚑ {E(Labels.Flag(f))}</strong>: {E(Labels.FlagMeaning(f))}")),
    };

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
