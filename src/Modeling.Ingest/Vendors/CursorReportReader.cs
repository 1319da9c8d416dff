using System.Text;
using System.Text.Json.Nodes;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Files;
using Modeling.Ingest.Parsing;
using Modeling.Ingest.Staging;
using static Modeling.Ingest.Vendors.NullableCount;

namespace Modeling.Ingest.Vendors;

/// <summary>
/// Reads Cursor's daily usage (the Admin API's <c>/teams/daily-usage-data</c>: one record per user and day, in its
/// responses <c>{"data": [...], "period": ...}</c>, arrays or NDJSON) and maps each onto ai_usage rows with tool = cursor:
/// <list type="bullet">
/// <item><c>date</c> (epoch milliseconds, its UTC day; or <c>day</c> as YYYY-MM-DD) → date; <c>email</c> → the engineer
/// (through identities.csv, pseudonymised).</item>
/// <item>completion (model unknown: Tab is Cursor's own model): <c>totalTabsShown</c> → interactions and suggestions,
/// <c>totalTabsAccepted</c> → acceptances.</item>
/// <item>chat (model <c>mostUsedModel</c>): <c>chatRequests + cmdkUsages</c> → interactions.</item>
/// <item>agent (model <c>mostUsedModel</c>): <c>composerRequests + agentRequests</c> → interactions, <c>totalApplies</c> →
/// suggestions, <c>totalAccepts</c> → acceptances.</item>
/// <item>review: <c>bugbotUsages</c> → interactions.</item>
/// <item><c>acceptedLinesAdded</c> → lines_accepted. Cursor does not split accepted lines by feature: they go on the agent
/// row when the day has agent or composer requests or applies, else on the completion row.</item>
/// <item>Not mapped: <c>totalLinesAdded/Deleted</c> (every edit, not only AI's), <c>acceptedLinesDeleted</c>,
/// <c>totalRejects</c>, request billing kinds, extensions, client version, <c>isActive</c> (implied by the rows), the
/// Cursor user id.</item>
/// </list>
/// </summary>
internal sealed class CursorReportReader(IngestState state, AiUsageReader usage, DiagnosticLog log) : JsonUsageReportReader(state, usage, log)
{
    protected override string Tool => "cursor";
    protected override JsonExport Export { get; } = new("data", Messages.CursorExportAgain);
    protected override FileFormat Format => FileFormat.VendorJson;
    protected override IReadOnlySet<string> SchemaKeys => Keys;
    protected override bool KeepsText(string key, string text) => key == "day" && IsDayShaped(text);
    protected override bool IsIdentifier(string key) => key is "userId" or "email";

    protected override void Map(JsonObject json, InputFile file, long line, List<Diagnostic> errors, List<AiUsageRow> rows)
    {
        var day = Day(json, file, line, errors);
        var email = Str(json, "email");
        if (email is null) Error(errors, file, line, "email", "", Messages.ExpectNonEmpty, Rules.MissingValue);
        int? C(string name) => Count(json, name, "", file, line, errors, required: false);
        var tabsShown = C("totalTabsShown");
        var tabsAccepted = C("totalTabsAccepted");
        var chat = Sum(C("chatRequests"), C("cmdkUsages"));
        var agent = Sum(C("composerRequests"), C("agentRequests"));
        var applies = C("totalApplies");
        var accepts = C("totalAccepts");
        var bugbot = C("bugbotUsages");
        var lines = C("acceptedLinesAdded");
        if (errors.Count > 0 || email is null) return;

        var model = Str(json, "mostUsedModel") is { } m ? State.Text.Get(Encoding.UTF8.GetBytes(m)) : null;
        var linesOnAgent = agent > 0 || applies > 0;
        var candidates = new List<AiUsageRow>();
        void Row(string? rowModel, string feature, int? interactions, int? suggestions, int? acceptances, int? accepted)
        {
            if (!(interactions > 0 || suggestions > 0 || acceptances > 0 || accepted > 0)) return;
            acceptances = CheckedAcceptances(acceptances, suggestions, feature == "completion" ? "totalTabsAccepted" : "totalAccepts",
                feature == "completion" ? "totalTabsShown" : "totalApplies", file, line);
            candidates.Add(new AiUsageRow(day, -1, Tool, rowModel, feature, interactions ?? 0, suggestions, acceptances, null, accepted, null));
        }
        Row(null, "completion", tabsShown, tabsShown, tabsAccepted, linesOnAgent ? null : lines);
        Row(model, "chat", chat, null, null, null);
        Row(model, "agent", agent, applies, accepts, linesOnAgent ? lines : null);
        Row(null, "review", bugbot, null, null, null);

        var key = EngineerOf(email);
        if (!IsNewUserDay(key, day, candidates.Select(r => r.ToString()), file, line, "email", errors)) return;
        rows.AddRange(candidates.Select(r => r with { EngineerKey = key }));
    }

    /// <summary>The record's UTC day: <c>date</c> in epoch milliseconds, else <c>day</c> as YYYY-MM-DD.</summary>
    private DateOnly Day(JsonObject json, InputFile file, long line, List<Diagnostic> errors)
    {
        if (json["date"] is JsonValue v && v.TryGetValue<long>(out var ms))
        {
            if (ms >= 0 && ms <= 253402300799999) return DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);
            Error(errors, file, line, "date", Shown(v.ToJsonString()), Messages.ExpectEpochMilliseconds, Rules.InvalidValue);
            return default;
        }
        if (json["date"] is { } other)
        {
            Error(errors, file, line, "date", Shown(other.ToJsonString()), Messages.ExpectEpochMilliseconds, Rules.InvalidValue);
            return default;
        }
        var text = Str(json, "day");
        if (text is not null && FieldParser.TryDate(Encoding.UTF8.GetBytes(text), out var day)) return day;
        Error(errors, file, line, text is null ? "date" : "day", text is null ? "" : Shown(text), Messages.ExpectEpochMilliseconds,
            text is null ? Rules.MissingValue : Rules.InvalidValue);
        return default;
    }

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "date", "day", "userId", "email", "isActive", "totalLinesAdded", "totalLinesDeleted", "acceptedLinesAdded", "acceptedLinesDeleted",
        "totalApplies", "totalAccepts", "totalRejects", "totalTabsShown", "totalTabsAccepted", "composerRequests", "chatRequests",
        "agentRequests", "cmdkUsages", "subscriptionIncludedReqs", "apiKeyReqs", "usageBasedReqs", "bugbotUsages", "mostUsedModel",
        "applyMostUsedExtension", "tabMostUsedExtension", "clientVersion",
    };
}
