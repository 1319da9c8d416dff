using System.Globalization;
using System.Text;
using System.Text.Json;
using Modeling.Results;

namespace Modeling.Runs;

/// <summary>An effect whose multiplier now lies outside the previous run's interval for the same outcome and estimator.</summary>
public sealed record EffectMove(string Outcome, string Estimator, bool Headline,
    double PreviousMultiplier, double PreviousCiLow, double PreviousCiHigh, double Multiplier, double CiLow, double CiHigh)
{
    public string Direction => Multiplier > PreviousCiHigh ? "up" : "down";
}

/// <summary>An adoption cohort that is new (<see cref="PreviousTeams"/> null) or whose size changed.</summary>
public sealed record CohortChange(string Period, int? PreviousTeams, int Teams);

/// <summary>
/// Rows of one input file in the previous and the current run (null = file absent): <see cref="Rows"/> counts the rows
/// the fit could use (used, not rejected, dated up to the as-of cut-off), <see cref="RowsRead"/> all rows read.
/// </summary>
public sealed record VolumeChange(string File, long? PreviousRows, long? Rows, long? PreviousRowsRead, long? RowsRead)
{
    public double? RelativeChange => PreviousRows is > 0 && Rows is long r ? (double)r / PreviousRows.Value - 1 : null;
}

/// <summary>A mandate whose verdict changed.</summary>
public sealed record VerdictChange(string MandateId, string? PreviousVerdict, string Verdict);

/// <summary>Cross-validated accuracy of one counterfactual model in both runs.</summary>
public sealed record AccuracyDrift(string Outcome, double? PreviousCvR2, double? CvR2, double? PreviousCvMape, double? CvMape, bool Degraded);

/// <summary>What changed since the previous complete run (changes.json, changes.txt).</summary>
public sealed record RunChanges(
    string AsOf,
    string? PreviousAsOf,
    string[] Periods,
    string[]? PreviousPeriods,
    int EffectsCompared,
    IReadOnlyList<EffectMove> EffectsMoved,
    IReadOnlyList<string> EffectsNew,
    IReadOnlyList<string> EffectsGone,
    IReadOnlyList<CohortChange> Cohorts,
    IReadOnlyList<VolumeChange> DataVolume,
    IReadOnlyList<VerdictChange> Verdicts,
    IReadOnlyList<AccuracyDrift> ModelAccuracy);

/// <summary>
/// Compares a run's results with the previous complete run's. Both are read through <see cref="ResultsJson"/>, which
/// leaves fields a run did not write at their defaults, so runs written by an older tool version compare too.
/// An effect "moved" when its new multiplier lies outside the previous run's confidence interval — a change the previous
/// estimate's own uncertainty does not explain. A model's accuracy "degraded" when its cross-validated R² fell by more
/// than <see cref="R2Drop"/> or its MAPE rose by more than <see cref="MapeRise"/> (relative).
/// </summary>
public static class RunComparison
{
    public const string JsonFileName = "changes.json";
    public const string TextFileName = "changes.txt";
    public const double R2Drop = 0.05;
    public const double MapeRise = 0.20;

    public static RunChanges Compare(string asOf, ResultsDocument current, string? previousAsOf, ResultsDocument? previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        var periods = Periods(current);
        if (previous is null)
            return new RunChanges(asOf, null, periods, null, 0, [], [], [], Cohorts(current, null), Volume(current, null), [], []);

        var before = Effects(previous);
        var after = Effects(current);
        var moved = new List<EffectMove>();
        int compared = 0;
        foreach (var (key, now) in after)
        {
            if (!before.TryGetValue(key, out var then)) continue;
            if (!double.IsFinite(now.M) || !double.IsFinite(then.Lo) || !double.IsFinite(then.Hi)) continue;
            compared++;
            if (now.M < then.Lo || now.M > then.Hi)
                moved.Add(new EffectMove(key.Outcome, key.Estimator, now.Headline, then.M, then.Lo, then.Hi, now.M, now.Lo, now.Hi));
        }
        var added = after.Keys.Where(k => !before.ContainsKey(k)).Select(k => k.Outcome + " (" + k.Estimator + ")").Order(StringComparer.Ordinal).ToList();
        var gone = before.Keys.Where(k => !after.ContainsKey(k)).Select(k => k.Outcome + " (" + k.Estimator + ")").Order(StringComparer.Ordinal).ToList();
        return new RunChanges(asOf, previousAsOf, periods, Periods(previous), compared,
            [.. moved.OrderByDescending(m => m.Headline).ThenBy(m => m.Outcome, StringComparer.Ordinal).ThenBy(m => m.Estimator, StringComparer.Ordinal)],
            added, gone, Cohorts(current, previous), Volume(current, previous), Verdicts(current, previous), Accuracy(current, previous));
    }

    private readonly record struct EffectKey(string Outcome, string Estimator);

    private readonly record struct EffectValue(double M, double Lo, double Hi, bool Headline);

    private static Dictionary<EffectKey, EffectValue> Effects(ResultsDocument results)
    {
        var map = new Dictionary<EffectKey, EffectValue>();
        foreach (var e in results.Effects)
            map.TryAdd(new EffectKey(e.Outcome, e.Estimator),
                new EffectValue(e.Multiplier ?? double.NaN, e.CiLow ?? double.NaN, e.CiHigh ?? double.NaN, e.Headline));
        return map;
    }

    private static string[] Periods(ResultsDocument results) => [.. results.Data?.Periods ?? []];

    private static List<CohortChange> Cohorts(ResultsDocument current, ResultsDocument? previous)
    {
        var before = CohortSizes(previous);
        var list = new List<CohortChange>();
        foreach (var (period, teams) in CohortSizes(current))
        {
            int? then = before.TryGetValue(period, out var n) ? n : null;
            if (then != teams) list.Add(new CohortChange(period, then, teams));
        }
        return list;
    }

    private static SortedDictionary<string, int> CohortSizes(ResultsDocument? results)
    {
        var map = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in results?.Adoption?.Cohorts ?? []) map[c.Period] = c.Teams;
        return map;
    }

    private static List<VolumeChange> Volume(ResultsDocument current, ResultsDocument? previous)
    {
        var now = RowCounts(current);
        var then = previous is null ? [] : RowCounts(previous);
        var files = now.Keys.Concat(then.Keys).Distinct().ToList(); // reading order of the current run, then vanished files
        return [.. files.Select(f =>
        {
            bool hadIt = then.TryGetValue(f, out var a), hasIt = now.TryGetValue(f, out var b);
            return new VolumeChange(f, hadIt ? a.InWindow : null, hasIt ? b.InWindow : null, hadIt ? a.Read : null, hasIt ? b.Read : null);
        })];
    }

    /// <summary>Per file: rows read, and rows the fit could use (rows_used minus run.rows_after_as_of).</summary>
    private static Dictionary<string, (long Read, long InWindow)> RowCounts(ResultsDocument results)
    {
        var map = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        if (results.Data is not { } data) return map;
        var after = results.Run?.RowsAfterAsOf;
        foreach (var (file, read) in data.RowsRead)
        {
            long used = data.RowsUsed.TryGetValue(file, out var u) ? u : read;
            long later = after is not null && after.TryGetValue(file, out var n) ? n : 0;
            map[file] = (read, used - later);
        }
        return map;
    }

    private static List<VerdictChange> Verdicts(ResultsDocument current, ResultsDocument previous)
    {
        var before = MandateVerdicts(previous);
        return [.. MandateVerdicts(current)
            .Where(kv => !before.TryGetValue(kv.Key, out var v) || v != kv.Value)
            .Select(kv => new VerdictChange(kv.Key, before.GetValueOrDefault(kv.Key), kv.Value))];
    }

    private static SortedDictionary<string, string> MandateVerdicts(ResultsDocument results)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in results.Mandates) map[m.MandateId] = m.Verdict ?? "";
        return map;
    }

    private static List<AccuracyDrift> Accuracy(ResultsDocument current, ResultsDocument previous)
    {
        var before = Models(previous);
        var list = new List<AccuracyDrift>();
        foreach (var (outcome, (r2, mape)) in Models(current))
        {
            if (!before.TryGetValue(outcome, out var then)) continue;
            bool degraded = (then.R2 is double a && r2 is double b && a - b > R2Drop)
                            || (then.Mape is double m0 && mape is double m1 && m0 > 0 && m1 / m0 - 1 > MapeRise);
            list.Add(new AccuracyDrift(outcome, then.R2, r2, then.Mape, mape, degraded));
        }
        return list;
    }

    private static SortedDictionary<string, (double? R2, double? Mape)> Models(ResultsDocument results)
    {
        var map = new SortedDictionary<string, (double?, double?)>(StringComparer.Ordinal);
        foreach (var m in results.CounterfactualModels ?? []) map[m.Outcome] = (m.CvR2, m.CvMape);
        return map;
    }

    // ---- Output -------------------------------------------------------------------------------------------------------

    public static byte[] ToJson(RunChanges r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", 1);
            w.WriteString("as_of", r.AsOf);
            if (r.PreviousAsOf is null) w.WriteNull("previous_as_of");
            else w.WriteString("previous_as_of", r.PreviousAsOf);
            Strings(w, "periods", r.Periods);
            if (r.PreviousPeriods is null) w.WriteNull("previous_periods");
            else Strings(w, "previous_periods", r.PreviousPeriods);

            w.WriteStartObject("effects");
            w.WriteNumber("compared", r.EffectsCompared);
            w.WriteStartArray("moved_beyond_previous_interval");
            foreach (var m in r.EffectsMoved)
            {
                w.WriteStartObject();
                w.WriteString("outcome", m.Outcome);
                w.WriteString("estimator", m.Estimator);
                w.WriteBoolean("headline", m.Headline);
                w.WriteString("direction", m.Direction);
                Num(w, "previous_multiplier", m.PreviousMultiplier);
                Num(w, "previous_ci_low", m.PreviousCiLow);
                Num(w, "previous_ci_high", m.PreviousCiHigh);
                Num(w, "multiplier", m.Multiplier);
                Num(w, "ci_low", m.CiLow);
                Num(w, "ci_high", m.CiHigh);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Strings(w, "new", r.EffectsNew);
            Strings(w, "gone", r.EffectsGone);
            w.WriteEndObject();

            w.WriteStartArray("cohorts");
            foreach (var c in r.Cohorts)
            {
                w.WriteStartObject();
                w.WriteString("period", c.Period);
                w.WriteString("change", c.PreviousTeams is null ? "new" : "resized");
                if (c.PreviousTeams is int pt) w.WriteNumber("previous_teams", pt);
                else w.WriteNull("previous_teams");
                w.WriteNumber("teams", c.Teams);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("data_volume");
            foreach (var v in r.DataVolume)
            {
                w.WriteStartObject();
                w.WriteString("file", v.File);
                Count(w, "previous_rows", v.PreviousRows);
                Count(w, "rows", v.Rows);
                if (v.PreviousRows is long a && v.Rows is long b) w.WriteNumber("change", b - a);
                else w.WriteNull("change");
                Num(w, "relative_change", v.RelativeChange);
                Count(w, "previous_rows_read", v.PreviousRowsRead);
                Count(w, "rows_read", v.RowsRead);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("verdicts_changed");
            foreach (var v in r.Verdicts)
            {
                w.WriteStartObject();
                w.WriteString("mandate_id", v.MandateId);
                if (v.PreviousVerdict is null) w.WriteNull("previous_verdict");
                else w.WriteString("previous_verdict", v.PreviousVerdict);
                w.WriteString("verdict", v.Verdict);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("model_accuracy");
            foreach (var m in r.ModelAccuracy)
            {
                w.WriteStartObject();
                w.WriteString("outcome", m.Outcome);
                Num(w, "previous_cv_r2", m.PreviousCvR2);
                Num(w, "cv_r2", m.CvR2);
                Num(w, "previous_cv_mape", m.PreviousCvMape);
                Num(w, "cv_mape", m.CvMape);
                w.WriteBoolean("degraded", m.Degraded);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>A few plain lines for the scheduler's mail or log.</summary>
    public static string ToText(RunChanges r)
    {
        var s = new StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        if (r.PreviousAsOf is null)
        {
            s.Append(ic, $"Run {r.AsOf} (periods {string.Join(" to ", r.Periods)}). ").Append(Messages.NoPreviousRun).Append('\n');
            return s.ToString();
        }
        s.Append(ic, $"Run {r.AsOf} compared with run {r.PreviousAsOf} (periods {string.Join(" to ", r.Periods)}, previously {string.Join(" to ", r.PreviousPeriods ?? [])}).\n");
        s.Append(ic, $"Effects: {r.EffectsMoved.Count} of {r.EffectsCompared} moved beyond the previous run's interval.\n");
        foreach (var m in r.EffectsMoved)
            s.Append(ic, $"  {m.Outcome} ({m.Estimator}{(m.Headline ? ", headline" : "")}): {F(m.Multiplier)} [{F(m.CiLow)}, {F(m.CiHigh)}], was {F(m.PreviousMultiplier)} [{F(m.PreviousCiLow)}, {F(m.PreviousCiHigh)}] ({m.Direction})\n");
        if (r.EffectsNew.Count > 0) s.Append(ic, $"New estimates: {string.Join(", ", r.EffectsNew)}.\n");
        if (r.EffectsGone.Count > 0) s.Append(ic, $"No longer estimated: {string.Join(", ", r.EffectsGone)}.\n");
        var newCohorts = r.Cohorts.Where(c => c.PreviousTeams is null).ToList();
        s.Append(newCohorts.Count == 0 ? "New adoption cohorts: none.\n"
            : "New adoption cohorts: " + string.Join(", ", newCohorts.Select(c => string.Create(ic, $"{c.Period} ({c.Teams} teams)"))) + ".\n");
        foreach (var c in r.Cohorts.Where(c => c.PreviousTeams is not null))
            s.Append(ic, $"Cohort {c.Period} changed size: {c.PreviousTeams} -> {c.Teams} teams.\n");
        s.Append("Data volume (rows up to the as-of month, used in the fit): ").Append(string.Join("; ", r.DataVolume.Select(v => string.Create(ic,
            $"{v.File} {(v.PreviousRows is long a ? a.ToString(ic) : "absent")} -> {(v.Rows is long b ? b.ToString(ic) : "absent")}{(v.RelativeChange is double d ? " (" + d.ToString("+0.0%;-0.0%;0.0%", ic) + ")" : "")}")))).Append(".\n");
        s.Append(r.Verdicts.Count == 0 ? "Mandate verdicts: unchanged.\n"
            : "Mandate verdicts changed: " + string.Join("; ", r.Verdicts.Select(v => $"{v.MandateId} {v.PreviousVerdict ?? "(new)"} -> {v.Verdict}")) + ".\n");
        if (r.ModelAccuracy.Count == 0) s.Append("Model accuracy: no counterfactual model in both runs.\n");
        else
            foreach (var m in r.ModelAccuracy)
                s.Append(ic, $"Model accuracy {m.Outcome}: CV R² {F(m.PreviousCvR2)} -> {F(m.CvR2)}, MAPE {F(m.PreviousCvMape)} -> {F(m.CvMape)}{(m.Degraded ? " (degraded)" : "")}.\n");
        return s.ToString();
    }

    private static string F(double? v) => v is double d && double.IsFinite(d) ? d.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void Num(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v && double.IsFinite(v)) w.WriteNumber(name, double.Parse(v.ToString("G10", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }

    private static void Count(Utf8JsonWriter w, string name, long? value)
    {
        if (value is long v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
