using Modeling.Analysis.Goodhart;
using Modeling.Analysis.Heterogeneity;
using Modeling.Analysis.MachineLearning;
using Modeling.Analysis.Refutations;
using Modeling.Results;
using Modeling.Estimation.Data;
using Modeling.Estimation.Regression;
using Modeling.Panel;

namespace Modeling.Analysis;

/// <summary>What <see cref="HeadlineChecks"/> adds to the results (issue 5).</summary>
public sealed record HeadlineCheckResults(
    IReadOnlyList<EffectRow> ExtraEffects,
    IReadOnlyList<MandateRow> Mandates,
    IReadOnlyList<GoodhartFlag> GoodhartFlags,
    IReadOnlyList<HeterogeneityRow> Heterogeneity,
    IReadOnlyList<RefutationRow> Refutations,
    IReadOnlyDictionary<string, PlaceboEstimate> Placebo,
    IReadOnlyList<DoseResponseRow> DoseResponse,
    DoseRange? DoseRange,
    IReadOnlyList<CounterfactualModel> CounterfactualModels);

/// <summary>
/// Everything issue 5 adds around the headline estimates: Goodhart flags, heterogeneity, refutations, the ML models
/// (DML, dose-response, E-value; counterfactual model) and the mandates' quality cost, flags and adoption needed.
/// The "headline outcomes" are the mandates' compared outcomes and merged_prs_per_engineer.
/// </summary>
public sealed class HeadlineChecks(AnalysisOptions options, OutcomeEstimation estimation)
{
    public const string ThroughputOutcome = "merged_prs_per_engineer";

    /// <summary>Quality outcomes shown beside each mandate, when available.</summary>
    public static readonly IReadOnlyList<string> QualityOutcomes = ["change_failure_rate", "incidents_per_engineer", "rework_rate", "revert_rate"];

    public GoodhartRules GoodhartRules { get; init; } = new();

    public RefutationOptions RefutationOptions { get; init; } = new() { Seed = options.Seed };

    /// <summary>The outcomes the checks run on: the mandates' compared outcomes and merged_prs_per_engineer, ordinal order.</summary>
    public static IReadOnlyList<(string Name, OutcomeKind Kind)> HeadlineOutcomes(
        IReadOnlyList<(string Name, OutcomeKind Kind)> outcomes, IReadOnlyList<MandateInput> mandates)
    {
        var wanted = mandates.Select(m => MandateEvaluation.ComparedOutcome(m.Metric)).Append(ThroughputOutcome).ToHashSet(StringComparer.Ordinal);
        return [.. outcomes.Where(o => wanted.Contains(o.Name)).OrderBy(o => o.Name, StringComparer.Ordinal)];
    }

    public HeadlineCheckResults Run(TeamPanel panel, IReadOnlyList<(string Name, OutcomeKind Kind)> outcomes, IReadOnlyList<EffectRow> effects,
        IReadOnlyList<MandateInput> mandates, IReadOnlyList<MandateRow> mandateRows, List<string> warnings, Action<string> progress)
    {
        var headlineOutcomes = HeadlineOutcomes(outcomes, mandates);
        var data = new Dictionary<string, PanelData>(StringComparer.Ordinal);
        foreach (var (name, _) in headlineOutcomes)
        {
            try { data[name] = panel.ToPanelData(name); }
            catch (NoObservationsException) { /* already warned by the main loop */ }
        }

        var teamFlags = GoodhartDetector.Evaluate(GoodhartDetector.SeriesOf(panel), GoodhartRules);
        var goodhart = GoodhartDetector.Summarise(teamFlags, GoodhartRules);

        // Heterogeneity and refutations: independent refits, run side by side and collected in a fixed order.
        var groupings = HeterogeneityAnalysis.Groupings(panel);
        var sizes = HeterogeneityAnalysis.TeamSizes(panel);
        var suite = new RefutationSuite(estimation, RefutationOptions);
        var thresholds = RefutationOptions.Thresholds.Where(t => Math.Abs(t - options.AdoptionThreshold) > 1e-12)
            .Select(t => (t, AdoptionRule.AdoptionPeriodsAt(panel, t))).ToArray();
        string Label(int ordinal) => PeriodCalendar.Label(PeriodCalendar.FromOrdinal(ordinal, panel.Options.Period), panel.Options.Period);
        var heterogeneityJobs = new List<Func<IReadOnlyList<HeterogeneityRow>>>();
        var refutationJobs = new List<Func<(IReadOnlyList<RefutationRow> Rows, PlaceboEstimate? Placebo)>>();
        foreach (var (name, kind) in headlineOutcomes.Where(o => data.ContainsKey(o.Name)))
        {
            var d = data[name];
            foreach (var grouping in groupings)
                heterogeneityJobs.Add(() => HeterogeneityAnalysis.Estimate(d, kind, grouping, sizes, panel.Options.SmallGroupThreshold, estimation));
            var headline = effects.FirstOrDefault(e => e.Outcome == name && e.Headline);
            if (headline is null) continue;
            refutationJobs.Add(() => { var row = suite.PlaceboDate(d, kind, out var p); return ([row], p); });
            refutationJobs.Add(() => ([suite.PlaceboOutcome(d, kind)], null));
            refutationJobs.Add(() => ([suite.RandomCommonCause(d, kind, headline)], null));
            refutationJobs.Add(() => (suite.LeaveOneCohortOut(d, kind, headline, Label), null));
            refutationJobs.Add(() => (suite.AdoptionThreshold(d, kind, headline, thresholds), null));
            refutationJobs.Add(() => (ParallelTrendsSensitivity.Rows(d, options.ConfidenceLevel), null));
        }
        progress(Messages.ChecksProgress(headlineOutcomes.Where(o => data.ContainsKey(o.Name)).Select(o => o.Name)));
        var heterogeneity = RunAll(heterogeneityJobs).SelectMany(r => r).ToList();
        var refutationResults = RunAll(refutationJobs);
        var refutations = refutationResults.SelectMany(r => r.Rows).ToList();
        var placebo = new SortedDictionary<string, PlaceboEstimate>(StringComparer.Ordinal);
        foreach (var (rows, p) in refutationResults)
            if (p is not null) placebo[rows[0].Outcome] = p;

        var extraEffects = new List<EffectRow>();
        var doses = new List<DoseResponseRow>();
        var dml = new Dictionary<string, DmlOutcome>(StringComparer.Ordinal);
        DoseRange? range = null;
        var counterfactual = new List<CounterfactualModel>();
        if (options.IncludeMachineLearning)
        {
            foreach (var (name, _) in headlineOutcomes.Where(o => data.ContainsKey(o.Name)))
            {
                progress(Messages.MachineLearningProgress(DmlAnalysis.Estimator, name));
                try
                {
                    var fit = DmlAnalysis.Fit(panel, name, options.Seed, options.ConfidenceLevel);
                    if (fit.ZeroRowsLeftOut > 0) warnings.Add(Messages.DmlZeroRows(name, fit.ZeroRowsLeftOut));
                    dml[name] = fit;
                    extraEffects.Add(DmlAnalysis.EffectOf(fit));
                    doses.AddRange(DmlAnalysis.DoseRows(fit));
                    refutations.Add(DmlAnalysis.EValueRow(fit));
                    range ??= new DoseRange(PanelColumns.AiActiveShare, fit.Fit.TreatmentMin, fit.Fit.TreatmentMax);
                }
                catch (EstimationException e)
                {
                    warnings.Add(Messages.EstimatorFailed(DmlAnalysis.Estimator, name, e.Message.Split('\n')[0].Trim()));
                }
            }
            foreach (var (name, _) in headlineOutcomes.Where(o => data.ContainsKey(o.Name)))
            {
                progress(Messages.MachineLearningProgress(CounterfactualAnalysis.Estimator, name));
                try
                {
                    var (effect, model) = CounterfactualAnalysis.FitAndSave(panel, name, options.Seed, options.ConfidenceLevel, options.OutputFolder, sizes);
                    extraEffects.Add(effect);
                    counterfactual.Add(model);
                }
                catch (EstimationException e)
                {
                    warnings.Add(Messages.EstimatorFailed(CounterfactualAnalysis.Estimator, name, e.Message.Split('\n')[0].Trim()));
                }
            }
        }

        var quality = QualityOutcomes.Select(q => outcomes.FirstOrDefault(o => o.Name == q)).Where(o => o.Name is not null).ToArray();
        var mandatesOut = new List<MandateRow>(mandateRows.Count);
        for (int i = 0; i < mandateRows.Count; i++)
        {
            var m = mandates[i];
            var row = mandateRows[i];
            var scope = m.ScopeTeams(panel.Teams.Select(t => (t.TeamId, t.Org)));
            var cost = new List<QualityCost>();
            foreach (var (q, kind) in quality)
            {
                EffectRow? estimate = scope is null
                    ? effects.FirstOrDefault(e => e.Outcome == q && e.Headline)
                    : scope.Count == 0 ? null : ScopedHeadline(panel, q, kind, scope);
                if (estimate is not null) cost.Add(new QualityCost(q, estimate.Multiplier, estimate.CiLow, estimate.CiHigh));
            }
            double? needed = null;
            string? status = null;
            if (dml.TryGetValue(row.Outcome, out var fit))
            {
                var need = fit.Dose.AdoptionNeededFor(m.TargetMultiplier);
                needed = need.Share;
                status = need.StatusName;
            }
            mandatesOut.Add(row with
            {
                AdoptingTeams = panel.Teams.Count(t => t.AdoptionPeriod is not null && (scope is null || scope.Contains(t.TeamId))),
                QualityCost = cost,
                GoodhartFlags = GoodhartDetector.ForMandate(m.Metric, scope, teamFlags, GoodhartRules),
                AdoptionNeeded = needed,
                AdoptionNeededStatus = status,
            });
        }

        return new HeadlineCheckResults(extraEffects, mandatesOut, goodhart, heterogeneity, refutations, placebo, doses, range, counterfactual);
    }

    /// <summary>Runs independent jobs on all cores; results in job order, so the output does not depend on scheduling.</summary>
    private static T[] RunAll<T>(IReadOnlyList<Func<T>> jobs)
    {
        var results = new T[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results[i] = jobs[i]());
        return results;
    }

    private EffectRow? ScopedHeadline(TeamPanel panel, string outcome, OutcomeKind kind, IReadOnlySet<string> scope)
    {
        try
        {
            var scoped = Analysis.Scoped(panel.ToPanelData(outcome), scope);
            return scoped is null ? null : estimation.Headline(scoped, kind, []);
        }
        catch (NoObservationsException)
        {
            return null;
        }
    }
}
