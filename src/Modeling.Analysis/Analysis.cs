using Modeling.Analysis.Goodhart;
using Modeling.Analysis.Heterogeneity;
using Modeling.Analysis.MachineLearning;
using Modeling.Analysis.Refutations;
using Modeling.Ingest;
using Modeling.Ingest.Pseudonyms;
using Modeling.Estimation.Data;
using Modeling.Panel;
using Modeling.Results;

namespace Modeling.Analysis;

/// <summary>
/// The whole <c>analyze</c> job (DESIGN.md): ingest → panel → every estimator on every available outcome → mandate
/// verdicts → rejects/, diagnostics.csv, panel.csv and results.json in the output folder. The leadership report is a
/// rendering of results.json alone, done at the edges (the CLI, the retrain job, the notebook extension).
/// Structural input problems surface as <see cref="DataFolderException"/>; degenerate outcomes become warnings.
/// </summary>
public sealed class Analysis(AnalysisOptions options)
{
    public const string PanelFileName = "panel.csv";
    public const string ResultsFileName = "results.json";

    /// <summary>results.json "tool": this program and its informational version.</summary>
    public static ToolInfo Tool { get; } = new("modeling",
        typeof(Analysis).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? typeof(Analysis).Assembly.GetName().Version?.ToString() ?? "unknown");

    public AnalysisOptions Options { get; } = options;

    /// <summary>Runs the job and returns what was written to results.json.</summary>
    public ResultsDocument Run()
    {
        var progress = Options.Progress ?? (_ => { });
        Directory.CreateDirectory(Options.OutputFolder);
        progress(Messages.Staging(Options.DataFolder));
        var staged = PanelPipeline.Run(new PipelineOptions(Options.DataFolder,
            new PanelOptions(Options.Period, Options.AdoptionThreshold, Options.MinGroupSize, Options.AsOf), PseudonymKey.Resolve(Options.KeyFile))
        {
            OutputFolder = Options.OutputFolder,
            Progress = progress,
            ScratchParent = Options.ScratchParent,
            Database = StagingDatabase.File, // the panel and every fit come next: keep the peak low
        });
        var panelPath = Path.Combine(Options.OutputFolder, PanelFileName);
        PanelFiles.Write(staged.Panel, panelPath);
        progress(Messages.Written(panelPath));
        var result = Analyze(staged.Panel, staged.Report, staged.Mandates, progress);
        // retrain: rows dated after the cut-off were read but never used; say how many (results.json "run").
        if (Options.AsOf is { } asOf) result = result with { Run = AsOfCutoff.Summary(asOf, staged.RowsAfterAsOf) };
        var resultsPath = Path.Combine(Options.OutputFolder, ResultsFileName);
        var bytes = ResultsJson.ToBytes(result);
        AtomicFile.Write(resultsPath, temporary => File.WriteAllBytes(temporary, bytes));
        progress(Messages.Written(resultsPath));
        return result;
    }

    /// <summary>Merged pull requests per engineer: checked around the headline with the mandates' own outcomes.</summary>
    public const string ThroughputOutcome = "merged_prs_per_engineer";

    /// <summary>The outcomes the checks run on: the mandates' compared outcomes and merged_prs_per_engineer, ordinal order.</summary>
    public static IReadOnlyList<(string Name, OutcomeKind Kind)> HeadlineOutcomes(
        IReadOnlyList<(string Name, OutcomeKind Kind)> outcomes, IReadOnlyList<MandateInput> mandates)
    {
        var wanted = mandates.Select(m => MandateEvaluation.ComparedOutcome(m.Metric)).Append(ThroughputOutcome).ToHashSet(StringComparer.Ordinal);
        return [.. outcomes.Where(o => wanted.Contains(o.Name)).OrderBy(o => o.Name, StringComparer.Ordinal)];
    }


    /// <summary>The outcomes estimated, in contract order: each count, then its per-engineer rate.</summary>
    public static IReadOnlyList<(string Name, OutcomeKind Kind)> OutcomesOf(TeamPanel panel)
    {
        var list = new List<(string, OutcomeKind)>();
        foreach (var o in PanelColumns.Outcomes)
        {
            bool count = o.ValueType == PanelValueType.Count;
            if (panel.IsAvailable(o.Name)) list.Add((o.Name, count ? OutcomeKind.Count : OutcomeKind.Continuous));
            if (count && panel.IsAvailable(o.Name + "_per_engineer")) list.Add((o.Name + "_per_engineer", OutcomeKind.Count));
        }
        return list;
    }

    private ResultsDocument Analyze(TeamPanel panel, IngestReport report, IReadOnlyList<MandateInput> mandates, Action<string> progress)
    {
        var estimation = new OutcomeEstimation(Options.Seed, Options.BootstrapDraws, Options.ConfidenceLevel);
        var effects = new List<EffectRow>();
        var events = new List<EventStudyRow>();
        var warnings = new List<string>();
        var pretrends = new Dictionary<string, double>(StringComparer.Ordinal);
        var headlines = new Dictionary<string, HeadlineEstimate>(StringComparer.Ordinal);
        var detectableTrends = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        var dataOf = new Dictionary<string, PanelData>(StringComparer.Ordinal); // outcomes with a usable team-period
        var outcomes = OutcomesOf(panel);
        for (int i = 0; i < outcomes.Count; i++)
        {
            var (name, kind) = outcomes[i];
            progress(Messages.Estimating(name, i + 1, outcomes.Count));
            PanelData data;
            try
            {
                data = OutcomeData(panel, name);
            }
            catch (NoObservationsException e)
            {
                warnings.Add(Messages.EstimatorFailed("all estimators", name, e.Message));
                continue;
            }
            dataOf[name] = data;
            var estimates = estimation.Run(data, kind);
            effects.AddRange(estimates.Effects);
            events.AddRange(estimates.EventStudy);
            warnings.AddRange(estimates.Warnings);
            if (estimates.PreTrendPValue is double p) pretrends[name] = p;
            if (estimates.PreTrendDetectableSlope is double slope) detectableTrends[name] = Math.Exp(slope);
            if (estimates.Headline is { } h) headlines[name] = h;
        }

        var sensitivity = new TrendSensitivity(Options.ConfidenceLevel, Options.Seed, Options.SensitivityMbar);
        var naiveOf = new Dictionary<string, Estimation.Inference.Multiplier>(StringComparer.Ordinal);
        var judgedMandates = mandates.Select(m =>
        {
            var scope = MandateScope.Of(m, panel, outcomes, dataOf, warnings);
            if (NaiveForScope(scope) is { } naive) naiveOf[m.MandateId] = naive;
            var (headline, pretrend) = EvidenceFor(scope, estimation, headlines, pretrends, warnings);
            var robust = headline is { Row.Inference: HeadlineInference.ClusterT } && scope.Data is { } data
                ? sensitivity.Fit(data, OutcomeEstimation.HeadlineForm(data, scope.Kind), m.TargetMultiplier, warnings)?[0]
                : null;
            return MandateEvaluation.Evaluate(m, headline, pretrend, robust, warnings) with { ByDeadline = ByDeadline(scope, estimation) };
        }).ToList();

        var cohorts = panel.Teams.Where(t => t.AdoptionPeriod is not null)
            .GroupBy(t => t.AdoptionPeriod!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Cohort(g.Key, g.Count())).ToList();
        var summary = new DataSummary
        {
            Teams = panel.TeamIds.Length,
            Engineers = report.Engineers,
            Periods = panel.PeriodLabels.IsEmpty ? ["", ""] : [panel.PeriodLabels[0], panel.PeriodLabels[^1]],
            PanelRows = panel.RowCount,
            MinGroupSize = panel.Options.SmallGroupThreshold,
            RowsRead = InReadingOrder(report, f => f.RowsRead),
            RowsUsed = InReadingOrder(report, f => f.RowsUsed),
            RowsRejected = InReadingOrder(report, f => f.RowsRejected),
            // Physical lines beside the rows: a file whose rows swallowed its lines cannot look clean.
            LinesRead = InReadingOrder(report, f => f.LinesRead),
            UnavailableOutcomes = [.. panel.UnavailableOutcomes],
            Problems = [.. report.ProblemsByRule.Select(p => new ProblemCount(p.File, p.SeverityName, p.Rule, p.Count))],
        };
        // Around the headline estimates: Goodhart flags, heterogeneity, refutations, the ML models, each mandate's context.
        var headline = HeadlineOutcomes(outcomes, mandates).Where(o => dataOf.ContainsKey(o.Name)).Select(o => (o.Name, o.Kind, Data: dataOf[o.Name])).ToList();
        var goodhartRules = new GoodhartRules();
        var teamFlags = GoodhartDetector.Evaluate(GoodhartDetector.SeriesOf(panel), goodhartRules);
        progress(Messages.ChecksProgress(headline.Select(o => o.Name)));
        // Three independent sets of refits, side by side; each keeps its own order, so the output does not depend on scheduling.
        IReadOnlyList<HeterogeneityRow> heterogeneity = [];
        (IReadOnlyList<RefutationRow> Rows, IReadOnlyDictionary<string, PlaceboEstimate> Placebo) refuted = ([], new Dictionary<string, PlaceboEstimate>());
        (IReadOnlyList<EffectRow> Effects, IReadOnlyList<TwfeDiagnostic> Diagnostics) twfe = ([], []);
        var twfeWarnings = new List<string>();
        Parallel.Invoke(
            () => heterogeneity = HeterogeneityAnalysis.Run(panel, headline, estimation),
            () => refuted = new RefutationSuite(estimation, new RefutationOptions { Seed = Options.Seed })
                .Run(panel, headline, effects, Options.AdoptionThreshold, Options.ConfidenceLevel),
            () => twfe = TwfeDiagnostics.Run(headline, Options.ConfidenceLevel, twfeWarnings));
        warnings.AddRange(twfeWarnings);
        var (refutations, placebo) = refuted;
        var toolOutcomes = headline.Concat(MandateContexts.QualityOutcomes.Where(q => headline.All(h => h.Name != q))
                .Select(q => outcomes.FirstOrDefault(o => o.Name == q)).Where(o => o.Name is not null && dataOf.ContainsKey(o.Name))
                .Select(o => (o.Name, o.Kind, Data: dataOf[o.Name])))
            .ToList();
        var toolComparison = ToolComparisonAnalysis.Run(panel, toolOutcomes, estimation);
        var policies = report.Policies.Count == 0 ? null
            : PolicyAnalysis.Run(panel, report.Policies, [.. headline.Select(h => (h.Name, h.Kind))], estimation, warnings);
        var (extended, twfeDiagnostics) = twfe;
        var models = Options.IncludeMachineLearning
            ? MachineLearningModels.Run(panel, [.. headline.Select(o => o.Name)], Options, HeterogeneityAnalysis.TeamSizes(panel), warnings, progress)
            : MachineLearningResults.None;
        var contexts = new MandateContexts(estimation, goodhartRules);
        var judged = judgedMandates.Select(j => WithNaive(MandateEvaluation.Row(j, contexts.For(panel, j, outcomes, effects, teamFlags, models.Dml)), naiveOf)).ToList();
        effects.AddRange(extended);
        effects.AddRange(models.Effects);
        effects = Multiplicity.AdjustSecondary(effects, mandates.Select(m => MandateEvaluation.ComparedOutcome(m.Metric)).ToHashSet(StringComparer.Ordinal));
        // Mandates whose rows were rejected keep a row (inconclusive, with the reason) and a warning: none disappears.
        foreach (var rejected in report.UncheckedMandates)
        {
            if (judged.Any(m => m.MandateId == rejected.MandateId)) continue;
            var row = MandateEvaluation.NotChecked(rejected);
            judged.Add(row);
            warnings.Add(Messages.MandateNotCheckedWarning(row.MandateId, row.Reason!));
        }
        judged.Sort((a, b) => string.CompareOrdinal(a.MandateId, b.MandateId));
        return new ResultsDocument
        {
            SchemaVersion = ResultsJson.SchemaVersion,
            Tool = Tool,
            Seed = Options.Seed,
            PeriodUnit = Options.Period == PeriodUnit.Week ? "week" : "month",
            Data = summary,
            Adoption = new AdoptionSummary
            {
                Threshold = Options.AdoptionThreshold,
                Cohorts = cohorts,
                NeverAdoptedTeams = panel.Teams.Count(t => t.AdoptionPeriod is null),
            },
            HeadlineEstimator = Messages.HeadlineEstimator,
            Effects = effects,
            EventStudy = events,
            Mandates = judged,
            DoseResponse = models.DoseResponse,
            DoseRange = models.DoseRange,
            Heterogeneity = heterogeneity,
            Refutations = [.. refutations, .. models.EValues],
            GoodhartFlags = [.. GoodhartDetector.Summarise(teamFlags, goodhartRules), .. PolicyAnalysis.InflationFlags(policies ?? [])],
            CounterfactualModels = models.CounterfactualModels,
            TwfeDiagnostics = twfeDiagnostics,
            ToolComparison = toolComparison,
            Policies = policies,
            Diagnostics = new Diagnostics
            {
                PretrendTest = OutcomeEstimation.PreTrendTest,
                SensitivityMethod = TrendSensitivity.Method,
                PretrendPValue = new SortedDictionary<string, double?>(pretrends.ToDictionary(kv => kv.Key, kv => (double?)kv.Value), StringComparer.Ordinal),
                PretrendDetectableTrend = detectableTrends,
                Placebo = placebo,
                Warnings = warnings,
            },
        };
    }

    /// <summary>The dashboards' before/after number on the mandate's own scope and outcome, or null (the report then
    /// shows the all-teams one, labelled).</summary>
    private Estimation.Inference.Multiplier? NaiveForScope(MandateScope scope)
    {
        if (scope.Data is not { } data) return null;
        try
        {
            return new Estimation.BeforeAfter.NaiveBeforeAfter { ConfidenceLevel = Options.ConfidenceLevel }.Fit(data).Multiplier;
        }
        catch (Estimation.Regression.EstimationException)
        {
            return null;
        }
    }

    private static MandateRow WithNaive(MandateRow row, IReadOnlyDictionary<string, Estimation.Inference.Multiplier> naiveOf) =>
        naiveOf.TryGetValue(row.MandateId, out var n) && double.IsFinite(n.Value)
            ? row with { NaiveMultiplier = n.Value, NaiveCiLow = n.CiLow, NaiveCiHigh = n.CiHigh }
            : row;

    private static Dictionary<string, T> InReadingOrder<T>(IngestReport report, Func<FileReport, T> value)
    {
        var counts = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var f in report.Files) counts.Add(f.File, value(f));
        return counts;
    }

    /// <summary>
    /// The estimate a mandate is judged on and the pre-trend test beside it: the all-teams headline and test for scope
    /// "all"; for org:/team: scopes the headline estimator refitted on the scope's teams with every never-adopted team
    /// kept as a control, and the pre-trend test on the same data when the scope has at least
    /// <see cref="HeadlineInference.ClusterMinimum"/> adopting teams (with fewer, its cluster-robust Wald test is no
    /// more valid than a cluster-robust interval, so the scope is not tested). Null estimate when there is none.
    /// </summary>
    private static (HeadlineEstimate? Headline, double? Pretrend) EvidenceFor(MandateScope scope, OutcomeEstimation estimation,
        IReadOnlyDictionary<string, HeadlineEstimate> headlines, IReadOnlyDictionary<string, double> pretrends, List<string> warnings)
    {
        if (scope.AllTeams)
            return (headlines.GetValueOrDefault(scope.Compared), pretrends.TryGetValue(scope.Compared, out var p) ? p : null);
        if (scope.Data is null) return (null, null);
        var headline = estimation.HeadlineFit(scope.Data, scope.Kind, warnings);
        double? pretrend = headline is { AdoptingTeams: >= HeadlineInference.ClusterMinimum } ? estimation.PreTrendPValue(scope.Data, scope.Kind) : null;
        return (headline, pretrend);
    }

    /// <summary>
    /// The mandate's own estimand beside the overall effect: the scope's headline over adopted periods after the ramp-up
    /// (<see cref="AnalysisOptions.RampUpPeriods"/>) and up to the period holding the deadline, measured against the
    /// adopting teams' levels in the mandate's baseline window (baseline_from..baseline_to, when both are given); null
    /// when that window holds no adopted period or nothing can be estimated.
    /// </summary>
    private DeadlineEstimate? ByDeadline(MandateScope scope, OutcomeEstimation estimation)
    {
        if (scope.Data is null) return null;
        var m = scope.Mandate;
        DateOnly? deadlineStart = m.Deadline is DateOnly d ? PeriodCalendar.StartOf(d, Options.Period) : null;
        var window = new Estimation.Imputation.AdoptedWindow(Options.RampUpPeriods,
            deadlineStart is DateOnly start ? PeriodCalendar.Ordinal(start, Options.Period) : null);
        // The baseline window counts only when mandates.csv gives both of its ends.
        var (first, last) = m is { BaselineFrom: DateOnly from, BaselineTo: DateOnly to }
            ? ((DateOnly?)PeriodCalendar.StartOf(from, Options.Period), (DateOnly?)PeriodCalendar.StartOf(to, Options.Period))
            : (null, null);
        var baseline = first is DateOnly f && last is DateOnly l
            ? new Estimation.Imputation.PeriodRange(PeriodCalendar.Ordinal(f, Options.Period), PeriodCalendar.Ordinal(l, Options.Period))
            : null;
        var fit = estimation.HeadlineFit(scope.Data, scope.Kind, [], window, baseline);
        string? Label(DateOnly? start) => start is DateOnly s ? PeriodCalendar.Label(s, Options.Period) : null;
        return fit is null ? null : new DeadlineEstimate(fit, Options.RampUpPeriods, Label(deadlineStart))
        {
            BaselineFromPeriod = Label(first),
            BaselineToPeriod = Label(last),
        };
    }

    /// <summary>
    /// The data of one outcome for a set of teams: the scope's teams and every never-adopted team (the controls), or all
    /// teams when <paramref name="teams"/> is null; null when the outcome has no usable row there.
    /// </summary>
    public static PanelData? ScopedData(TeamPanel panel, string outcome, IReadOnlySet<string>? teams)
    {
        try
        {
            var data = OutcomeData(panel, outcome);
            return teams is null ? data : Scoped(data, teams);
        }
        catch (NoObservationsException)
        {
            return null;
        }
    }

    /// <summary>
    /// The estimation data of one outcome. Per-engineer outcomes are weighted by engineer-months, so that the headline's
    /// multiplier Σ w·y / Σ w·μ₀ is the ratio of counts to counterfactual counts that CONTRACT §3 defines for them (an
    /// unweighted fit would give the ratio of summed rates, in which a two-person team-month weighs as much as a
    /// forty-person one).
    /// </summary>
    /// <exception cref="NoObservationsException">The outcome has no usable row.</exception>
    public static PanelData OutcomeData(TeamPanel panel, string outcome) =>
        panel.ToPanelData(outcome, new PanelDataRequest(WeightByEngineers: PanelColumns.PerEngineerOutcomes.Any(c => c.Name == outcome)));

    /// <summary>The rows of the scope's teams and of every never-adopted team (the controls); null if none remain.</summary>
    public static PanelData? Scoped(PanelData data, IReadOnlySet<string> teams)
    {
        var cohort = data.Cohort ?? throw new ArgumentException("the panel has no cohort column", nameof(data));
        return data.Rows([.. Enumerable.Range(0, data.Count).Where(i => teams.Contains(data.UnitLabels[data.Unit[i]]) || cohort[i] == PanelData.NeverTreated)]);
    }
}

/// <summary>
/// What a mandate is estimated on, built once for its verdict and its by-deadline estimate: its compared outcome and that
/// outcome's data for its scope (all teams' data is the main loop's; a scope's is its teams plus the never-adopted ones).
/// </summary>
/// <param name="Mandate">The mandate.</param>
/// <param name="Compared">The outcome its metric is compared on.</param>
/// <param name="Kind">That outcome's kind.</param>
/// <param name="AllTeams">True for scope "all".</param>
/// <param name="Data">The data to fit, or null when the scope names no team or the outcome is unavailable there.</param>
internal sealed record MandateScope(MandateInput Mandate, string Compared, OutcomeKind Kind, bool AllTeams, PanelData? Data)
{
    public static MandateScope Of(MandateInput m, TeamPanel panel, IReadOnlyList<(string Name, OutcomeKind Kind)> outcomes,
        IReadOnlyDictionary<string, PanelData> dataOf, List<string> warnings)
    {
        string compared = MandateEvaluation.ComparedOutcome(m.Metric);
        var outcome = outcomes.FirstOrDefault(o => o.Name == compared);
        var teams = m.ScopeTeams(panel.Teams.Select(t => (t.TeamId, t.Org)));
        if (teams is { Count: 0 }) warnings.Add(Messages.UnknownScope(m.MandateId, m.Scope));
        PanelData? data = outcome.Name is null || teams is { Count: 0 } ? null
            : teams is null ? dataOf.GetValueOrDefault(compared)
            : Analysis.ScopedData(panel, compared, teams);
        return new MandateScope(m, compared, outcome.Kind, teams is null, data);
    }
}
