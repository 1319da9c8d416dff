using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Files;
using Modeling.Ingest.Output;
using Modeling.Ingest.Parsing;
using Modeling.Ingest.Staging;

namespace Modeling.Ingest.Copilot;

/// <summary>
/// Reads GitHub Copilot usage-metrics per-user daily reports (one record per user and day, in any of the shapes
/// <see cref="CopilotRecords"/> accepts: NDJSON, a record, an array, the report envelope with <c>day_totals</c>) and
/// maps them onto ai_usage rows with tool = copilot.
///
/// Mapping (field names from GitHub's "Copilot usage metrics" reference and the organisation user reports, 1-day and
/// 28-day, as copilot-metrics-viewer ships them):
/// <list type="bullet">
/// <item><c>day</c> → date; the engineer is <c>user_login</c> or <c>user_id</c> — whichever is on the roster, else
/// <c>user_login</c>, else <c>user_id</c> — pseudonymised like every engineer id.</item>
/// <item>The counts are the feature totals of <c>totals_by_feature</c> (the record's top-level totals are their sum).
/// <c>totals_by_model_feature</c> only apportions them: each model of a feature gets its own row, and what the models do
/// not account for goes to a row with model unknown. A breakdown that exceeds its feature total is not used (warning
/// <c>model_breakdown_above_total</c>; the total is kept with model unknown). Model entries of a feature absent from
/// <c>totals_by_feature</c> (GitHub's <c>others</c> lump, already inside the feature totals) are not counted (one note
/// per file). Without either breakdown, the top-level totals give one row with model and feature unknown.</item>
/// <item>Feature: <c>code_completion</c> → completion; <c>chat_panel_ask_mode</c>, <c>chat_panel_edit_mode</c>,
/// <c>chat_panel_plan_mode</c>, <c>chat_panel_unknown_mode</c>, <c>chat_inline</c> → chat; <c>chat_panel_agent_mode</c>,
/// <c>chat_panel_custom_mode</c>, <c>agent_edit</c> → agent; <c>copilot_cli</c> → cli; names containing <c>review</c> →
/// review; anything else → other. Entries mapping to the same model and feature are summed.</item>
/// <item>Counts: <c>user_initiated_interaction_count</c> → interactions, except for code completion, where GitHub
/// counts no user-initiated prompts and every shown completion (<c>code_generation_activity_count</c>) is the
/// interaction; <c>code_generation_activity_count</c> → suggestions; <c>code_acceptance_activity_count</c> →
/// acceptances; <c>loc_suggested_to_add_sum</c> → lines_suggested; <c>loc_added_sum</c> → lines_accepted (it includes
/// agent edits, so it may exceed lines_suggested). A missing interaction count is 0; other missing counts are unknown.</item>
/// <item>CLI, counted once: <c>totals_by_cli</c> describes the same CLI use as the <c>copilot_cli</c> feature. When
/// <c>totals_by_feature</c> has <c>copilot_cli</c>, its prompts are the interactions and <c>totals_by_cli</c> adds only
/// <c>session_count</c> → agent_sessions (on the cli row with model unknown); otherwise <c>totals_by_cli</c> gives the
/// cli row: <c>prompt_count</c> → interactions, <c>session_count</c> → agent_sessions.</item>
/// <item>Coding agent: <c>used_copilot_coding_agent</c> or <c>used_copilot_cloud_agent</c> true → one agent row with model
/// unknown, 1 interaction and 1 agent_session (GitHub gives only the flag: a lower bound, and an agent-only day still
/// counts as a day of use).</item>
/// <item>Not mapped: <c>used_agent</c>/<c>used_chat</c>/<c>used_cli</c> (implied by the rows), lines deleted, IDE and
/// language breakdowns, CLI requests and tokens, <c>ai_credits_used</c>, <c>ai_adoption_phase</c>, code-review flags (no
/// count to give), the envelope's report dates and ids.</item>
/// </list>
/// A user and day seen again (overlapping exports: a 1-day report inside a 28-day one) with the same rows is counted
/// once: the repeat is used but stages nothing (one note per file); with different rows it is a conflict, and the later
/// record is rejected. Lines are those where a record starts (NDJSON: its line; a document: the line of its '{').
/// </summary>
internal sealed class CopilotReportReader(IngestState state, AiUsageReader usage, DiagnosticLog log)
{
    public const string Tool = "copilot";
    private const string CliFeature = "copilot_cli";
    private readonly Dictionary<long, (string File, long Line, ulong Fingerprint)> _userDays = [];
    private long _identical, _modelOnly;

    public FileReport Read(InputFile file, string? rejectsFolder)
    {
        long read = 0, used = 0, rejected = 0, staged = 0;
        _identical = 0;
        _modelOnly = 0;
        string? rejectsPath = rejectsFolder is null ? null : Path.Combine(rejectsFolder, file.RelativeName);
        StreamWriter? rejects = null;
        var errors = new List<Diagnostic>();
        try
        {
            foreach (var (line, json) in CopilotRecords.Read(file.Path, file.RelativeName))
            {
                read++;
                errors.Clear();
                var rows = new List<AiUsageRow>();
                if (json is null)
                    Error(errors, file, line, "", Messages.FoundNotJson, Messages.ExpectJsonObject, Rules.MalformedJson);
                else
                    Map(json, file, line, errors, rows);

                if (errors.Count == 0)
                {
                    used++;
                    staged += rows.Count;
                    foreach (var row in rows) state.Sink?.Add(row);
                }
                else
                {
                    rejected++;
                    if (rejectsPath is not null)
                    {
                        if (rejects is null)
                        {
                            Directory.CreateDirectory(Path.GetDirectoryName(rejectsPath)!);
                            rejects = new StreamWriter(rejectsPath, false, new UTF8Encoding(false)) { NewLine = "\n" };
                        }
                        rejects.WriteLine(RejectLine(json, line, Messages.RejectReason(errors)));
                    }
                }
            }
        }
        catch (IOException e)
        {
            throw new DataFolderException(Messages.Unreadable(file.RelativeName, e.Message), null, e);
        }
        finally
        {
            rejects?.Dispose();
        }
        if (_identical > 0)
            log.Add(new Diagnostic(file.RelativeName, 0, "", Messages.FoundIdenticalUserDays(_identical), Messages.ExpectIdenticalUserDaysOnce, Severity.Note, Rules.IdenticalUserDay));
        if (_modelOnly > 0)
            log.Add(new Diagnostic(file.RelativeName, 0, "totals_by_model_feature", Messages.FoundModelOnlyEntries(_modelOnly), Messages.ExpectModelEntriesWithinFeatures, Severity.Note, Rules.ModelBreakdownWithoutTotal));
        usage.ReportOffRoster(file.RelativeName, log.Add);
        return new FileReport("ai_usage", file.RelativeName, FileFormat.CopilotNdjson, read, used, rejected, staged, rejects is null ? null : rejectsPath);
    }

    private void Map(JsonObject json, InputFile file, long line, List<Diagnostic> errors, List<AiUsageRow> rows)
    {
        var dayText = json["day"] is JsonValue dv && dv.TryGetValue<string>(out var ds) ? ds : null;
        DateOnly day = default;
        if (dayText is null) Error(errors, file, line, "day", "", Messages.ExpectDate, Rules.MissingValue);
        else if (!FieldParser.TryDate(Encoding.UTF8.GetBytes(dayText), out day))
            Error(errors, file, line, "day", Shown(dayText), Messages.ExpectDate, Rules.InvalidValue);

        var (idField, rawId) = ChooseUser(json);
        if (rawId is null) Error(errors, file, line, "user_login", "", Messages.ExpectNonEmpty, Rules.MissingValue);

        var combined = Combine(json, file, line, errors);
        if (errors.Count > 0 || rawId is null) return;

        var key = state.Engineers.KeyOf(Encoding.UTF8.GetBytes(rawId));
        var userDay = ((long)key << 32) | (uint)day.DayNumber;
        var ordered = combined.OrderBy(k => k.Key.Model, StringComparer.Ordinal).ThenBy(k => k.Key.Feature, StringComparer.Ordinal).ToList();
        var fingerprint = Fingerprint(ordered);
        if (_userDays.TryGetValue(userDay, out var first))
        {
            // Overlapping exports (a 1-day report inside a 28-day one) repeat user-days: the same counts are one user-day.
            if (first.Fingerprint == fingerprint) { _identical++; return; }
            Error(errors, file, line, idField!, state.Engineers.PseudonymOf(key), Messages.ExpectNewUserDay(first.File, first.Line), Rules.DuplicateId);
            return;
        }
        _userDays.Add(userDay, (file.RelativeName, line, fingerprint));
        foreach (var ((model, feature), c) in ordered)
        {
            int? acceptances = c.Acceptances;
            if (acceptances is { } a && c.Suggestions is { } s && a > s)
            {
                log.Add(new Diagnostic(file.RelativeName, line, "code_acceptance_activity_count", a.ToString(CultureInfo.InvariantCulture),
                    Messages.ExpectAtMost("code_generation_activity_count", s), Severity.Warning, Rules.AcceptancesAboveSuggestions));
                acceptances = null;
            }
            usage.CountOffRoster(key);
            rows.Add(new AiUsageRow(day, key, Tool, model is null ? null : state.Text.Get(Encoding.UTF8.GetBytes(model)), feature,
                c.Interactions, c.Suggestions, acceptances, c.LinesSuggested, c.LinesAccepted, c.AgentSessions));
        }
    }

    /// <summary>The record's counts per model and contract feature (see the mapping above).</summary>
    private Dictionary<(string? Model, string? Feature), Counts> Combine(JsonObject json, InputFile file, long line, List<Diagnostic> errors)
    {
        var combined = new Dictionary<(string? Model, string? Feature), Counts>();
        var modelFeatures = json["totals_by_model_feature"] as JsonArray ?? [];
        var features = json["totals_by_feature"] as JsonArray ?? [];
        var featureNames = features.OfType<JsonObject>().Select(e => Str(e, "feature")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var breakdowns = new Dictionary<string, List<(string? Model, Counts Counts)>>(StringComparer.Ordinal);
        for (var i = 0; i < modelFeatures.Count; i++)
        {
            if (modelFeatures[i] is not JsonObject e) continue;
            var feature = Str(e, "feature");
            if (feature is null || !featureNames.Contains(feature)) { _modelOnly++; continue; }
            if (!breakdowns.TryGetValue(feature, out var parts)) breakdowns[feature] = parts = [];
            parts.Add((Str(e, "model"), ReadCounts(e, feature, $"totals_by_model_feature[{i}].", file, line, errors)));
        }
        for (var i = 0; i < features.Count; i++)
        {
            if (features[i] is not JsonObject e) continue;
            var feature = Str(e, "feature");
            var total = ReadCounts(e, feature, $"totals_by_feature[{i}].", file, line, errors);
            var mapped = MapFeature(feature);
            if (feature is null || !breakdowns.Remove(feature, out var parts)) { Add(combined, null, mapped, total); continue; }
            Apportion(combined, mapped, feature, total, parts, file, line);
        }
        if (modelFeatures.Count == 0 && features.Count == 0)
        {
            var top = ReadCounts(json, null, "", file, line, errors);
            if (top.Any) Add(combined, null, null, top);
        }
        if (json["totals_by_cli"] is JsonObject cli)
        {
            var prompts = Count(cli, "prompt_count", "totals_by_cli.", file, line, errors, required: false);
            var sessions = Count(cli, "session_count", "totals_by_cli.", file, line, errors, required: false);
            // copilot_cli in totals_by_feature already counts the prompts; totals_by_cli then adds only the sessions.
            var counted = featureNames.Contains(CliFeature);
            Add(combined, null, "cli", new Counts(counted ? 0 : prompts ?? 0, null, null, null, null, sessions, !counted));
        }
        if (Flag(json, "used_copilot_coding_agent") || Flag(json, "used_copilot_cloud_agent"))
            Add(combined, null, "agent", new Counts(1, null, null, null, null, 1, true));
        return combined;
    }

    /// <summary>
    /// The feature total is the count; the model entries say how much of it each model had and the rest goes to model
    /// unknown. A breakdown that exceeds its total is inconsistent and is not used (warning): the total is kept unsplit.
    /// </summary>
    private void Apportion(Dictionary<(string?, string?), Counts> combined, string? mapped, string feature, Counts total,
        List<(string? Model, Counts Counts)> parts, InputFile file, long line)
    {
        var sum = parts.Select(p => p.Counts).Aggregate(Plus);
        foreach (var (field, part, whole) in new (string, int?, int?)[]
                 {
                     ("user_initiated_interaction_count", sum.Interactions, total.Interactions),
                     ("code_generation_activity_count", sum.Suggestions, total.Suggestions),
                     ("code_acceptance_activity_count", sum.Acceptances, total.Acceptances),
                     ("loc_suggested_to_add_sum", sum.LinesSuggested, total.LinesSuggested),
                     ("loc_added_sum", sum.LinesAccepted, total.LinesAccepted),
                 })
        {
            if (part is not { } p || whole is not { } w || p <= w) continue;
            log.Add(new Diagnostic(file.RelativeName, line, "totals_by_model_feature." + field, p.ToString(CultureInfo.InvariantCulture),
                Messages.ExpectBreakdownWithinTotal(feature, w), Severity.Warning, Rules.ModelBreakdownAboveTotal));
            Add(combined, null, mapped, total);
            return;
        }
        foreach (var (model, counts) in parts) Add(combined, model, mapped, counts);
        var rest = new Counts(total.Interactions - sum.Interactions, Minus(total.Suggestions, sum.Suggestions), Minus(total.Acceptances, sum.Acceptances),
            Minus(total.LinesSuggested, sum.LinesSuggested), Minus(total.LinesAccepted, sum.LinesAccepted), null, false);
        if (rest.Interactions > 0 || rest.Suggestions > 0 || rest.Acceptances > 0 || rest.LinesSuggested > 0 || rest.LinesAccepted > 0)
            Add(combined, null, mapped, rest with { Any = true });
    }

    private static int? Minus(int? whole, int? part) => whole is { } w ? w - (part ?? 0) : null;

    private static bool Flag(JsonObject json, string name) => json[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>A 64-bit FNV-1a hash of a user-day's mapped rows: equal rows, equal hash (the duplicate check needs no more).</summary>
    private static ulong Fingerprint(List<KeyValuePair<(string? Model, string? Feature), Counts>> rows)
    {
        var hash = 14695981039346656037UL;
        foreach (var ((model, feature), c) in rows)
            foreach (var ch in $"{model}\u001f{feature}\u001f{c}\u001e")
                hash = (hash ^ ch) * 1099511628211UL;
        return hash;
    }

    /// <summary>user_login or user_id, preferring the one the roster knows (rosters carry either).</summary>
    private (string? Field, string? Raw) ChooseUser(JsonObject json)
    {
        var login = json["user_login"] is JsonValue l && l.TryGetValue<string>(out var ls) && ls.Length > 0 ? ls : null;
        string? id = json["user_id"] switch
        {
            JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
            JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
            _ => null,
        };
        if (login is not null && IsOnRoster(login)) return ("user_login", login);
        if (id is not null && IsOnRoster(id)) return ("user_id", id);
        return login is not null ? ("user_login", login) : (id is not null ? ("user_id", id) : (null, null));
    }

    private bool IsOnRoster(string raw)
    {
        var key = state.Engineers.Find(Encoding.UTF8.GetBytes(raw));
        return key >= 0 && key < state.RosterEngineers;
    }

    private readonly record struct Counts(int Interactions, int? Suggestions, int? Acceptances, int? LinesSuggested, int? LinesAccepted, int? AgentSessions, bool Any);

    private Counts ReadCounts(JsonObject e, string? feature, string prefix, InputFile file, long line, List<Diagnostic> errors)
    {
        var prompts = Count(e, "user_initiated_interaction_count", prefix, file, line, errors, required: true);
        var generations = Count(e, "code_generation_activity_count", prefix, file, line, errors, required: false);
        var acceptances = Count(e, "code_acceptance_activity_count", prefix, file, line, errors, required: false);
        var suggested = Count(e, "loc_suggested_to_add_sum", prefix, file, line, errors, required: false);
        var added = Count(e, "loc_added_sum", prefix, file, line, errors, required: false);
        var interactions = feature == "code_completion" ? generations ?? 0 : prompts ?? 0;
        var any = interactions > 0 || generations > 0 || acceptances > 0 || suggested > 0 || added > 0;
        return new Counts(interactions, generations, acceptances, suggested, added, null, any);
    }

    /// <summary>A count field: missing = null; negative or not a whole number = error when required, warning (unknown) otherwise.</summary>
    private int? Count(JsonObject e, string name, string prefix, InputFile file, long line, List<Diagnostic> errors, bool required)
    {
        var node = e[name];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<long>(out var n) && n >= 0 && n <= int.MaxValue) return (int)n;
        if (node is JsonValue d && d.TryGetValue<double>(out var x) && x >= 0 && x <= int.MaxValue && x == Math.Floor(x)) return (int)x;
        var shown = Shown(node.ToJsonString());
        var negative = node is JsonValue nv && nv.TryGetValue<double>(out var neg) && neg < 0;
        var rule = negative ? Rules.NegativeCount : Rules.InvalidValue;
        if (required) Error(errors, file, line, prefix + name, shown, Messages.ExpectCount, rule);
        else log.Add(new Diagnostic(file.RelativeName, line, prefix + name, shown, Messages.ExpectCount, Severity.Warning, rule));
        return null;
    }

    private static void Add(Dictionary<(string?, string?), Counts> combined, string? model, string? feature, Counts c) =>
        combined[(model, feature)] = combined.TryGetValue((model, feature), out var sum) ? Plus(sum, c) : c;

    private static Counts Plus(Counts a, Counts b) =>
        new((int)Math.Min(int.MaxValue, (long)a.Interactions + b.Interactions), Sum(a.Suggestions, b.Suggestions), Sum(a.Acceptances, b.Acceptances),
            Sum(a.LinesSuggested, b.LinesSuggested), Sum(a.LinesAccepted, b.LinesAccepted), Sum(a.AgentSessions, b.AgentSessions), a.Any || b.Any);

    private static int? Sum(int? a, int? b) => a is null && b is null ? null : (int)Math.Min(int.MaxValue, (long)(a ?? 0) + (b ?? 0));

    /// <summary>GitHub feature name → CONTRACT §1 feature (completion, chat, agent, cli, review, other).</summary>
    internal static string? MapFeature(string? feature) => feature switch
    {
        null => null,
        "code_completion" => "completion",
        "chat_panel_ask_mode" or "chat_panel_edit_mode" or "chat_panel_plan_mode" or "chat_panel_unknown_mode" or "chat_inline" or "chat" => "chat",
        "chat_panel_agent_mode" or "chat_panel_custom_mode" or "agent_edit" or "agent" => "agent",
        "cli" or CliFeature => "cli",
        _ when feature.Contains("review", StringComparison.Ordinal) => "review",
        _ => "other",
    };

    private static string? Str(JsonObject e, string name) => e[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private void Error(List<Diagnostic> errors, InputFile file, long line, string column, string value, string expected, string rule)
    {
        var d = new Diagnostic(file.RelativeName, line, column, value, expected, Severity.Error, rule);
        errors.Add(d);
        log.Add(d);
    }

    /// <summary>
    /// A value from the record as diagnostics show it: as read when it is number- or date-shaped, else as a pseudonym. A
    /// damaged record may hold a user id anywhere (a shifted value, a mangled key), and nothing else tells it apart.
    /// </summary>
    private string Shown(string value) =>
        RowChecker.IsNumberOrDateShaped(Encoding.UTF8.GetBytes(value))
            ? ShownText.Escape(value)
            : state.Engineers.Pseudonymizer.Pseudonymize(Encoding.UTF8.GetBytes(value));

    /// <summary>
    /// The rejected record as written to rejects/, with source_line and reason added. Unparseable lines are withheld (their
    /// ids cannot be found safely). Otherwise the record keeps its shape and its numbers, flags, valid days and known
    /// feature names; user ids, every other string and any key outside the report schema become pseudonyms.
    /// </summary>
    private string RejectLine(JsonObject? json, long line, string reason)
    {
        var o = json is null
            ? new JsonObject { ["line_withheld"] = "not valid JSON, so its user id could not be pseudonymised; see the source file" }
            : (JsonObject)Sanitised(json, key: null)!;
        o["source_line"] = line;
        o["reason"] = reason;
        return o.ToJsonString();
    }

    private JsonNode? Sanitised(JsonNode? node, string? key)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    var shownName = SchemaKeys.Contains(name) ? name : Pseudonym(name);
                    if (!copy.ContainsKey(shownName)) copy[shownName] = Sanitised(value, name);
                }
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Sanitised(item, key))]);
            case JsonValue value when value.TryGetValue<string>(out var text):
                var keep = key == "day" && RowChecker.IsNumberOrDateShaped(Encoding.UTF8.GetBytes(text))
                    || key == "feature" && KnownFeatures.Contains(text);
                return keep ? JsonValue.Create(text) : JsonValue.Create(Pseudonym(text));
            case JsonValue value when key is "user_id" or "user_login":
                return JsonValue.Create(Pseudonym(value.ToJsonString()));
            default:
                return node?.DeepClone();
        }
    }

    private string Pseudonym(string raw) => state.Engineers.PseudonymFor(Encoding.UTF8.GetBytes(raw));

    /// <summary>Keys of GitHub's user-day report schema kept as they are in rejects.</summary>
    private static readonly HashSet<string> SchemaKeys = new(StringComparer.Ordinal)
    {
        "day", "enterprise_id", "organization_id", "user_id", "user_login", "user_initiated_interaction_count",
        "code_generation_activity_count", "code_acceptance_activity_count", "loc_suggested_to_add_sum", "loc_suggested_to_delete_sum",
        "loc_added_sum", "loc_deleted_sum", "totals_by_feature", "totals_by_model_feature", "totals_by_ide", "totals_by_language_feature",
        "totals_by_language_model", "totals_by_cli", "feature", "model", "ide", "language", "prompt_count", "request_count", "session_count",
        "token_usage", "used_agent", "used_chat", "used_cli", "used_copilot_coding_agent", "used_copilot_cloud_agent",
    };

    /// <summary>GitHub's feature names (see <see cref="MapFeature"/>).</summary>
    private static readonly HashSet<string> KnownFeatures = new(StringComparer.Ordinal)
    {
        "code_completion", "chat_panel_ask_mode", "chat_panel_edit_mode", "chat_panel_plan_mode", "chat_panel_unknown_mode", "chat_inline",
        "chat", "chat_panel_agent_mode", "chat_panel_custom_mode", "agent_edit", "agent", "cli", CliFeature, "code_review",
    };
}
