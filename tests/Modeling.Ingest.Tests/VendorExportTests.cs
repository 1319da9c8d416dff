using Modeling.Tests;
using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

/// <summary>
/// The Amazon Q Developer / Kiro, Claude Code and Cursor readers on data-samples/vendor-exports (written from each
/// vendor's published field list), every expected row worked out by hand from the mapping in the reader's summary.
/// </summary>
public class VendorExportTests
{
    private static readonly string Sample = Path.Combine(TestPaths.RepositoryRoot, "data-samples", "vendor-exports");

    private static string[] Rows(CollectingSink sink, string tool) => sink.AiUsage.Where(r => r.Tool == tool)
        .Select(r => $"{r.Date:yyyy-MM-dd} {sink.Engineers[r.EngineerKey]} {r.Model ?? "-"} {r.Feature} {r.Interactions} {N(r.Suggestions)} {N(r.Acceptances)} {N(r.LinesSuggested)} {N(r.LinesAccepted)} {N(r.AgentSessions)}")
        .ToArray();

    private static string N(int? v) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    [Fact]
    public void Amazon_q_user_activity_rows_map_per_feature_through_identity_center_ids()
    {
        var (report, sink) = Read(Sample);
        string e1 = P("e-001"), e2 = P("e-002");
        Assert.Equal(
        [
            // Inline: 60 shown (the interactions), 14 accepted, 25 lines.
            $"2025-09-08 {e1} - completion 60 60 14 - 25 -",
            // Chat: ⌈9 messages / 2⌉ = 5 prompts + 3 inline-chat sessions; 3 inline suggestions, 2 accepted; 12 + 6 lines.
            $"2025-09-08 {e1} - chat 8 3 2 - 18 -",
            $"2025-09-08 {e1} - agent 2 2 1 55 40 2",
            $"2025-09-08 {e1} - review 2 2 1 10 4 -",
            // /doc 1 + /test 1 events; 30 test lines generated; 8 doc + 20 test lines accepted.
            $"2025-09-08 {e1} - other 2 - - 30 28 -",
            // 25 acceptances of 20 suggestions cannot both be right: acceptances unknown (a warning).
            $"2025-09-08 {e2} - completion 20 20 - - 10 -",
            $"2025-09-09 {e1} - chat 2 0 0 - 0 -",
        ], Rows(sink, "amazon-q"));
        var file = Assert.Single(report.Files, f => f.File.StartsWith("amazon_q/", StringComparison.Ordinal));
        Assert.Equal((4L, 3L, 1L, 7L), (file.RowsRead, file.RowsUsed, file.RowsRejected, file.RowsStaged));
        Assert.Contains(Problems(report), p => p == "error amazon_q/111122223333_by_user_analytic_2025-09-09T000000Z.csv line 4, column 'Date': found '13-45-2025', expected a date MM-DD-YYYY (as Amazon Q writes it) or YYYY-MM-DD [invalid_value]");
        Assert.Contains(Problems(report), p => p.StartsWith("warning amazon_q/111122223333_by_user_analytic_2025-09-09T000000Z.csv line 3, column 'Inline_AcceptanceCount': found '25'", StringComparison.Ordinal));
    }

    [Fact]
    public void Claude_code_analytics_give_one_agent_row_per_user_day_and_api_keys_are_rejected()
    {
        var (report, sink) = Read(Sample);
        Assert.Equal(
        [
            // 5 sessions; tool actions 25+3 + 12+1 + 0+0 + 8+0 = 49 put to the user, 45 accepted; 342 lines added;
            // Sonnet has the most tokens (45,230 + 12,450).
            $"2025-09-08 {P("e-001")} claude-sonnet-4-20250514 agent 5 49 45 - 342 5",
            $"2025-09-08 {P("e-003")} claude-opus-4-1-20250805 agent 2 5 4 - 40 2",
        ], Rows(sink, "claude-code"));
        var file = Assert.Single(report.Files, f => f.File.StartsWith("claude_code/", StringComparison.Ordinal));
        Assert.Equal((3L, 2L, 1L), (file.RowsRead, file.RowsUsed, file.RowsRejected));
        Assert.Contains(Problems(report), p => p.Contains("column 'actor.type': found 'api_actor', expected a user_actor (a person)", StringComparison.Ordinal));
    }

    [Fact]
    public void Cursor_daily_usage_maps_tabs_requests_and_lines_and_unmatched_emails_are_counted()
    {
        var (report, sink) = Read(Sample);
        string e2 = P("e-002"), dora = P("dora.unknown@example.com");
        Assert.Equal(
        [
            $"2025-09-08 {e2} - completion 97 97 16 - - -",
            // chat 4 + cmd-K 2; agent 60 + composer 1 with 28 applies, 7 accepted, and the day's 478 accepted lines.
            $"2025-09-08 {e2} claude-4-sonnet chat 6 - - - - -",
            $"2025-09-08 {e2} claude-4-sonnet agent 61 28 7 - 478 -",
            $"2025-09-08 {e2} - review 1 - - - - -",
            // No agent use that day: the accepted lines go with the tabs.
            $"2025-09-08 {dora} - completion 10 10 3 - 12 -",
        ], Rows(sink, "cursor"));
        var file = Assert.Single(report.Files, f => f.File.StartsWith("cursor/", StringComparison.Ordinal));
        Assert.Equal((3L, 3L, 0L), (file.RowsRead, file.RowsUsed, file.RowsRejected));
        Assert.Contains(report.Notes, n => n.File == file.File && n.ToString().Contains("1 engineers (1 rows) not on the roster", StringComparison.Ordinal));
    }

    [Fact]
    public void No_vendor_identifier_appears_in_any_output()
    {
        var output = TestPaths.NewTempFolder("vendor-out");
        var (report, _) = Read(Sample, output);
        var identifiers = new[]
        {
            "ana.lima@example.com", "ben.okafor@example.com", "chen.wei@example.com", "dora.unknown@example.com", "ci-review-bot",
            "94a8f4d8-1001-70a1-aaaa-0123456789ab", "94a8f4d8-1002-70a1-bbbb-0123456789ab", "e-001", "e-002",
        };
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "rejects"), "*", SearchOption.AllDirectories));
        foreach (var path in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(path);
            foreach (var raw in identifiers) Assert.DoesNotContain(raw, text);
        }
        foreach (var d in report.Diagnostics.Concat(report.Notes))
            foreach (var raw in identifiers) Assert.DoesNotContain(raw, d.ToString());
    }
}
