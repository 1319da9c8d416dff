using DuckDB.NET.Data;
using Modeling.Analysis.Results;
using Modeling.Analysis.Verdicts;
using Modeling.Ingest;
using Modeling.Ingest.Pseudonyms;
using Modeling.Ingest.Staging;
using Modeling.Panel;
using MandateRow = Modeling.Analysis.Results.MandateRow;

namespace Modeling.Analysis;

/// <summary>
/// The whole <c>analyze</c> job (DESIGN.md): ingest → panel → every estimator on every available outcome → mandate
/// verdicts → rejects/, diagnostics.csv, panel.csv and results.json in the output folder.
/// Structural input problems surface as <see cref="DataFolderException"/>; degenerate outcomes become warnings.
/// </summary>
public sealed class Analysis(AnalysisOptions options)
{
    public const string PanelFileName = "panel.csv";
    public const string ResultsFileName = "results.json";

    public AnalysisOptions Options { get; } = options;

    /// <summary>Runs the job and returns what was written to results.json.</summary>
    public AnalysisResult Run()
    {
        var progress = Options.Progress ?? (_ => { });
        var builder = new PanelBuilder(new PanelOptions(Options.Period, Options.AdoptionThreshold));
        Directory.CreateDirectory(Options.OutputFolder);

        // Staging in a temporary file database (as the panel verb): DuckDB pages it, keeping memory bounded at scale.
        var scratch = Path.Combine(Path.GetTempPath(), "modeling-analyze-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            AnalysisResult result;
            using (var connection = new DuckDBConnection($"DataSource={Path.Combine(scratch, "staging.duckdb")}"))
            {
                connection.Open();
                new DuckDbTuning(TempDirectory: scratch).Apply(connection);
                progress(Messages.Staging(Options.DataFolder));
                var report = DuckDbStaging.Stage(connection, Options.DataFolder,
                    new IngestOptions(PseudonymKey.Resolve(Options.KeyFile)) { OutputFolder = Options.OutputFolder, Progress = progress });
                var panel = builder.Build(connection, SourcesOf(report));
                var panelPath = Path.Combine(Options.OutputFolder, PanelFileName);
                PanelFiles.Write(panel, panelPath);
                progress(Messages.Written(panelPath));
                result = Analyze(panel, report, ReadMandates(connection), progress);
            }
            var resultsPath = Path.Combine(Options.OutputFolder, ResultsFileName);
            ResultsJson.Write(result, resultsPath);
            progress(Messages.Written(resultsPath));
            return result;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
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

    private AnalysisResult Analyze(TeamPanel panel, IngestReport report, IReadOnlyList<MandateInput> mandates, Action<string> progress)
    {
        var estimation = new OutcomeEstimation(Options.Seed, Options.BootstrapDraws, Options.ConfidenceLevel);
        var effects = new List<EffectRow>();
        var events = new List<EventStudyRow>();
        var warnings = new List<string>();
        var pretrends = new Dictionary<string, double>(StringComparer.Ordinal);
        var outcomes = OutcomesOf(panel);
        for (int i = 0; i < outcomes.Count; i++)
        {
            var (name, kind) = outcomes[i];
            progress(Messages.Estimating(name, i + 1, outcomes.Count));
            Estimation.Data.PanelData data;
            try
            {
                data = panel.ToPanelData(name);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                warnings.Add(Messages.EstimatorFailed("all estimators", name, e.Message));
                continue;
            }
            var estimates = estimation.Run(data, kind);
            effects.AddRange(estimates.Effects);
            events.AddRange(estimates.EventStudy);
            warnings.AddRange(estimates.Warnings);
            if (estimates.PreTrendPValue is double p) pretrends[name] = p;
        }

        var mandateRows = mandates.Select(m => Judge(m, outcomes, effects, pretrends, warnings)).ToList();

        var cohorts = panel.Teams.Where(t => t.AdoptionPeriod is not null)
            .GroupBy(t => t.AdoptionPeriod!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CohortCount(g.Key, g.Count())).ToList();
        var summary = new DataSummary(
            panel.TeamIds.Length, report.Engineers,
            panel.PeriodLabels.IsEmpty ? "" : panel.PeriodLabels[0], panel.PeriodLabels.IsEmpty ? "" : panel.PeriodLabels[^1],
            panel.RowCount,
            [.. report.Files.Select(f => new FileCount(f.File, f.RowsRead, f.RowsUsed, f.RowsRejected))],
            [.. panel.UnavailableOutcomes]);
        return new AnalysisResult(summary,
            new AdoptionSummary(Options.AdoptionThreshold, cohorts, panel.Teams.Count(t => t.AdoptionPeriod is null)),
            effects, events, mandateRows, pretrends, warnings, Options.Seed, Options.Period == PeriodUnit.Week ? "week" : "month");
    }

    /// <summary>
    /// A mandate on a count is compared with the per-engineer multiplier (CONTRACT §3); the headline estimator's
    /// interval is the evidence, and a rejected CS pre-trend test makes the verdict inconclusive.
    /// </summary>
    private MandateRow Judge(MandateInput m, IReadOnlyList<(string Name, OutcomeKind Kind)> outcomes, List<EffectRow> effects,
        Dictionary<string, double> pretrends, List<string> warnings)
    {
        var column = PanelColumns.Outcomes.FirstOrDefault(o => o.Name == m.Metric);
        string compared = column is { ValueType: PanelValueType.Count } ? m.Metric + "_per_engineer" : m.Metric;
        if (column is null || !outcomes.Any(o => o.Name == compared)) warnings.Add(Messages.UnknownMandateMetric(m.MandateId, m.Metric));
        if (m.Scope != "all") warnings.Add(Messages.ScopeNotSeparated(m.MandateId, m.Scope));

        var headline = effects.FirstOrDefault(e => e.Outcome == compared && e.Headline);
        MultiplierEvidence? evidence = headline is null || !(headline.CiLow > 0) || !double.IsFinite(headline.CiHigh)
            ? null
            : new MultiplierEvidence(headline.Multiplier, headline.CiLow, headline.CiHigh, headline.CiLevel);
        string? undermined = pretrends.TryGetValue(compared, out var p) && p < Options.PreTrendAlpha ? Messages.PreTrendUndermines(p) : null;
        var judgement = MandateJudge.Judge(m.TargetMultiplier, evidence, undermined);
        return new MandateRow(m.MandateId, m.Scope, m.Metric, compared, Messages.HeadlineEstimator, m.TargetMultiplier,
            evidence?.Multiplier, evidence?.CiLow, evidence?.CiHigh, judgement.ProbabilityTargetMet,
            judgement.Verdict.ToContractName(), judgement.Reason);
    }

    private sealed record MandateInput(string MandateId, string Scope, string Metric, double TargetMultiplier);

    private static IReadOnlyList<MandateInput> ReadMandates(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT mandate_id, scope, metric, target_multiplier FROM mandates WHERE target_multiplier > 0 ORDER BY mandate_id";
        using var reader = command.ExecuteReader();
        var list = new List<MandateInput>();
        while (reader.Read())
            list.Add(new MandateInput(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3)));
        return [.. list.OrderBy(m => m.MandateId, StringComparer.Ordinal)];
    }

    private static StagingSource SourcesOf(IngestReport report)
    {
        var present = StagingSource.None;
        if (report.TablesPresent.Contains("deployments")) present |= StagingSource.Deployments;
        if (report.TablesPresent.Contains("incidents")) present |= StagingSource.Incidents;
        if (report.TablesPresent.Contains("pull_requests")) present |= StagingSource.PullRequests;
        return present;
    }
}
