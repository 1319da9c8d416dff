using System.Globalization;
using Modeling.Ingest.Staging;
using Modeling.Tests;
using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

/// <summary>
/// The organisation user reports that github-copilot-resources/copilot-metrics-viewer ships as mock data (MIT), read in
/// place from ../shared/external/copilot-metrics-viewer (MODELING_EXTERNAL overrides ../shared/external) and copied
/// into a temporary data folder as a user would drop them there: pretty-printed JSON report envelopes.
/// </summary>
public class CopilotMockExportTests
{
    private const string OneDay = "organization-users-1-day-report.json";
    private const string TwentyEightDay = "organization-users-28-day-report.json";
    private static readonly string[] Logins = ["alicechen", "bobmartinez", "codertocat", "defunkt", "hubot", "monalisa", "octocat", "octokitten"];
    private static readonly string[] UserIds = ["338096", "338097"];

    private static string MockFolder
    {
        get
        {
            var folder = Path.Combine(TestPaths.External, "copilot-metrics-viewer");
            Assert.True(File.Exists(Path.Combine(folder, TwentyEightDay)), $"the copilot-metrics-viewer mock reports are not in {folder}; set MODELING_EXTERNAL");
            return folder;
        }
    }

    private static string Roster => "engineer_id,team_id,valid_from,valid_to,level\n" + string.Concat(Logins.Select(l => $"{l},t1,2026-01-01,,senior\n"));

    /// <summary>A data folder with the mock reports (as shipped, or the given replacements) in copilot/ and the mock users on team t1.</summary>
    private static string DataFolder(params (string Name, string Content)[] copilot)
    {
        var files = new List<(string, string?)> { ("ai_usage.csv", null), ("roster.csv", Roster) };
        if (copilot.Length == 0)
            files.AddRange([("copilot/" + OneDay, File.ReadAllText(Path.Combine(MockFolder, OneDay))),
                            ("copilot/" + TwentyEightDay, File.ReadAllText(Path.Combine(MockFolder, TwentyEightDay)))]);
        else files.AddRange(copilot.Select(c => ("copilot/" + c.Name, (string?)c.Content)));
        return Folder([.. files]);
    }

    private static readonly Dictionary<string, string> LoginOf = Logins.ToDictionary(P, l => l);

    private static string Show(AiUsageRow r, IReadOnlyList<string> engineers) =>
        string.Join(",", r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), LoginOf[engineers[r.EngineerKey]], r.Model ?? "", r.Feature ?? "",
            r.Interactions, r.Suggestions, r.Acceptances, r.LinesSuggested, r.LinesAccepted, r.AgentSessions);

    private static string[] Rows(CollectingSink sink) =>
        sink.AiUsage.Select(r => Show(r, sink.Engineers)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void The_reports_as_shipped_match_the_independent_reference()
    {
        var (report, sink) = Read(DataFolder());
        // tests/Modeling.Ingest.Tests/Reference/copilot_mock_reference.py wrote this (exact: all values are whole numbers).
        var reference = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Ingest.Tests", "Reference", "copilot_mock_reference.csv"))
            .Skip(1).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(306, reference.Length);
        Assert.Equal(reference, Rows(sink));
        Assert.All(sink.AiUsage, r => Assert.Equal("copilot", r.Tool));

        var files = report.Files.Where(f => f.Table == "ai_usage").Select(f => (f.File, f.Format, f.RowsRead, f.RowsUsed, f.RowsRejected)).ToArray();
        Assert.Equal(
        [
            ("copilot/" + OneDay, FileFormat.CopilotNdjson, 2L, 2L, 0L),
            // hubot's 2026-04-25 repeats the 1-day report with the same counts (used once); octocat's differs (rejected).
            ("copilot/" + TwentyEightDay, FileFormat.CopilotNdjson, 107L, 106L, 1L),
        ], files);
        Assert.Equal(
        [
            $"error copilot/{TwentyEightDay} line 14642, column 'user_login': found '{P("octocat")}', expected one record per user and day (first seen in copilot/{OneDay} line 137) [duplicate_id]",
        ], Problems(report));
        Assert.Equal(
        [
            $"note copilot/{TwentyEightDay}: found '1 records repeat a user and day already read with the same values', expected each user and day once; repeats from overlapping exports (1-day and 28-day reports) are counted once, these were skipped [identical_user_day]",
            $"note copilot/{TwentyEightDay}, column 'totals_by_model_feature': found '2 totals_by_model_feature entries for a feature absent from totals_by_feature', expected model entries that apportion a feature of totals_by_feature; these were not counted, as GitHub's own totals leave them out [model_breakdown_without_total]",
        ], report.Notes.Select(n => n.ToString()));
    }

    [Fact]
    public void Hand_computed_user_days_of_each_feature_kind()
    {
        var (_, sink) = Read(DataFolder());
        string[] Day(string login, string day) => Rows(sink).Where(r => r.StartsWith($"{day},{login},", StringComparison.Ordinal)).ToArray();

        // defunkt 2026-04-14 (28-day report line 5014): every feature kind, partial model breakdowns and GitHub's "others".
        // chat_panel_agent_mode total 41/9/0/173/0; models gpt-5.4 19/6/0/161/0, gpt-5.3-codex 11/3/0/12/0,
        //   claude-4.5-haiku 8/0/0/0/0 → 38 of the 41 interactions, 3 to model unknown.
        // agent_edit total 0/18/0/0/670 = gpt-5.4 0/9/0/0/195 + gpt-5-mini 0/4/0/0/120 + gpt-5.3-codex 0/3/0/0/191
        //   + claude-4.5-haiku 0/2/0/0/164.
        // chat_panel_custom_mode total 9: gpt-5-mini 5, 4 to model unknown (agent: 3 + 4 = 7).
        // chat_panel_ask_mode 4/6/0/6/0 = claude-4.5-haiku; chat_inline 1, no model (chat unknown 1).
        // copilot_cli 7 = claude-haiku-4.5 7; totals_by_cli prompt_count 7 is the same prompts, only its 2 sessions are added.
        // "others"/"others" 8 (= 3 + 4 + 1, the unknown shares above) is not counted again. Total 62 = the record's 62.
        Assert.Equal(
        [
            "2026-04-14,defunkt,,agent,7,0,0,0,0,",
            "2026-04-14,defunkt,,chat,1,0,0,0,0,",
            "2026-04-14,defunkt,,cli,0,,,,,2",
            "2026-04-14,defunkt,claude-4.5-haiku,agent,8,2,0,0,164,",
            "2026-04-14,defunkt,claude-4.5-haiku,chat,4,6,0,6,0,",
            "2026-04-14,defunkt,claude-haiku-4.5,cli,7,0,0,0,0,",
            "2026-04-14,defunkt,gpt-5-mini,agent,5,4,0,0,120,",
            "2026-04-14,defunkt,gpt-5.3-codex,agent,11,6,0,12,191,",
            "2026-04-14,defunkt,gpt-5.4,agent,19,15,0,161,195,",
        ], Day("defunkt", "2026-04-14"));
        Assert.Equal(62, sink.AiUsage.Where(r => r.Date == new DateOnly(2026, 4, 14) && LoginOf[sink.Engineers[r.EngineerKey]] == "defunkt").Sum(r => r.Interactions));

        // alicechen 2026-03-29: code_completion 21 shown (the interactions), 15 accepted, 1134/742 lines, model auto;
        // chat_panel_ask_mode 24 prompts without a model breakdown.
        Assert.Equal(["2026-03-29,alicechen,,chat,24,0,0,0,0,", "2026-03-29,alicechen,auto,completion,21,21,15,1134,742,"], Day("alicechen", "2026-03-29"));

        // octocat 2026-04-10: copilot_cli 30 prompts = opus 25 + sonnet 4 + gpt-4.1 1 (+ two models with 0);
        // totals_by_cli (11 prompts, 3 sessions) adds the sessions only. The old reading gave 30 + 11 = 41.
        Assert.Equal(
        [
            "2026-04-10,octocat,,cli,0,,,,,3",
            "2026-04-10,octocat,claude-haiku-4.5,cli,0,0,0,0,0,",
            "2026-04-10,octocat,claude-opus-4.6,cli,25,150,149,0,5248,",
            "2026-04-10,octocat,claude-sonnet-4.6,cli,4,0,0,0,0,",
            "2026-04-10,octocat,gpt-4.1,cli,1,0,0,0,0,",
            "2026-04-10,octocat,gpt-5.4,cli,0,0,0,0,0,",
        ], Day("octocat", "2026-04-10"));

        // octocat 2026-04-01: no feature entries, only totals_by_cli (10 prompts, 3 sessions).
        Assert.Equal(["2026-04-01,octocat,,cli,10,,,,,3"], Day("octocat", "2026-04-01"));
        // octocat 2026-03-31: nothing but used_copilot_coding_agent/used_copilot_cloud_agent = true.
        Assert.Equal(["2026-03-31,octocat,,agent,1,,,,,1"], Day("octocat", "2026-03-31"));
        // octocat 2026-04-06: the coding agent and the CLI (17 prompts, 5 sessions) on the same day.
        Assert.Equal(["2026-04-06,octocat,,agent,1,,,,,1", "2026-04-06,octocat,,cli,17,,,,,5"], Day("octocat", "2026-04-06"));
    }

    [Fact]
    public void A_team_month_counts_cli_use_once()
    {
        var (_, sink) = Read(DataFolder());
        // The team of the four CLI users, all on the roster the whole of April 2026: the reference script's
        // april_interactions_per_engineer_cli_team, 676.5 (all eight users: 573.625). The reader before this change, given
        // the same records as NDJSON, gave 1,089.75 (781.875): totals_by_cli on top of copilot_cli, identical repeats rejected.
        string[] team = ["defunkt", "hubot", "octocat", "octokitten"];
        var april = sink.AiUsage.Where(r => r.Date.Year == 2026 && r.Date.Month == 4 && team.Contains(LoginOf[sink.Engineers[r.EngineerKey]]));
        Assert.Equal(676.5, april.Sum(r => (double)r.Interactions) / team.Length, 12);
        var all = sink.AiUsage.Where(r => r.Date.Year == 2026 && r.Date.Month == 4);
        Assert.Equal(573.625, all.Sum(r => (double)r.Interactions) / Logins.Length, 12);
    }

    [Fact]
    public void Every_shape_of_report_gives_the_same_rows()
    {
        var shipped = File.ReadAllText(Path.Combine(MockFolder, OneDay));
        var envelope = System.Text.Json.Nodes.JsonNode.Parse(shipped)!.AsObject();
        var records = envelope["day_totals"]!.AsArray().Select(r => r!.ToJsonString()).ToArray();
        var pretty = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        var expected = Rows(Read(DataFolder(("report.json", shipped))).Sink);
        Assert.Equal(File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Ingest.Tests", "Reference", "copilot_mock_reference.csv"))
            .Where(r => r.StartsWith("2026-04-25,hubot,", StringComparison.Ordinal) || r.StartsWith("2026-04-25,octocat,", StringComparison.Ordinal)).Order(StringComparer.Ordinal), expected);

        string[] shapes =
        [
            string.Join("\n", records) + "\n",                                         // NDJSON
            string.Join("\r\n", records),                                              // NDJSON, CRLF, no final newline
            "[" + string.Join(",", records) + "]",                                     // compact array
            System.Text.Json.Nodes.JsonNode.Parse("[" + string.Join(",", records) + "]")!.ToJsonString(pretty), // pretty array
            envelope.ToJsonString(),                                                   // envelope on one line
            envelope.ToJsonString() + "\n" + envelope.ToJsonString().Replace("2026-04-25", "2026-04-24") + "\n", // NDJSON of envelopes
            "\uFEFF" + shipped,                                                        // with a byte-order mark
            "[" + shipped + "]",                                                       // an array of envelopes
        ];
        foreach (var shape in shapes)
        {
            var rows = Rows(Read(DataFolder(("report.json", shape))).Sink);
            Assert.Equal(expected, rows.Where(r => r.StartsWith("2026-04-25", StringComparison.Ordinal)));
        }
        // One record alone, pretty-printed, is a report of one user-day.
        var single = System.Text.Json.Nodes.JsonNode.Parse(records[0])!.ToJsonString(pretty);
        Assert.Equal(expected.Where(r => r.Contains(",hubot,", StringComparison.Ordinal)), Rows(Read(DataFolder(("one.json", single))).Sink));
    }

    [Fact]
    public void A_broken_document_is_one_structural_message_without_user_data()
    {
        var shipped = File.ReadAllText(Path.Combine(MockFolder, TwentyEightDay));
        var truncated = shipped[..(shipped.Length / 2)];
        var e = Assert.Throws<DataFolderException>(() => Read(DataFolder(("report.json", truncated))));
        Assert.Equal("copilot/report.json is not valid JSON (line 8543: the file ends inside this value). Export the Copilot usage-metrics report again as GitHub gives it: a JSON report (an object with day_totals), an array of user-day records, or NDJSON with one record per line.", e.Message);

        // The shipped file ends with its closing brace on line 17361, without a newline: the stray text is on line 17362.
        var trailing = Assert.Throws<DataFolderException>(() => Read(DataFolder(("report.json", shipped + "\nhubot\n"))));
        Assert.Equal("copilot/report.json is not valid JSON (line 17362: expected a record, an array of records or a report object). Export the Copilot usage-metrics report again as GitHub gives it: a JSON report (an object with day_totals), an array of user-day records, or NDJSON with one record per line.", trailing.Message);

        var missingComma = Assert.Throws<DataFolderException>(() => Read(DataFolder(("report.json", "{\n \"day_totals\": [\n {\"day\": \"2026-04-01\"}\n {\"day\": \"2026-04-02\"}\n ]\n}\n"))));
        Assert.Equal("copilot/report.json is not valid JSON (line 4: expected ']', found '{'). Export the Copilot usage-metrics report again as GitHub gives it: a JSON report (an object with day_totals), an array of user-day records, or NDJSON with one record per line.", missingComma.Message);
        foreach (var message in new[] { e.Message, trailing.Message, missingComma.Message })
            Assert.DoesNotContain(Logins, l => message.Contains(l, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_first_ndjson_line_is_one_bad_record_and_the_rest_is_read()
    {
        const string good = """{"day":"2026-04-01","user_login":"hubot","totals_by_feature":[{"feature":"chat_inline","user_initiated_interaction_count":2}]}""";
        var (report, sink) = Read(DataFolder(("report.ndjson", "{\"day\":\"2026-04-01\",\"user_login\":\"hubot\"\n" + good + "\n")));
        Assert.Equal(["2026-04-01,hubot,,chat,2,,,,,"], Rows(sink));
        Assert.Equal(["error copilot/report.ndjson line 1: found '(a line that is not a JSON object; not shown, it may hold a user id)', expected one JSON object per line [malformed_json]"],
            Problems(report));
    }

    [Fact]
    public void A_model_breakdown_above_its_feature_total_is_not_used()
    {
        const string record = """{"day":"2026-04-01","user_login":"hubot","totals_by_feature":[{"feature":"chat_panel_ask_mode","user_initiated_interaction_count":5,"code_generation_activity_count":2}],"totals_by_model_feature":[{"model":"gpt-4.1","feature":"chat_panel_ask_mode","user_initiated_interaction_count":4,"code_generation_activity_count":2},{"model":"gpt-5","feature":"chat_panel_ask_mode","user_initiated_interaction_count":3,"code_generation_activity_count":0}]}""";
        var (report, sink) = Read(DataFolder(("report.ndjson", record + "\n")));
        Assert.Equal(["2026-04-01,hubot,,chat,5,2,,,,"], Rows(sink));
        Assert.Equal(["warning copilot/report.ndjson line 1, column 'totals_by_model_feature.user_initiated_interaction_count': found '7', expected model counts summing to at most the chat_panel_ask_mode total in totals_by_feature (5); the total is kept with model unknown [model_breakdown_above_total]"],
            Problems(report));
    }

    [Fact]
    public void Logins_and_user_ids_appear_in_no_output_on_any_path()
    {
        var shipped = File.ReadAllText(Path.Combine(MockFolder, OneDay));
        var hostile = shipped.Replace("\"day\": \"2026-04-25\"", "\"day\": \"<script>alert(1)</script>\"");
        var output = TestPaths.NewTempFolder("ingest-out");
        var (report, _) = Read(DataFolder(("a.json", hostile), ("b.json", File.ReadAllText(Path.Combine(MockFolder, TwentyEightDay))),
            ("c.ndjson", "{\"day\":\"2026-03-01\",\"user_login\":\"hubot\",\"user_initiated_interaction_count\":1}\n{\"user_login\":\"hubot\",\"user_id\":338097,\n")), output);
        Assert.Equal(3, report.ErrorCount); // the two hostile days and the broken line
        var texts = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(File.ReadAllText)
            .Concat(report.Diagnostics.Concat(report.Notes).Select(d => d.ToString())).ToArray();
        Assert.Contains(texts, t => t.Contains(P("octocat"), StringComparison.Ordinal));
        foreach (var text in texts)
        {
            Assert.DoesNotContain(Logins, l => text.Contains(l, StringComparison.Ordinal));
            Assert.DoesNotContain(UserIds, id => text.Contains(id, StringComparison.Ordinal));
        }
    }
}
