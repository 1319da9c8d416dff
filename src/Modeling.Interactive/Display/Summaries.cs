using Modeling.Estimation.BeforeAfter;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Ingest;
using Modeling.Panel;
using Modeling.Results;

namespace Modeling.Interactive.Display;

/// <summary>
/// The notebook view of each result type (statsmodels-style summaries: estimate, interval and its level, p-value, counts).
/// Pure functions of the result; <see cref="ModelingFormatters"/> registers them with the notebook kernel.
/// </summary>
public static class Summaries
{
    /// <summary>Diagnostics listed in a validation summary; the rest are counted (all are in diagnostics.csv).</summary>
    public const int DiagnosticsShown = 20;

    public static Summary Of(IngestReport report)
    {
        var files = new Table("Files", ["file", "format", "rows read", "used", "rejected"]);
        foreach (var f in report.Files)
            files.Add(f.File, f.Format.ToString(), Cells.Count(f.RowsRead), Cells.Count(f.RowsUsed), Cells.Count(f.RowsRejected));
        var problems = new Table($"First {Math.Min(DiagnosticsShown, report.Diagnostics.Count)} of {Cells.Count(report.ProblemCount)} problems",
            ["severity", "file", "line", "column", "value", "expected"]);
        foreach (var d in report.Diagnostics.Take(DiagnosticsShown))
            problems.Add(d.SeverityName, d.File, Cells.Count(d.Line), d.Column, d.Value, d.Expected);
        return new Summary("Input validation",
            [("errors", Cells.Count(report.ErrorCount)), ("warnings", Cells.Count(report.WarningCount)),
             ("notes", Cells.Count(report.Notes.Count)), ("engineers (pseudonymised)", Cells.Count(report.Engineers)),
             ("rows rejected", Cells.Count(report.Files.Sum(f => f.RowsRejected)))],
            report.Diagnostics.Count == 0 ? [files] : [files, problems]);
    }

    public static Summary Of(TeamPanel panel)
    {
        var cohorts = new Table("Adoption cohorts", ["adoption period", "teams"]);
        foreach (var g in panel.Teams.Where(t => t.AdoptionPeriod is not null).GroupBy(t => t.AdoptionPeriod!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            cohorts.Add(g.Key, Cells.Count(g.Count()));
        cohorts.Add("never", Cells.Count(panel.Teams.Count(t => t.AdoptionPeriod is null)));
        return new Summary("Team × period panel",
            [("teams", Cells.Count(panel.TeamIds.Length)), ("rows", Cells.Count(panel.RowCount)),
             ("periods", panel.PeriodLabels.IsEmpty ? "–" : $"{panel.PeriodLabels[0]} … {panel.PeriodLabels[^1]} ({panel.PeriodLabels.Length})"),
             ("adoption threshold", Cells.Number(panel.Options.AdoptionThreshold, 2)),
             ("unavailable outcomes", panel.UnavailableOutcomes.Count == 0 ? "none" : string.Join(", ", panel.UnavailableOutcomes)),
             ("as a DataFrame", "panel.ToDisplayFrame() (small groups blanked) or panel.ToDataFrame()")],
            [cohorts]);
    }

    public static Summary Of(ResultsDocument result)
    {
        var headline = Effects(result.Effects.Where(e => e.Headline), "Headline effects (imputation estimator)");
        var facts = new List<(string, string)>
        {
            ("teams", Cells.Count(result.Data?.Teams)), ("engineers", Cells.Count(result.Data?.Engineers)),
            ("periods", $"{result.Data?.FirstPeriod} … {result.Data?.LastPeriod} ({result.PeriodUnit})"),
            ("adoption threshold", Cells.Number(result.Adoption?.Threshold, 2)),
            ("cohorts / never adopted", $"{result.Adoption?.Cohorts.Count ?? 0} / {result.Adoption?.NeverAdoptedTeams} teams"),
            ("warnings", Cells.Count(result.Diagnostics?.Warnings.Count ?? 0)),
        };
        return new Summary("Analysis", facts, result.Mandates.Count == 0 ? [headline] : [headline, Mandates(result.Mandates)]);
    }

    public static Table Effects(IEnumerable<EffectRow> effects, string? caption = "Effects (multiplier = with AI ÷ without AI)")
    {
        var table = new Table(caption, ["outcome", "estimator", "multiplier [CI]", "level", "p", "teams", "obs", "scale"]);
        foreach (var e in effects)
            table.Add(e.Outcome, e.Estimator, Cells.Multiplier(e.Multiplier, e.CiLow, e.CiHigh), Cells.Level(e.CiLevel), Cells.PValue(e.PValue),
                Cells.Count(e.NTeams), Cells.Count(e.NObs), e.Scale ?? "");
        return table;
    }

    public static Table EventStudy(IEnumerable<EventStudyRow> rows, string? caption = "Event study (multiplier by months since adoption)")
    {
        var table = new Table(caption, ["outcome", "event time", "multiplier [CI]"]);
        foreach (var r in rows) table.Add(r.Outcome, r.EventTime.ToString(System.Globalization.CultureInfo.InvariantCulture), Cells.Multiplier(r.Multiplier, r.CiLow, r.CiHigh));
        return table;
    }

    public static Table Mandates(IEnumerable<MandateRow> mandates, string? caption = "Mandates against the evidence")
    {
        var table = new Table(caption, ["mandate", "scope", "metric", "compared", "target", "estimate [CI]", "P(target met)", "verdict", "adoption needed (DML)"]);
        foreach (var m in mandates)
            table.Add(m.MandateId, m.Scope ?? "", m.Metric, m.Outcome, Cells.Number(m.TargetMultiplier, 1) + "×",
                Cells.Multiplier(m.Estimate, m.CiLow, m.CiHigh), Cells.Number(m.ProbabilityTargetMet, 3), m.Verdict ?? "",
                m.AdoptionNeeded is double a ? $"{Cells.Number(100 * a, 0)}% ({m.AdoptionNeededStatus})" : m.AdoptionNeededStatus ?? "–");
        return table;
    }

    public static Table DoseResponse(IEnumerable<DoseResponseRow> rows, string? caption = "Dose-response (DML): multiplier at each adoption share")
    {
        var table = new Table(caption, ["outcome", "treatment", "adoption", "multiplier [CI]", "extrapolated"]);
        foreach (var r in rows)
            table.Add(r.Outcome, r.Treatment ?? "", Cells.Number(100 * r.Adoption, 0) + "%", Cells.Multiplier(r.Multiplier, r.CiLow, r.CiHigh), r.Extrapolation ? "yes" : "no");
        return table;
    }

    public static Summary Of(StaggeredDidResult r)
    {
        bool multiplier = r.Simple.Overall.Multiplier is not null;
        var overall = new Table("Aggregations", multiplier
            ? ["aggregation", "estimate", "SE", "CI", "multiplier [CI]"]
            : ["aggregation", "estimate", "SE", "CI"]);
        void Add(string name, AggregateEffect e)
        {
            var row = new List<string> { name, Cells.Number(e.Estimate, 4), Cells.Number(e.Effect.StandardError, 4),
                $"[{Cells.Number(e.Effect.CiLow, 4)}, {Cells.Number(e.Effect.CiHigh, 4)}]" };
            if (multiplier) row.Add(e.Multiplier is { } m ? Cells.Multiplier(m.Value, m.CiLow, m.CiHigh) : "–");
            overall.Add([.. row]);
        }
        Add("simple", r.Simple.Overall);
        Add("dynamic (event times ≥ 0)", r.Dynamic.Overall);
        Add("group", r.Group.Overall);
        Add("calendar", r.Calendar.Overall);
        var dynamic = new Table("Event study (dynamic aggregation)", multiplier
            ? ["event time", "estimate", "SE", "CI", "uniform band", "multiplier [CI]"]
            : ["event time", "estimate", "SE", "CI", "uniform band"]);
        foreach (var e in r.Dynamic.Elements)
        {
            var row = new List<string> { e.Key?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", Cells.Number(e.Estimate, 4),
                Cells.Number(e.Effect.StandardError, 4), $"[{Cells.Number(e.Effect.CiLow, 4)}, {Cells.Number(e.Effect.CiHigh, 4)}]",
                e.UniformBand is { } b ? $"[{Cells.Number(b.Low, 4)}, {Cells.Number(b.High, 4)}]" : "–" };
            if (multiplier) row.Add(e.Multiplier is { } m ? Cells.Multiplier(m.Value, m.CiLow, m.CiHigh) : "–");
            dynamic.Add([.. row]);
        }
        var pre = r.EventStudyPreTrend();
        return new Summary($"Staggered DiD (Callaway & Sant'Anna) — {r.OutcomeName}",
            [("control group", r.Options.ControlGroup.ToString()), ("method", r.Options.Method.ToString()), ("scale", r.Options.Scale.ToString()),
             ("units (clusters)", Cells.Count(r.UnitCount)), ("observations", Cells.Count(r.ObservationCount)),
             ("cohorts", Cells.Count(r.Cohorts.Count)), ("ATT(g,t) cells", Cells.Count(r.GroupTime.Count)),
             ("confidence level", Cells.Level(r.Options.ConfidenceLevel)),
             ("pre-trend test (6 leads)", pre is null ? "–" : $"χ²({pre.DegreesOfFreedom}) = {Cells.Number(pre.Statistic, 2)}, p = {Cells.PValue(pre.PValue)}")],
            [overall, dynamic]);
    }

    public static Summary Of(TwfeResult r) => new($"Two-way fixed effects — {r.OutcomeName}",
        [("model", $"{r.Options.Model}, {r.Options.OutcomeScale} outcome, {r.Options.Specification}"),
         ("treatment effect", r.Treatment is { } t ? Cells.Interval(t.Estimate, t.CiLow, t.CiHigh) + $" (SE {Cells.Number(t.StandardError, 4)}, p {Cells.PValue(t.PValue)})" : "–"),
         ("multiplier", r.Multiplier is { } m ? Cells.Multiplier(m.Value, m.CiLow, m.CiHigh) : "–"),
         ("observations / clusters", $"{Cells.Count(r.ObservationCount)} / {Cells.Count(r.ClusterCount)}"),
         ("covariance", r.CovarianceType), ("dropped terms", r.DroppedTerms.Count == 0 ? "none" : string.Join(", ", r.DroppedTerms))],
        []);

    public static Summary Of(ImputationDidResult r)
    {
        var horizons = new Table("By months since adoption", ["event time", "multiplier [CI]", "observations"]);
        foreach (var h in r.ByHorizon)
            horizons.Add(h.RelativeTime.ToString(System.Globalization.CultureInfo.InvariantCulture), Cells.Multiplier(h.Multiplier.Value, h.Multiplier.CiLow, h.Multiplier.CiHigh), Cells.Count(h.Observations));
        return new Summary($"Imputation DiD (Borusyak, Jaravel & Spiess) — {r.OutcomeName}",
            [("form", r.Options.Form.ToString()), ("multiplier", Cells.Multiplier(r.Multiplier.Value, r.Multiplier.CiLow, r.Multiplier.CiHigh)),
             ("p-value", Cells.PValue(r.Multiplier.PValue)), ("confidence level", Cells.Level(r.Multiplier.ConfidenceLevel)),
             ("untreated / imputed observations", $"{Cells.Count(r.UntreatedObservations)} / {Cells.Count(r.ImputedObservations)}"),
             ("clusters", Cells.Count(r.ClusterCount))],
            [horizons]);
    }

    public static Summary Of(NaiveBeforeAfterResult r) => new("Naive before/after (what dashboards show)",
        [("multiplier", Cells.Multiplier(r.Multiplier.Value, r.Multiplier.CiLow, r.Multiplier.CiHigh)),
         ("mean before / after", $"{Cells.Number(r.MeanBefore, 3)} / {Cells.Number(r.MeanAfter, 3)}"),
         ("observations before / after", $"{Cells.Count(r.ObservationsBefore)} / {Cells.Count(r.ObservationsAfter)}"),
         ("clusters", Cells.Count(r.ClusterCount)), ("p-value", Cells.PValue(r.Multiplier.PValue))],
        []);

    /// <summary>Rows shown of a DataFrame (as Microsoft.Data.Analysis.Interactive shows them); the caption gives the total.</summary>
    public const int FrameRowsShown = 10;

    /// <summary>The first <see cref="FrameRowsShown"/> rows of a DataFrame; null cells (missing, or suppressed small groups) show blank.</summary>
    public static Table Preview(Microsoft.Data.Analysis.DataFrame frame)
    {
        var table = new Table($"DataFrame: {Cells.Count(frame.Rows.Count)} rows × {Cells.Count(frame.Columns.Count)} columns" +
            (frame.Rows.Count > FrameRowsShown ? $" (first {FrameRowsShown})" : ""), [.. frame.Columns.Select(c => c.Name)]);
        for (long r = 0; r < Math.Min(frame.Rows.Count, FrameRowsShown); r++)
            table.Add([.. frame.Columns.Select(c => c[r] switch
            {
                null => "",
                double d => Cells.Number(d, 3),
                float f => Cells.Number(f, 3),
                IFormattable v => v.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                var v => v.ToString() ?? "",
            })]);
        return table;
    }

    public static Summary Of(Multiplier m) => new("Multiplier",
        [("multiplier", Cells.Multiplier(m.Value, m.CiLow, m.CiHigh)), ("level", Cells.Level(m.ConfidenceLevel)), ("p-value", Cells.PValue(m.PValue))], []);

    public static Summary Of(Effect e) => new("Effect",
        [("estimate [CI]", Cells.Interval(e.Estimate, e.CiLow, e.CiHigh)), ("SE", Cells.Number(e.StandardError, 4)),
         ("level", Cells.Level(e.ConfidenceLevel)), ("p-value", Cells.PValue(e.PValue))], []);
}
