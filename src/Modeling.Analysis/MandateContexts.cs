using Modeling.Analysis.Goodhart;
using Modeling.Analysis.MachineLearning;
using Modeling.Estimation.Data;
using Modeling.Estimation.MachineLearning;
using Modeling.Panel;
using Modeling.Results;

namespace Modeling.Analysis;

/// <summary>
/// What each mandate's row shows beside its verdict: the adopting teams in its scope, the quality cost (the quality
/// outcomes' headline estimates, refitted on the scope's teams for org:/team: scopes), the Goodhart flags relevant to its
/// metric and the adoption DML says the target would need.
/// </summary>
public sealed class MandateContexts(OutcomeEstimation estimation, GoodhartRules goodhartRules)
{
    /// <summary>The outcome a deployments mandate is also read on when release splitting is flagged: splitting cannot inflate it.</summary>
    public const string RobustToReleaseSplitting = "deployment_days_per_engineer";

    /// <summary>Quality outcomes shown beside each mandate, when available.</summary>
    public static readonly IReadOnlyList<string> QualityOutcomes = ["change_failure_rate", "incidents_per_engineer", "rework_rate", "revert_rate"];

    public MandateContext For(TeamPanel panel, MandateJudged judged, IReadOnlyList<(string Name, OutcomeKind Kind)> outcomes,
        IReadOnlyList<EffectRow> effects, IReadOnlyList<TeamFlag> teamFlags, IReadOnlyDictionary<string, DmlOutcome> dml)
    {
        var m = judged.Mandate;
        var scope = m.ScopeTeams(panel.Teams.Select(t => (t.TeamId, t.Org)));
        EffectRow? HeadlineFor(string outcome, OutcomeKind kind) => scope is null
            ? effects.FirstOrDefault(e => e.Outcome == outcome && e.Headline)
            : scope.Count == 0 ? null : ScopedHeadline(panel, outcome, kind, scope);
        var cost = new List<QualityCost>();
        foreach (var (q, kind) in QualityOutcomes.Select(q => outcomes.FirstOrDefault(o => o.Name == q)).Where(o => o.Name is not null))
        {
            var estimate = HeadlineFor(q, kind);
            if (estimate is not null)
                cost.Add(new QualityCost(q, estimate.Multiplier, estimate.CiLow, estimate.CiHigh) { Inference = estimate.Inference, PValue = estimate.PValue });
        }
        AdoptionNeeded? need = dml.TryGetValue(judged.ComparedOutcome, out var fit) ? fit.Dose.AdoptionNeededFor(m.TargetMultiplier) : null;
        var gaming = GoodhartDetector.ForMandate(m.Metric, scope, teamFlags, goodhartRules);
        // Release splitting inflates deployments but not the days with a deployment: show that count beside the verdict.
        EffectRow? robust = null;
        if (gaming.Contains(GoodhartDetector.ContractName(GoodhartPattern.ReleaseSplitting))
            && outcomes.FirstOrDefault(o => o.Name == RobustToReleaseSplitting) is { Name: not null } days)
            robust = HeadlineFor(days.Name, days.Kind);
        return new MandateContext(
            panel.Teams.Count(t => t.AdoptionPeriod is not null && (scope is null || scope.Contains(t.TeamId))),
            Multiplicity.Adjust(cost), gaming, need?.Share, need?.StatusName)
        {
            AdoptionNeededCiLow = need?.ShareLow,
            AdoptionNeededCiHigh = need?.ShareHigh,
            Robust = robust,
        };
    }

    private EffectRow? ScopedHeadline(TeamPanel panel, string outcome, OutcomeKind kind, IReadOnlySet<string> scope) =>
        Analysis.ScopedData(panel, outcome, scope) is { } scoped ? estimation.Headline(scoped, kind, []) : null;
}
