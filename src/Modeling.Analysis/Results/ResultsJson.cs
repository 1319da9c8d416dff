using System.Text;
using System.Text.Json;

namespace Modeling.Analysis.Results;

/// <summary>
/// Writes results.json (CONTRACT §4): snake_case, fixed field order, invariant numbers, no timestamps, so the same
/// inputs and seed give the same bytes. Non-finite numbers are written as null.
/// </summary>
public static class ResultsJson
{
    /// <summary>What diagnostics.pretrend_p_value (and each mandate's pretrend_p_value) is.</summary>
    public const string PreTrendTest =
        "headline imputation model (Borusyak, Jaravel & Spiess 2024, test 1) on untreated team-periods with indicators for the 6 periods before adoption; team-clustered Wald test that all are zero";

    public const int SchemaVersion = 1;
    public const string ToolName = "modeling";

    /// <summary>The informational version of this assembly (results.json "tool").</summary>
    public static string ToolVersion { get; } =
        typeof(ResultsJson).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? typeof(ResultsJson).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static void Write(AnalysisResult result, string path)
    {
        var bytes = ToBytes(result);
        Modeling.Panel.AtomicFile.Write(path, temp => File.WriteAllBytes(temp, bytes));
    }

    public static byte[] ToBytes(AnalysisResult r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteStartObject("tool");
            w.WriteString("name", ToolName);
            w.WriteString("version", ToolVersion);
            w.WriteEndObject();
            w.WriteNumber("seed", r.Seed);
            w.WriteString("period_unit", r.Period);

            w.WriteStartObject("data");
            w.WriteNumber("teams", r.Data.Teams);
            w.WriteNumber("engineers", r.Data.Engineers);
            w.WriteStartArray("periods");
            w.WriteStringValue(r.Data.FirstPeriod);
            w.WriteStringValue(r.Data.LastPeriod);
            w.WriteEndArray();
            w.WriteNumber("panel_rows", r.Data.PanelRows);
            w.WriteNumber("min_group_size", r.Data.MinGroupSize);
            WriteCounts(w, "rows_read", r.Data.Files, f => f.RowsRead);
            WriteCounts(w, "rows_used", r.Data.Files, f => f.RowsUsed);
            WriteCounts(w, "rows_rejected", r.Data.Files, f => f.RowsRejected);
            // Physical lines per file beside the rows: a file whose rows swallowed its lines cannot look clean.
            w.WriteStartObject("lines_read");
            foreach (var f in r.Data.Files)
                if (f.LinesRead is { } lines) w.WriteNumber(f.File, lines);
                else w.WriteNull(f.File);
            w.WriteEndObject();
            w.WriteStartArray("unavailable_outcomes");
            foreach (var o in r.Data.UnavailableOutcomes) w.WriteStringValue(o);
            w.WriteEndArray();
            // Why rows were rejected (errors) or kept with a field unknown (warnings): every diagnostic counted by rule.
            w.WriteStartArray("problems");
            foreach (var p in r.Data.Problems)
            {
                w.WriteStartObject();
                w.WriteString("file", p.File);
                w.WriteString("severity", p.SeverityName);
                w.WriteString("rule", p.Rule);
                w.WriteNumber("count", p.Count);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject("adoption");
            Number(w, "threshold", r.Adoption.Threshold);
            w.WriteStartArray("cohorts");
            foreach (var c in r.Adoption.Cohorts)
            {
                w.WriteStartObject();
                w.WriteString("period", c.Period);
                w.WriteNumber("teams", c.Teams);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("never_adopted_teams", r.Adoption.NeverAdoptedTeams);
            w.WriteEndObject();

            w.WriteString("headline_estimator", Messages.HeadlineEstimator);
            w.WriteStartArray("effects");
            foreach (var e in r.Effects)
            {
                w.WriteStartObject();
                w.WriteString("outcome", e.Outcome);
                w.WriteString("estimator", e.Estimator);
                Number(w, "multiplier", e.Multiplier);
                Number(w, "ci_low", e.CiLow);
                Number(w, "ci_high", e.CiHigh);
                Number(w, "ci_level", e.CiLevel);
                Number(w, "p_value", e.PValue);
                w.WriteNumber("n_teams", e.NTeams);
                w.WriteNumber("n_obs", e.NObs);
                w.WriteString("scale", e.Scale);
                w.WriteBoolean("headline", e.Headline);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("event_study");
            foreach (var e in r.EventStudy)
            {
                w.WriteStartObject();
                w.WriteString("outcome", e.Outcome);
                w.WriteString("estimator", OutcomeEstimation.StaggeredName);
                w.WriteNumber("event_time", e.EventTime);
                Number(w, "multiplier", e.Multiplier);
                Number(w, "ci_low", e.CiLow);
                Number(w, "ci_high", e.CiHigh);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("mandates");
            foreach (var m in r.Mandates)
            {
                w.WriteStartObject();
                w.WriteString("mandate_id", m.MandateId);
                w.WriteString("scope", m.Scope);
                w.WriteString("metric", m.Metric);
                w.WriteString("compared_outcome", m.ComparedOutcome);
                w.WriteString("estimator", m.Estimator);
                Number(w, "target_multiplier", m.TargetMultiplier);
                Number(w, "estimate", m.Estimate);
                Number(w, "ci_low", m.CiLow);
                Number(w, "ci_high", m.CiHigh);
                Number(w, "probability_target_met", m.ProbabilityTargetMet);
                w.WriteString("verdict", m.Verdict);
                w.WriteString("reason", m.Reason);
                w.WriteBoolean("checked", m.Checked);
                Number(w, "pretrend_p_value", m.PreTrendPValue);
                Number(w, "adoption_needed", m.AdoptionNeeded);
                if (m.AdoptionNeededStatus is null) w.WriteNull("adoption_needed_status");
                else w.WriteString("adoption_needed_status", m.AdoptionNeededStatus);
                w.WriteStartArray("quality_cost");
                foreach (var q in m.QualityCost)
                {
                    w.WriteStartObject();
                    w.WriteString("outcome", q.Outcome);
                    Number(w, "multiplier", q.Multiplier);
                    Number(w, "ci_low", q.CiLow);
                    Number(w, "ci_high", q.CiHigh);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("goodhart_flags");
                foreach (var f in m.GoodhartFlags) w.WriteStringValue(f);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();

            ExtendedResultsJson.Write(w, r);

            w.WriteStartObject("diagnostics");
            w.WriteString("pretrend_test", PreTrendTest);
            w.WriteStartObject("pretrend_p_value");
            foreach (var (outcome, p) in r.PreTrendPValues.OrderBy(kv => kv.Key, StringComparer.Ordinal)) Number(w, outcome, p);
            w.WriteEndObject();
            w.WriteStartObject("placebo");
            foreach (var (outcome, p) in r.Placebo.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(outcome);
                Number(w, "multiplier", p.Multiplier);
                Number(w, "ci_low", p.CiLow);
                Number(w, "ci_high", p.CiHigh);
                Number(w, "p_value", p.PValue);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartArray("warnings");
            foreach (var s in r.Warnings) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteEndObject();

            r.Run?.WriteJson(w); // "run": retrain only (issue 7)
            w.WriteEndObject();
        }
        buffer.Write(Encoding.UTF8.GetBytes("\n"));
        return buffer.ToArray();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyList<FileCount> files, Func<FileCount, long> value)
    {
        w.WriteStartObject(name);
        foreach (var f in files) w.WriteNumber(f.File, value(f));
        w.WriteEndObject();
    }

    /// <summary>Rounded to 10 significant digits: stable across platforms' last-bit differences, far below any interval.</summary>
    internal static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v && double.IsFinite(v)) w.WriteNumber(name, double.Parse(v.ToString("G10", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }
}
