using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Files;
using Modeling.Ingest.Output;
using Modeling.Ingest.Parsing;
using Modeling.Ingest.Staging;
using Modeling.Ingest.Vendors;
using static Modeling.Ingest.Vendors.NullableCount;

namespace Modeling.Ingest.Copilot;

/// <summary>
/// Reads GitHub Copilot usage-metrics per-user daily reports (one record per user and day, in any of the shapes
/// <see cref="JsonRecords"/> accepts: NDJSON, a record, an array, the report envelope with <c>day_totals</c>) and
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
internal sealed class CopilotReportReader(IngestState state, AiUsageReader usage, DiagnosticLog log) : JsonUsageReportReader(state, usage, log)
{
    public const string ToolName = "copilot";
    private const string CliFeature = "copilot_cli";
    private long _modelOnly;

    protected override string Tool => ToolName;
    protected override JsonExport Export { get; } = new("day_totals", Messages.CopilotExportAgain);
    protected override FileFormat Format => FileFormat.CopilotNdjson;
    protected override IReadOnlySet<string> SchemaKeys => Keys;
    protected override bool KeepsText(string key, string text) =>
        key == "day" && IsDayShaped(text) || key == "feature" && KnownFeatures.Contains(text);
    protected override bool IsIdentifier(string key) => key is "user_id" or "user_login";
    protected override void BeginFile() => _modelOnly = 0;

    protected override void EndFile(InputFile file)
    {
        if (_modelOnly > 0)
            Log.Add(new Diagnostic(file.RelativeName, 0, "totals_by_model_feature", Messages.FoundModelOnlyEntries(_modelOnly), Messages.ExpectModelEntriesWithinFeatures, Severity.Note, Rules.ModelBreakdownWithoutTotal));
    }

    protected override void Map(JsonObject json, InputFile file, long line, List<Diagnostic> errors, List<AiUsageRow> rows)
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

        var key = EngineerOf(rawId);
        var ordered = combined.OrderBy(k => k.Key.Model, StringComparer.Ordinal).ThenBy(k => k.Key.Feature, StringComparer.Ordinal).ToList();
        if (!IsNewUserDay(key, day, ordered.Select(r => $"{r.Key.Model}\u001f{r.Key.Feature}\u001f{r.Value}"), file, line, idField!, errors)) return;
        foreach (var ((model, feature), c) in ordered)
        {
            var acceptances = CheckedAcceptances(c.Acceptances, c.Suggestions, "code_acceptance_activity_count", "code_generation_activity_count", file, line);
            rows.Add(new AiUsageRow(day, key, Tool, model is null ? null : State.Text.Get(Encoding.UTF8.GetBytes(model)), feature,
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
            Log.Add(new Diagnostic(file.RelativeName, line, "totals_by_model_feature." + field, p.ToString(CultureInfo.InvariantCulture),
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

    /// <summary>user_login or user_id, preferring the one the roster or identities.csv knows (rosters carry either).</summary>
    private (string? Field, string? Raw) ChooseUser(JsonObject json)
    {
        var login = json["user_login"] is JsonValue l && l.TryGetValue<string>(out var ls) && ls.Length > 0 ? ls : null;
        string? id = json["user_id"] switch
        {
            JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
            JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
            _ => null,
        };
        if (login is not null && IsKnown(login)) return ("user_login", login);
        if (id is not null && IsKnown(id)) return ("user_id", id);
        return login is not null ? ("user_login", login) : (id is not null ? ("user_id", id) : (null, null));
    }

    private bool IsKnown(string raw)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);
        var key = State.Engineers.Find(bytes);
        return key >= 0 && key < State.RosterEngineers || State.Identities.Find(bytes) >= 0;
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

    private static void Add(Dictionary<(string?, string?), Counts> combined, string? model, string? feature, Counts c) =>
        combined[(model, feature)] = combined.TryGetValue((model, feature), out var sum) ? Plus(sum, c) : c;

    private static Counts Plus(Counts a, Counts b) =>
        new((int)Math.Min(int.MaxValue, (long)a.Interactions + b.Interactions), Sum(a.Suggestions, b.Suggestions), Sum(a.Acceptances, b.Acceptances),
            Sum(a.LinesSuggested, b.LinesSuggested), Sum(a.LinesAccepted, b.LinesAccepted), Sum(a.AgentSessions, b.AgentSessions), a.Any || b.Any);

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

    /// <summary>Keys of GitHub's user-day report schema kept as they are in rejects.</summary>
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
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
