using System.Text;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Files;
using Modeling.Ingest.Staging;
using static Modeling.Ingest.Vendors.NullableCount;

namespace Modeling.Ingest.Vendors;

/// <summary>
/// Reads Amazon Q Developer / Kiro user activity reports (the daily CSV written to S3, one row per user who used it
/// that day, split into <c>part_N</c> files above 1,000 users; column names as AWS writes them) and maps each row onto
/// ai_usage rows with tool = amazon-q and model unknown (the report has none):
/// <list type="bullet">
/// <item><c>Date</c> (MM-DD-YYYY as AWS writes it, or YYYY-MM-DD) → date; <c>UserId</c> (an IAM Identity Center user
/// id) → the engineer through identities.csv (kind <c>identity_center</c>), pseudonymised.</item>
/// <item>completion: <c>Inline_SuggestionsCount</c> → interactions and suggestions, <c>Inline_AcceptanceCount</c> →
/// acceptances, <c>Inline_AICodeLines</c> → lines_accepted.</item>
/// <item>chat: prompts, ⌈<c>Chat_MessagesSent</c> / 2⌉ (AWS counts the prompts and Amazon Q's answers), plus inline chat
/// sessions <c>InlineChat_TotalEventCount</c> → interactions; <c>InlineChat_TotalEventCount</c> → suggestions,
/// <c>InlineChat_AcceptanceEventCount</c> → acceptances; <c>Chat_AICodeLines + InlineChat_AcceptedLineAdditions</c> →
/// lines_accepted.</item>
/// <item>agent (<c>/dev</c>, Kiro's agent): <c>Dev_GenerationEventCount</c> → interactions, suggestions and agent_sessions,
/// <c>Dev_AcceptanceEventCount</c> → acceptances, <c>Dev_GeneratedLines</c> → lines_suggested, <c>Dev_AcceptedLines</c>
/// → lines_accepted.</item>
/// <item>review (<c>/review</c> fixes): <c>CodeFix_GenerationEventCount</c> → interactions and suggestions,
/// <c>CodeFix_AcceptanceEventCount</c> → acceptances, <c>CodeFix_GeneratedLines</c> → lines_suggested,
/// <c>CodeFix_AcceptedLines</c> → lines_accepted.</item>
/// <item>other (<c>/doc</c>, <c>/test</c>, <c>/transform</c>): their event counts → interactions; generated test and
/// transformation lines → lines_suggested; accepted doc and test lines → lines_accepted.</item>
/// <item>Not mapped: chat messages interacted with, code-review findings and their success/failure counts, rejected and
/// dismissed inline-chat and doc-generation counts, inline-chat line deletions, doc files created or updated, tests
/// generated or accepted (as tests), lines a transformation ingested.</item>
/// </list>
/// A feature's row is written only when one of its counts is above 0. A user and day seen again is one user-day when
/// its rows are the same, a conflict (rejected) when not.
/// </summary>
internal sealed class AmazonQReportReader(IngestState state, AiUsageReader usage) : TableReader<AmazonQReportReader.Row>(state)
{
    public const string ToolName = "amazon-q";
    public const string Folder = "amazon_q";
    private readonly UserDays _userDays = new();
    private long _staged;

    /// <summary>A record stages one row per feature used that day (0 to 5).</summary>
    public override long? StagedRows => _staged;

    /// <summary>The report's columns, as AWS names them; UserId holds personal ids.</summary>
    public static readonly TableSchema ReportSchema = new("amazon_q",
    [
        new("UserId", true, Engineer: true), new("Date", true),
        .. new[]
        {
            "Chat_AICodeLines", "Chat_MessagesInteracted", "Chat_MessagesSent", "CodeFix_AcceptanceEventCount", "CodeFix_AcceptedLines",
            "CodeFix_GeneratedLines", "CodeFix_GenerationEventCount", "CodeReview_FailedEventCount", "CodeReview_FindingsCount",
            "CodeReview_SucceededEventCount", "Dev_AcceptanceEventCount", "Dev_AcceptedLines", "Dev_GeneratedLines", "Dev_GenerationEventCount",
            "DocGeneration_AcceptedFileUpdates", "DocGeneration_AcceptedFilesCreations", "DocGeneration_AcceptedLineAdditions",
            "DocGeneration_AcceptedLineUpdates", "DocGeneration_EventCount", "DocGeneration_RejectedFileCreations",
            "DocGeneration_RejectedFileUpdates", "DocGeneration_RejectedLineAdditions", "DocGeneration_RejectedLineUpdates",
            "InlineChat_AcceptanceEventCount", "InlineChat_AcceptedLineAdditions", "InlineChat_AcceptedLineDeletions",
            "InlineChat_DismissalEventCount", "InlineChat_DismissedLineAdditions", "InlineChat_DismissedLineDeletions",
            "InlineChat_RejectedLineAdditions", "InlineChat_RejectedLineDeletions", "InlineChat_RejectionEventCount",
            "InlineChat_TotalEventCount", "Inline_AICodeLines", "Inline_AcceptanceCount", "Inline_SuggestionsCount",
            "TestGeneration_AcceptedLines", "TestGeneration_AcceptedTests", "TestGeneration_EventCount", "TestGeneration_GeneratedLines",
            "TestGeneration_GeneratedTests", "Transformation_EventCount", "Transformation_LinesGenerated", "Transformation_LinesIngested",
        }.Select(name => new ColumnSpec(name, false)),
    ]);

    public override TableSchema Schema => ReportSchema;
    private const int FirstCount = 2;

    /// <summary>The suggestions each acceptance count is a part of.</summary>
    private static readonly Dictionary<string, string> SuggestionsOf = new(StringComparer.Ordinal)
    {
        ["Inline_AcceptanceCount"] = "Inline_SuggestionsCount", ["InlineChat_AcceptanceEventCount"] = "InlineChat_TotalEventCount",
        ["Dev_AcceptanceEventCount"] = "Dev_GenerationEventCount", ["CodeFix_AcceptanceEventCount"] = "CodeFix_GenerationEventCount",
    };

    /// <summary>The day, the engineer's key when known before this file (else -1), and the mapped rows without the key.</summary>
    internal readonly record struct Row(DateOnly Date, int Known, AiUsageRow[] Rows);

    public override Row Check(RowChecker c)
    {
        var date = RequiredUsDate(c, Schema.IndexOf("Date"));
        var userId = Schema.IndexOf("UserId");
        var known = KnownOrAlias(c, userId);
        // Every count is checked, mapped or not: a rejected row then keeps its numbers in rejects/.
        var counts = new int?[Schema.Columns.Count];
        for (var i = FirstCount; i < counts.Length; i++) counts[i] = c.OptionalCount(i);
        int? Nz(string column) => counts[Schema.IndexOf(column)];
        int N(string column) => Nz(column) ?? 0;

        var rows = new List<AiUsageRow>(5);
        void Add(string feature, int interactions, int? suggestions, (string Column, int? Value) accepted, int? linesSuggested, int? linesAccepted, int? sessions = null)
        {
            var acceptances = accepted.Value;
            if (!(interactions > 0 || suggestions > 0 || acceptances > 0 || linesSuggested > 0 || linesAccepted > 0)) return;
            if (acceptances > suggestions)
            {
                var column = Schema.IndexOf(accepted.Column);
                c.Warn(column, c.Raw(column), Messages.ExpectAtMost(SuggestionsOf[accepted.Column], suggestions ?? 0), Rules.AcceptancesAboveSuggestions);
                acceptances = null;
            }
            rows.Add(new AiUsageRow(date, -1, ToolName, null, feature, interactions, suggestions, acceptances, linesSuggested, linesAccepted, sessions));
        }
        var inlineShown = N("Inline_SuggestionsCount");
        Add("completion", inlineShown, Nz("Inline_SuggestionsCount"), ("Inline_AcceptanceCount", Nz("Inline_AcceptanceCount")), null, Nz("Inline_AICodeLines"));
        var inlineChat = N("InlineChat_TotalEventCount");
        Add("chat", (N("Chat_MessagesSent") + 1) / 2 + inlineChat, Nz("InlineChat_TotalEventCount"), ("InlineChat_AcceptanceEventCount", Nz("InlineChat_AcceptanceEventCount")), null,
            Sum(Nz("Chat_AICodeLines"), Nz("InlineChat_AcceptedLineAdditions")));
        var dev = N("Dev_GenerationEventCount");
        Add("agent", dev, Nz("Dev_GenerationEventCount"), ("Dev_AcceptanceEventCount", Nz("Dev_AcceptanceEventCount")), Nz("Dev_GeneratedLines"), Nz("Dev_AcceptedLines"), Nz("Dev_GenerationEventCount"));
        Add("review", N("CodeFix_GenerationEventCount"), Nz("CodeFix_GenerationEventCount"), ("CodeFix_AcceptanceEventCount", Nz("CodeFix_AcceptanceEventCount")),
            Nz("CodeFix_GeneratedLines"), Nz("CodeFix_AcceptedLines"));
        Add("other", N("DocGeneration_EventCount") + N("TestGeneration_EventCount") + N("Transformation_EventCount"), null, ("", null),
            Sum(Nz("TestGeneration_GeneratedLines"), Nz("Transformation_LinesGenerated")),
            Sum(Sum(Nz("DocGeneration_AcceptedLineAdditions"), Nz("DocGeneration_AcceptedLineUpdates")), Nz("TestGeneration_AcceptedLines")));
        return new Row(date, known, [.. rows]);
    }

    public override void Accept(RowChecker c, in Row row)
    {
        var userId = Schema.IndexOf("UserId");
        var key = row.Known >= 0 ? row.Known : VendorEngineers.KeyOf(State, c.Raw(userId));
        var rows = row.Rows;
        var seen = _userDays.Register(key, row.Date, rows.Select(r => r.ToString()), c.File, c.Line);
        if (!seen.IsNew)
        {
            if (seen.IsIdentical) return;
            c.Reject(userId, c.Raw(userId), Messages.ExpectNewUserDay(seen.FirstFile, seen.FirstLine), Rules.DuplicateId);
            return;
        }
        usage.CountOffRoster(key);
        foreach (var r in rows) Sink?.Add(r with { EngineerKey = key });
        _staged += rows.Length;
    }

    public override void Complete(string file, Action<Diagnostic> report)
    {
        if (_userDays.TakeIdenticalNote(file) is { } note) report(note);
        usage.ReportOffRoster(file, report);
    }

    /// <summary>Amazon Q's MM-DD-YYYY (or an ISO YYYY-MM-DD): a required date.</summary>
    private static DateOnly RequiredUsDate(RowChecker c, int column)
    {
        if (!c.RequiredBytes(column, out var raw)) return default;
        var text = Encoding.ASCII.GetString(raw);
        if (DateOnly.TryParseExact(text, ["MM-dd-yyyy", "yyyy-MM-dd"], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var date))
        {
            c.MarkValid(column);
            return date;
        }
        c.Reject(column, raw, Messages.ExpectUsDate, Rules.InvalidValue);
        return default;
    }
}
