using System.Text;
using Modeling.Reporting.Text;
using Modeling.Results;
using static Modeling.Reporting.Page.Html;

namespace Modeling.Reporting.Page;

/// <summary>The policies of policies.csv: what each covered, how it was read, what moved, and inflated adoption called out.</summary>
internal sealed partial class ReportPage
{
    private string Policies(IReadOnlyList<PolicyEffects> policies)
    {
        var b = new StringBuilder();
        foreach (var p in policies)
        {
            string what = p.Kind switch
            {
                "usage_in_reviews" => "AI usage counted in performance reviews",
                "restrict_tool" => $"{p.Tool} restricted",
                "require_tool" => $"{p.Tool} required",
                _ => "other policy",
            };
            string design = p.Design == "before_after"
                ? $"It covered every team ({p.CoveredTeams}), so there is no comparison group: each number is after against before, and anything else that changed then is in it."
                : $"The {p.CoveredTeams} teams it covered are compared with the {p.ComparisonTeams} it did not, from {p.Period} on.";
            b.Append("<h3>").Append(E($"{p.PolicyId}: {what}, {p.Date} ({ScopeText(p.Scope)})")).Append("</h3>\n");
            if (p.Description is { Length: > 0 } description) b.Append("<p>").Append(E(description)).Append("</p>\n");
            b.Append("<p>").Append(E(design + " Usage is compared among teams that had adopted AI before it.")).Append("</p>\n");
            if (p.AdoptionInflated == true)
                b.Append("<p class=\"flag\"><strong>Adoption looks inflated.</strong> ")
                 .Append(E("AI interactions per engineer rose while the share of suggestions accepted fell: more prompting, no more use made of it. Adoption figures after this policy overstate the dose, and a mandate judged on them misreads it."))
                 .Append("</p>\n");
            else if (p.AdoptionInflated == false)
                b.Append("<p>").Append(E("No sign of inflated adoption: interactions per engineer and the acceptance rate did not move apart.")).Append("</p>\n");
            b.Append(Table($"What moved after {p.PolicyId}", ["Measure", "Multiplier", "95% interval", "Reading"],
                p.Estimates.Select(e => (IReadOnlyList<string>)(e.Multiplier is null
                    ? [E(Labels.Outcome(e.Measure)), "—", "—", E(e.NotEstimatedReason ?? "not estimated")]
                    : [E(Labels.Outcome(e.Measure)), E(Format.Multiplier(e.Multiplier)), E(Format.Interval(e.CiLow, e.CiHigh)), E(Labels.Reading(e.Measure, e.CiLow, e.CiHigh, null))])),
                numericColumns: [1, 2]));
        }
        return b.ToString();
    }

    private static string ScopeText(string scope) =>
        scope == "all" ? "all teams" : scope.StartsWith("org:", StringComparison.Ordinal) ? "organisation " + scope[4..] : "team " + scope[(scope.IndexOf(':') + 1)..];
}
