using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

public class CopilotMappingTests
{
    // Shaped like GitHub's user-level example schema (docs: copilot/reference/copilot-usage-metrics/example-schema).
    private const string Record1 = """{"day":"2025-10-01","enterprise_id":"1","user_id":1,"user_login":"alice@example.com","user_initiated_interaction_count":7,"code_generation_activity_count":12,"code_acceptance_activity_count":5,"loc_suggested_to_add_sum":30,"loc_added_sum":20,"totals_by_feature":[{"feature":"code_completion","user_initiated_interaction_count":0,"code_generation_activity_count":10,"code_acceptance_activity_count":4,"loc_suggested_to_add_sum":25,"loc_added_sum":15},{"feature":"chat_panel_ask_mode","user_initiated_interaction_count":3,"code_generation_activity_count":1,"code_acceptance_activity_count":1,"loc_suggested_to_add_sum":5,"loc_added_sum":5},{"feature":"chat_panel_agent_mode","user_initiated_interaction_count":4,"code_generation_activity_count":1,"code_acceptance_activity_count":0}],"totals_by_model_feature":[{"model":"gpt-4.1","feature":"chat_panel_ask_mode","user_initiated_interaction_count":2,"code_generation_activity_count":1,"code_acceptance_activity_count":1,"loc_suggested_to_add_sum":5,"loc_added_sum":5},{"model":"claude-sonnet-4","feature":"chat_panel_ask_mode","user_initiated_interaction_count":1,"code_generation_activity_count":0,"code_acceptance_activity_count":0},{"model":"claude-sonnet-4","feature":"chat_panel_agent_mode","user_initiated_interaction_count":4,"code_generation_activity_count":1,"code_acceptance_activity_count":0}],"totals_by_cli":{"prompt_count":2,"request_count":2,"session_count":1},"used_agent":true,"used_chat":true,"used_cli":true}""";
    private const string Record2NoBreakdown = """{"day":"2025-10-02","user_id":1,"user_login":"alice@example.com","user_initiated_interaction_count":3,"code_generation_activity_count":4,"code_acceptance_activity_count":2,"loc_suggested_to_add_sum":8,"loc_added_sum":6,"used_agent":false,"used_chat":true,"used_cli":false}""";
    private const string Duplicate = """{"day":"2025-10-01","user_id":1,"user_login":"alice@example.com","user_initiated_interaction_count":1}""";
    private const string BadDay = """{"day":"2025-02-30","user_login":"bob@example.com","user_initiated_interaction_count":1}""";
    private const string Negative = """{"day":"2025-10-03","user_login":"bob@example.com","totals_by_feature":[{"feature":"chat_inline","user_initiated_interaction_count":-2}]}""";

    [Fact]
    public void Reports_map_to_ai_usage_rows_per_model_and_feature()
    {
        var folder = Folder(("ai_usage.csv", null), ("copilot/report.ndjson", string.Join("\n", Record1, "", Record2NoBreakdown, Duplicate, BadDay, "{not json", Negative) + "\n"));
        var (report, sink) = Read(folder);
        var rows = sink.AiUsage.Select(r => $"{r.Date:yyyy-MM-dd} {sink.Engineers[r.EngineerKey]} {r.Tool} {r.Model ?? "-"} {r.Feature ?? "-"} {r.Interactions} {r.Suggestions?.ToString() ?? "-"} {r.Acceptances?.ToString() ?? "-"} {r.LinesSuggested?.ToString() ?? "-"} {r.LinesAccepted?.ToString() ?? "-"} {r.AgentSessions?.ToString() ?? "-"}").ToArray();
        var alice = P("alice@example.com");
        Assert.Equal(
        [
            // Rows are ordered by model then feature; models only exist for chat features (GitHub gives no model for completions).
            $"2025-10-01 {alice} copilot - cli 2 - - - - 1",
            $"2025-10-01 {alice} copilot - completion 10 10 4 25 15 -",
            $"2025-10-01 {alice} copilot claude-sonnet-4 agent 4 1 0 - - -",
            $"2025-10-01 {alice} copilot claude-sonnet-4 chat 1 0 0 - - -",
            $"2025-10-01 {alice} copilot gpt-4.1 chat 2 1 1 5 5 -",
            $"2025-10-02 {alice} copilot - - 3 4 2 8 6 -",
        ], rows);
        var bob = P("bob@example.com");
        Assert.Equal(
        [
            $"error copilot/report.ndjson line 4, column 'user_login': found '{alice}', expected one record per user and day (first seen in copilot/report.ndjson line 1) [duplicate_id]",
            "error copilot/report.ndjson line 5, column 'day': found '2025-02-30', expected a date YYYY-MM-DD [invalid_value]",
            "error copilot/report.ndjson line 6: found '(a line that is not a JSON object; not shown, it may hold a user id)', expected one JSON object per line [malformed_json]",
            "error copilot/report.ndjson line 7, column 'totals_by_feature[0].user_initiated_interaction_count': found '-2', expected a whole number, 0 or more [negative_count]",
        ], Problems(report));
        var file = Assert.Single(report.Files, f => f.Table == "ai_usage");
        Assert.Equal((FileFormat.CopilotNdjson, 6L, 2L, 4L, 6L), (file.Format, file.RowsRead, file.RowsUsed, file.RowsRejected, file.RowsStaged));
        Assert.True(report.IsPresent("ai_usage"));
        _ = bob;
    }

    [Fact]
    public void Rejected_records_are_written_with_pseudonyms_and_the_raw_login_never_appears()
    {
        var folder = Folder(("copilot/report.ndjson", Record1 + "\n" + Duplicate + "\n{\"user_login\":\"alice@example.com\",\n"));
        var output = Modeling.Tests.TestPaths.NewTempFolder("ingest-out");
        Validate(folder, output);
        var lines = File.ReadAllLines(Path.Combine(output, "rejects", "copilot", "report.ndjson"));
        Assert.Equal(2, lines.Length);
        Assert.Contains($"\"user_login\":\"{P("alice@example.com")}\"", lines[0]);
        Assert.Contains($"\"user_id\":\"{P("1")}\"", lines[0]);
        Assert.Contains("\"source_line\":2", lines[0]);
        Assert.Contains("\"line_withheld\"", lines[1]);
        foreach (var f in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain("alice@example.com", File.ReadAllText(f));
    }

    [Theory]
    [InlineData("code_completion", "completion")]
    [InlineData("chat_panel_edit_mode", "chat")]
    [InlineData("chat_inline", "chat")]
    [InlineData("agent_edit", "agent")]
    [InlineData("chat_panel_custom_mode", "agent")]
    [InlineData("copilot_code_review", "review")]
    [InlineData("copilot_cli", "cli")]
    [InlineData("something_new", "other")]
    public void Feature_names_map_onto_the_contract_features(string github, string expected) =>
        Assert.Equal(expected, Copilot.CopilotReportReader.MapFeature(github));
}
