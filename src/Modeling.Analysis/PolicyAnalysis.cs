using System.Globalization;
using Modeling.Estimation.BeforeAfter;
using Modeling.Estimation.Data;
using Modeling.Ingest;
using Modeling.Panel;
using Modeling.Results;

namespace Modeling.Analysis;

/// <summary>
/// What followed each dated policy (policies.csv). The teams a policy covers (its scope) are compared with the teams it
/// does not cover by the headline estimator, the policy's period playing the adoption period: usage first (AI
/// interactions per engineer, acceptance rate; for a policy restricting or requiring a tool, that tool's share of
/// interactions first), then the headline outcomes. A policy that covers every team leaves no
/// comparison group: its measures are read before against after (the dashboards' naive estimate, labelled as such).
/// Usage is compared only among teams that had adopted AI before the policy, from their adoption on (adoption itself
/// multiplies usage and would otherwise be read as the policy's effect).
/// After a <c>usage_in_reviews</c> policy, adoption is inflated when interactions per engineer rise while the
/// acceptance rate falls, both intervals clear of 1: more prompting, no more use made of it — a mandate judged on
/// adoption then misreads its own dose.
/// </summary>
public static class PolicyAnalysis
{
    public const string CoveredVersusUncovered = "covered_vs_uncovered";
    public const string BeforeAfter = "before_after";
    public const string UsageInReviews = "usage_in_reviews";
    private static readonly string[] UsageMeasures = [PanelColumns.AiInteractionsPerEngineer, PanelColumns.AiAcceptanceRate];

    public static IReadOnlyList<PolicyEffects> Run(TeamPanel panel, IReadOnlyList<PolicyInput> policies,
        IReadOnlyList<(string Name, OutcomeKind Kind)> outcomes, OutcomeEstimation estimation, List<string> warnings)
    {
        var measures = UsageMeasures.Where(panel.IsAvailable).Select(m => (Name: m, Kind: m == PanelColumns.AiInteractionsPerEngineer ? OutcomeKind.Count : OutcomeKind.Continuous))
            .Concat(outcomes).ToList();
        return [.. policies.Select(p => Evaluate(panel, p, WithToolShare(panel, p, measures), estimation, warnings))];
    }

    public const string InflationFlag = "adoption_inflation";

    /// <summary>Inflated adoption as a Goodhart flag (gaming the adoption number), one per policy that shows it.</summary>
    public static IEnumerable<GoodhartFlag> InflationFlags(IReadOnlyList<PolicyEffects> policies) =>
        policies.Where(p => p.AdoptionInflated == true).Select(p => new GoodhartFlag
        {
            Flag = InflationFlag,
            Scope = p.Scope,
            TeamsFlagged = p.CoveredTeams,
            TeamsChecked = p.CoveredTeams,
            Evidence = Messages.InflationEvidence(p.PolicyId, p.Date,
                p.Estimates.FirstOrDefault(e => e.Measure == PanelColumns.AiInteractionsPerEngineer)?.Multiplier,
                p.Estimates.FirstOrDefault(e => e.Measure == PanelColumns.AiAcceptanceRate)?.Multiplier),
        });

    /// <summary>A policy about one tool (restricting or requiring it) is read first on that tool's share of interactions.</summary>
    private static IReadOnlyList<(string Name, OutcomeKind Kind)> WithToolShare(TeamPanel panel, PolicyInput policy,
        IReadOnlyList<(string Name, OutcomeKind Kind)> measures)
    {
        if (policy.Tool is not { } tool) return measures;
        string column = PanelColumns.ToolSharePrefix + PanelColumns.Suffix(tool);
        return panel.IsAvailable(column) ? [(column, OutcomeKind.Continuous), .. measures] : measures;
    }

    private static PolicyEffects Evaluate(TeamPanel panel, PolicyInput policy, IReadOnlyList<(string Name, OutcomeKind Kind)> measures,
        OutcomeEstimation estimation, List<string> warnings)
    {
        var unit = panel.Options.Period;
        var start = PeriodCalendar.StartOf(policy.Date, unit);
        int ordinal = PeriodCalendar.Ordinal(start, unit);
        var covered = panel.Teams.Where(t => Covers(policy.Scope, t)).Select(t => t.TeamId).ToHashSet(StringComparer.Ordinal);
        int comparison = panel.Teams.Length - covered.Count;
        string design = comparison > 0 ? CoveredVersusUncovered : BeforeAfter;
        var estimates = measures.Select(m => Estimate(panel, m.Name, m.Kind, covered, ordinal, design, estimation)).ToList();

        bool? inflated = null;
        if (policy.Kind == UsageInReviews
            && estimates.FirstOrDefault(e => e.Measure == PanelColumns.AiInteractionsPerEngineer) is { CiLow: { } iLow }
            && estimates.FirstOrDefault(e => e.Measure == PanelColumns.AiAcceptanceRate) is { CiHigh: { } aHigh })
        {
            inflated = iLow > 1 && aHigh < 1;
            if (inflated == true) warnings.Add(Messages.AdoptionInflated(policy.PolicyId, policy.Date));
        }
        return new PolicyEffects
        {
            PolicyId = policy.PolicyId,
            Date = policy.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Scope = policy.Scope,
            Kind = policy.Kind,
            Tool = policy.Tool,
            Description = policy.Description,
            Period = PeriodCalendar.Label(start, unit),
            CoveredTeams = covered.Count,
            ComparisonTeams = comparison,
            Design = design,
            Estimates = estimates,
            AdoptionInflated = inflated,
        };
    }

    /// <summary>Event times −6..+6 of the covered teams against the uncovered ones (CS, never-treated controls, analytic
    /// intervals); empty when the estimator rejects the data (the overall estimate stands on its own).</summary>
    private static IReadOnlyList<EventStudyRow> EventStudy(PanelData data, double confidenceLevel)
    {
        bool positive = data.Outcome.All(v => v > 0);
        try
        {
            var fit = new Estimation.Staggered.StaggeredDid
            {
                ControlGroup = Estimation.Staggered.ControlGroup.NeverTreated,
                Scale = positive ? Estimation.Staggered.EffectScale.Log : Estimation.Staggered.EffectScale.Ratio,
                ConfidenceLevel = confidenceLevel,
                Bootstrap = null,
                MinEventTime = -6,
                MaxEventTime = 6,
            }.Fit(data.WithWeight(null));
            return [.. fit.Dynamic.Elements.Where(e => e.Key is int && e.Multiplier is { } m && double.IsFinite(m.Value))
                .Select(e => new EventStudyRow
                {
                    Outcome = data.OutcomeName, Estimator = "staggered_did", EventTime = (int)e.Key!, Multiplier = e.Multiplier!.Value,
                    CiLow = e.Multiplier.CiLow, CiHigh = e.Multiplier.CiHigh,
                })];
        }
        catch (Estimation.Regression.EstimationException)
        {
            return [];
        }
    }

    private static bool Covers(string scope, TeamAttributes team) =>
        scope == "all" || scope == "org:" + team.Org || scope == "team:" + team.TeamId;

    private static PolicyEstimate Estimate(TeamPanel panel, string measure, OutcomeKind kind, HashSet<string> covered, int policyOrdinal,
        string design, OutcomeEstimation estimation)
    {
        PanelData data;
        try
        {
            data = panel.ToPanelData(measure, new PanelDataRequest(WeightByEngineers: measure.EndsWith("_per_engineer", StringComparison.Ordinal)));
        }
        catch (NoObservationsException e)
        {
            return new PolicyEstimate { Measure = measure, NotEstimatedReason = e.Message };
        }
        // Usage moves most when a team adopts AI, and teams adopt at different times: usage is compared among teams that
        // had adopted before the policy, from their adoption on, so that adoption is not read as the policy's effect.
        var adoption = data.Cohort!;
        bool usage = UsageMeasures.Contains(measure) || measure.StartsWith(PanelColumns.ToolSharePrefix, StringComparison.Ordinal);
        var rows = Enumerable.Range(0, data.Count)
            .Where(i => !usage || adoption[i] != PanelData.NeverTreated && adoption[i] < policyOrdinal && data.Time[i] >= adoption[i]).ToArray();
        if (data.Rows(rows, i => covered.Contains(data.UnitLabels[data.Unit[i]]) ? policyOrdinal : PanelData.NeverTreated) is not { } scoped
            || !scoped.Cohort!.Any(c => c != PanelData.NeverTreated))
            return new PolicyEstimate { Measure = measure, NotEstimatedReason = Messages.PolicyNoCoveredData };
        data = scoped;
        try
        {
            if (design == BeforeAfter)
            {
                var r = new NaiveBeforeAfter { ConfidenceLevel = estimation.ConfidenceLevel }.Fit(data);
                return new PolicyEstimate
                {
                    Measure = measure, Multiplier = r.Multiplier.Value, CiLow = r.Multiplier.CiLow, CiHigh = r.Multiplier.CiHigh,
                    PValue = r.Multiplier.PValue, Inference = BeforeAfter,
                };
            }
            var warnings = new List<string>();
            if (estimation.HeadlineFit(data, kind, warnings) is not { } fit)
                return new PolicyEstimate { Measure = measure, NotEstimatedReason = warnings.FirstOrDefault() ?? Messages.PolicyNotEstimable };
            var row = fit.Row;
            return new PolicyEstimate
            {
                Measure = measure, Multiplier = row.Multiplier, CiLow = row.CiLow, CiHigh = row.CiHigh, PValue = row.PValue, Inference = row.Inference,
                NotEstimatedReason = fit.NoIntervalReason, ByEventTime = EventStudy(data, estimation.ConfidenceLevel),
            };
        }
        catch (Estimation.Regression.EstimationException e)
        {
            return new PolicyEstimate { Measure = measure, NotEstimatedReason = e.Message.Split('\n')[0] };
        }
    }
}
