using System.Text;
using System.Text.Json.Nodes;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Files;
using Modeling.Ingest.Parsing;
using Modeling.Ingest.Staging;
using static Modeling.Ingest.Vendors.NullableCount;

namespace Modeling.Ingest.Vendors;

/// <summary>
/// Reads Claude Code's analytics (the Admin API's <c>/v1/organizations/usage_report/claude_code</c>: one record per
/// day and actor, in its response pages <c>{"data": [...], "has_more", "next_page"}</c>, arrays or NDJSON) and maps
/// each user's day onto one ai_usage row with tool = claude-code and feature = agent:
/// <list type="bullet">
/// <item><c>date</c> (YYYY-MM-DD, or an RFC 3339 time whose UTC day is taken) → date; <c>actor.email_address</c> of a
/// <c>user_actor</c> → the engineer (through identities.csv, pseudonymised). A record of an <c>api_actor</c> (an API key,
/// not a person) is rejected: no team can be given it.</item>
/// <item><c>core_metrics.num_sessions</c> → interactions (at least one prompt per session: a lower bound) and
/// agent_sessions; the tool actions put to the user (<c>tool_actions.*.accepted + rejected</c>, over edit, multi-edit,
/// write and notebook-edit) → suggestions, the accepted ones → acceptances; <c>core_metrics.lines_of_code.added</c> →
/// lines_accepted (Claude Code writes only what was accepted); the model with the most tokens (input + output) in
/// <c>model_breakdown</c> → model.</item>
/// <item>Not mapped: lines removed, commits and pull requests by Claude Code, tokens by model and their estimated cost,
/// terminal, customer and subscription type, organisation id.</item>
/// </list>
/// </summary>
internal sealed class ClaudeCodeReportReader(IngestState state, AiUsageReader usage, DiagnosticLog log) : JsonUsageReportReader(state, usage, log)
{
    private static readonly string[] ToolActions = ["edit_tool", "multi_edit_tool", "write_tool", "notebook_edit_tool"];

    protected override string Tool => "claude-code";
    protected override JsonExport Export { get; } = new("data", Messages.ClaudeCodeExportAgain);
    protected override FileFormat Format => FileFormat.VendorJson;
    protected override IReadOnlySet<string> SchemaKeys => Keys;
    protected override bool KeepsText(string key, string text) =>
        key == "date" && IsDayShaped(text) || key == "type" && text is "user_actor" or "api_actor" || key == "currency";

    protected override void Map(JsonObject json, InputFile file, long line, List<Diagnostic> errors, List<AiUsageRow> rows)
    {
        var day = Day(json, file, line, errors);
        var actor = json["actor"] as JsonObject;
        var email = actor is null ? null : Str(actor, "email_address");
        if (actor is not null && Str(actor, "type") == "api_actor")
            Error(errors, file, line, "actor.type", "api_actor", Messages.ExpectUserActor, Rules.InvalidValue);
        else if (email is null)
            Error(errors, file, line, "actor.email_address", "", Messages.ExpectNonEmpty, Rules.MissingValue);

        var core = json["core_metrics"] as JsonObject ?? [];
        var sessions = Count(core, "num_sessions", "core_metrics.", file, line, errors, required: true) ?? 0;
        var lines = core["lines_of_code"] as JsonObject ?? [];
        var added = Count(lines, "added", "core_metrics.lines_of_code.", file, line, errors, required: false);
        int? proposed = null, accepted = null;
        var actions = json["tool_actions"] as JsonObject ?? [];
        foreach (var name in ToolActions)
        {
            if (actions[name] is not JsonObject a) continue;
            var yes = Count(a, "accepted", $"tool_actions.{name}.", file, line, errors, required: false);
            var no = Count(a, "rejected", $"tool_actions.{name}.", file, line, errors, required: false);
            accepted = Sum(accepted, yes);
            proposed = Sum(proposed, Sum(yes, no));
        }
        if (errors.Count > 0 || email is null) return;

        var model = MostUsedModel(json["model_breakdown"] as JsonArray);
        var key = EngineerOf(email);
        var any = sessions > 0 || proposed > 0 || added > 0;
        var text = $"{model}\u001f{sessions}\u001f{proposed}\u001f{accepted}\u001f{added}";
        if (!IsNewUserDay(key, day, any ? [text] : [], file, line, "actor.email_address", errors) || !any) return;
        rows.Add(new AiUsageRow(day, key, Tool, model is null ? null : State.Text.Get(Encoding.UTF8.GetBytes(model)), "agent",
            sessions, proposed, accepted, null, added, sessions));
    }

    /// <summary>The record's UTC day: <c>date</c> as YYYY-MM-DD or an RFC 3339 time.</summary>
    private DateOnly Day(JsonObject json, InputFile file, long line, List<Diagnostic> errors)
    {
        var text = Str(json, "date");
        if (text is null) { Error(errors, file, line, "date", "", Messages.ExpectDate, Rules.MissingValue); return default; }
        var bytes = Encoding.UTF8.GetBytes(text);
        if (FieldParser.TryDate(bytes, out var day)) return day;
        if (FieldParser.TryTimestamp(bytes, out var utc)) return DateOnly.FromDateTime(utc);
        Error(errors, file, line, "date", Shown(text), Messages.ExpectDateOrTime, Rules.InvalidValue);
        return default;
    }

    /// <summary>The model with the most input + output tokens (ties: the first in ordinal order); null without a breakdown.</summary>
    private static string? MostUsedModel(JsonArray? breakdown)
    {
        string? best = null;
        long bestTokens = -1;
        foreach (var entry in breakdown?.OfType<JsonObject>() ?? [])
        {
            if (Str(entry, "model") is not { } model) continue;
            var tokens = entry["tokens"] as JsonObject;
            long total = Tokens(tokens, "input") + Tokens(tokens, "output");
            if (total > bestTokens || total == bestTokens && string.CompareOrdinal(model, best) < 0) (best, bestTokens) = (model, total);
        }
        return best;
    }

    private static long Tokens(JsonObject? tokens, string name) =>
        tokens?[name] is JsonValue v && v.TryGetValue<long>(out var n) && n > 0 ? n : 0;

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "date", "actor", "type", "email_address", "api_key_name", "organization_id", "customer_type", "terminal_type", "subscription_type",
        "core_metrics", "num_sessions", "lines_of_code", "added", "removed", "commits_by_claude_code", "pull_requests_by_claude_code",
        "tool_actions", "edit_tool", "multi_edit_tool", "write_tool", "notebook_edit_tool", "accepted", "rejected",
        "model_breakdown", "model", "tokens", "input", "output", "cache_read", "cache_creation", "estimated_cost", "amount", "currency",
    };
}
