using System.Globalization;
using System.Text.Json;

namespace Modeling.Reporting.Model;

/// <summary>
/// Parses a results.json into <see cref="ResultsDocument"/>. Tolerant by design: an absent field or section
/// becomes null/empty (the page then says it was not estimated); only a document that is not a JSON object fails.
/// </summary>
public static class ResultsReader
{
    public static ResultsDocument Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            string detail = e.Message.Split(" LineNumber:", 2)[0].ReplaceLineEndings(" ").Trim();
            throw new ReportInputException(Messages.NotJson((e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, detail));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ReportInputException(Messages.NotAnObject(root.ValueKind.ToString()));
            return new ResultsDocument
            {
                SchemaVersion = root.Int("schema_version"),
                Seed = root.Long("seed"),
                PeriodUnit = root.Str("period_unit"),
                Tool = root.Obj("tool") is { } t ? new ToolInfo(t.Str("name"), t.Str("version")) : null,
                Data = root.Obj("data") is { } d ? ReadData(d) : null,
                Adoption = root.Obj("adoption") is { } a ? ReadAdoption(a) : null,
                HeadlineEstimator = root.Str("headline_estimator"),
                Effects = root.Rows("effects", ReadEffect) ?? [],
                EventStudy = root.Rows("event_study", e => new EventStudyRow(e.Str("outcome") ?? "", e.Str("estimator"),
                    e.Int("event_time") ?? 0, e.Num("multiplier"), e.Num("ci_low"), e.Num("ci_high"))) ?? [],
                Mandates = root.Rows("mandates", ReadMandate) ?? [],
                Diagnostics = root.Obj("diagnostics") is { } g ? ReadDiagnostics(g) : null,
                DoseResponse = root.Rows("dose_response", r => new DoseResponseRow(r.Str("outcome") ?? "", r.Str("treatment"),
                    r.Num("adoption") ?? double.NaN, r.Num("multiplier"), r.Num("ci_low"), r.Num("ci_high"), r.Bool("extrapolation") ?? false)),
                DoseRange = root.Obj("dose_range") is { } dr ? new DoseRange(dr.Str("treatment"), dr.Num("min"), dr.Num("max")) : null,
                Heterogeneity = root.Rows("heterogeneity", ReadHeterogeneity),
                Refutations = root.Rows("refutations", ReadRefutation),
                GoodhartFlags = root.Rows("goodhart_flags", f => new GoodhartFlag(f.Str("flag") ?? "", f.Str("scope"),
                    f.Int("teams_flagged"), f.Int("teams_checked"), f.Str("evidence"))),
                CounterfactualModels = root.Rows("counterfactual_model", ReadCounterfactual),
                Run = root.Obj("run") is { } run ? new RunInfo(run.Str("as_of")) : null,
            };
        }
    }

    private static DataSummary ReadData(JsonElement d)
    {
        var periods = d.Strings("periods");
        return new DataSummary
        {
            Teams = d.Int("teams"),
            Engineers = d.Int("engineers"),
            FirstPeriod = periods.Count > 0 ? periods[0] : null,
            LastPeriod = periods.Count > 1 ? periods[^1] : null,
            PanelRows = d.Long("panel_rows"),
            RowsRead = d.FileCounts("rows_read"),
            RowsUsed = d.FileCounts("rows_used"),
            RowsRejected = d.FileCounts("rows_rejected"),
            UnavailableOutcomes = d.Strings("unavailable_outcomes"),
            Problems = d.Rows("problems", p => new ProblemCount(p.Str("file") ?? "", p.Str("severity") ?? "", p.Str("rule") ?? "", p.Long("count") ?? 0)),
        };
    }

    private static AdoptionSummary ReadAdoption(JsonElement a) =>
        new(a.Num("threshold"),
            a.Rows("cohorts", c => new Cohort(c.Str("period") ?? "", c.Int("teams") ?? 0)) ?? [],
            a.Int("never_adopted_teams"));

    private static EffectRow ReadEffect(JsonElement e) => new()
    {
        Outcome = e.Str("outcome") ?? "",
        Estimator = e.Str("estimator") ?? "",
        Multiplier = e.Num("multiplier"),
        CiLow = e.Num("ci_low"),
        CiHigh = e.Num("ci_high"),
        CiLevel = e.Num("ci_level"),
        PValue = e.Num("p_value"),
        NTeams = e.Int("n_teams"),
        NObs = e.Long("n_obs"),
        Scale = e.Str("scale"),
        Headline = e.Bool("headline"),
    };

    private static MandateRow ReadMandate(JsonElement m) => new()
    {
        MandateId = m.Str("mandate_id") ?? "",
        Scope = m.Str("scope"),
        Metric = m.Str("metric") ?? "",
        ComparedOutcome = m.Str("compared_outcome"),
        Estimator = m.Str("estimator"),
        TargetMultiplier = m.Num("target_multiplier"),
        Estimate = m.Num("estimate"),
        CiLow = m.Num("ci_low"),
        CiHigh = m.Num("ci_high"),
        ProbabilityTargetMet = m.Num("probability_target_met"),
        Verdict = m.Str("verdict"),
        Reason = m.Str("reason"),
        PretrendPValue = m.Num("pretrend_p_value"),
        AdoptionNeeded = m.Num("adoption_needed"),
        AdoptionNeededStatus = m.Str("adoption_needed_status"),
        QualityCost = m.Rows("quality_cost", q => new QualityCost(q.Str("outcome") ?? "", q.Num("multiplier"), q.Num("ci_low"), q.Num("ci_high"))),
        GoodhartFlags = m.TryGetProperty("goodhart_flags", out var f) && f.ValueKind == JsonValueKind.Array ? m.Strings("goodhart_flags") : null,
        Checked = m.Bool("checked") ?? true,
    };

    private static Diagnostics ReadDiagnostics(JsonElement g)
    {
        var pretrend = new List<(string, double)>();
        if (g.Obj("pretrend_p_value") is { } p)
            foreach (var property in p.EnumerateObject())
                if (property.Value.ValueKind == JsonValueKind.Number) pretrend.Add((property.Name, property.Value.GetDouble()));
        var placebo = new List<PlaceboRow>();
        if (g.Obj("placebo") is { } pl)
            foreach (var property in pl.EnumerateObject())
                if (property.Value.ValueKind == JsonValueKind.Object)
                    placebo.Add(new PlaceboRow(property.Name, property.Value.Num("multiplier"), property.Value.Num("ci_low"),
                        property.Value.Num("ci_high"), property.Value.Num("p_value")));
        return new Diagnostics(pretrend, placebo, g.Strings("warnings"));
    }

    private static HeterogeneityRow ReadHeterogeneity(JsonElement h) => new()
    {
        Outcome = h.Str("outcome") ?? "",
        Dimension = h.Str("dimension") ?? "",
        Group = h.Str("group") ?? "",
        Multiplier = h.Num("multiplier"),
        CiLow = h.Num("ci_low"),
        CiHigh = h.Num("ci_high"),
        NTeams = h.Int("n_teams"),
        Engineers = h.Num("engineers"),
        Suppressed = h.Bool("suppressed") ?? false,
    };

    private static RefutationRow ReadRefutation(JsonElement r) => new()
    {
        Outcome = r.Str("outcome") ?? "",
        Test = r.Str("test") ?? "",
        Parameter = r.Str("parameter"),
        Multiplier = r.Num("multiplier"),
        CiLow = r.Num("ci_low"),
        CiHigh = r.Num("ci_high"),
        PValue = r.Num("p_value"),
        Value = r.Num("value"),
        Passed = r.Bool("passed"),
        Detail = r.Str("detail"),
    };

    private static CounterfactualModel ReadCounterfactual(JsonElement c) => new()
    {
        Outcome = c.Str("outcome") ?? "",
        ModelFile = c.Str("model_file"),
        CvR2 = c.Num("cv_r2"),
        CvMape = c.Num("cv_mape"),
        CvFolds = c.Int("cv_folds"),
        TrainingRows = c.Long("training_rows"),
        SuppressedTeams = c.Int("suppressed_teams"),
        PerTeam = c.Rows("per_team", t => new TeamUplift(t.Str("team_id") ?? "", t.Num("multiplier"), t.Num("ci_low"),
            t.Num("ci_high"), t.Num("engineers"))) ?? [],
    };

    // Small typed accessors: a missing, null or mistyped field reads as null.

    private static JsonElement? Obj(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static double? Num(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static int? Int(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.TryGetInt32(out int i) ? i : (int)Math.Round(v.GetDouble())
            : null;

    private static long? Long(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.TryGetInt64(out long i) ? i : (long)Math.Round(v.GetDouble())
            : null;

    private static bool? Bool(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        } : null;

    private static List<string> Strings(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList()
            : [];

    private static List<T>? Rows<T>(this JsonElement e, string name, Func<JsonElement, T> read) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).Select(read).ToList()
            : null;

    private static List<FileCount> FileCounts(this JsonElement e, string name)
    {
        var counts = new List<FileCount>();
        if (e.Obj(name) is { } o)
            foreach (var property in o.EnumerateObject())
                if (property.Value.ValueKind == JsonValueKind.Number)
                    counts.Add(new FileCount(property.Name, (long)property.Value.GetDouble()));
        return counts;
    }

    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
