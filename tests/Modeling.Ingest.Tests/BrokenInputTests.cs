using System.Text;
using Modeling.Ingest.Diagnostics;
using Modeling.Tests;
using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

/// <summary>Files broken as a whole or by one record: what is refused (exact messages), and what one broken record costs.</summary>
public class BrokenInputTests
{
    private const string DeploymentsHeader = "deployment_id,team_id,finished_at,status\n";
    private const string PullRequestsHeader = "pr_id,author_id,created_at,team_id\n";

    /// <summary>390 lines: the header, then 389 rows, line 10 with a quote that never closes.</summary>
    private static string WithStrayQuote(string header, Func<int, string> row, Func<int, string> strayRow)
    {
        var sb = new StringBuilder(header);
        for (var line = 2; line <= 390; line++) sb.Append(line == 10 ? strayRow(line) : row(line)).Append('\n');
        return sb.ToString();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_unclosed_quote_on_line_10_of_deployments_rejects_that_record_alone(bool parallel)
    {
        var csv = WithStrayQuote(DeploymentsHeader, l => $"d{l},t1,2024-03-01T10:00:00Z,success", l => $"d{l},\"t1,2024-03-01T10:00:00Z,success");
        var folder = Folder(("deployments.csv", csv));
        var output = TestPaths.NewTempFolder("out");
        var sink = new CollectingSink();
        var report = Ingestion.Run(folder, new IngestOptions(Key) { OutputFolder = output, ReadAhead = parallel, ChunkSize = 1000 }, sink);
        var file = Assert.Single(report.Files, f => f.Table == "deployments");
        Assert.Equal((389L, 388L, 1L, (long?)390), (file.RowsRead, file.RowsUsed, file.RowsRejected, file.LinesRead));
        Assert.Equal(388, sink.Deployments.Count);
        var error = Assert.Single(report.Diagnostics);
        Assert.Equal($"error deployments.csv line 10: found '', expected {Messages.ExpectClosingQuote} [malformed_csv]", error.ToString());
        // deployments.csv carries no engineer ids: its broken line is kept as read.
        Assert.Equal("d10,\"t1,2024-03-01T10:00:00Z,success,10,", File.ReadAllLines(Path.Combine(output, "rejects", "deployments.csv"))[1][..40]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_unclosed_quote_on_line_10_of_pull_requests_rejects_that_record_alone_and_writes_no_raw_id(bool parallel)
    {
        var csv = WithStrayQuote(PullRequestsHeader, l => $"p{l},dev{l % 77}@corp.example,2024-03-01T10:00:00Z,t1",
            l => $"p{l},\"dev{l % 77}@corp.example,2024-03-01T10:00:00Z,t1");
        var folder = Folder(("pull_requests.csv", csv));
        var output = TestPaths.NewTempFolder("out");
        var report = Ingestion.Run(folder, new IngestOptions(Key) { OutputFolder = output, ReadAhead = parallel, ChunkSize = 1000 }, new CollectingSink());
        var file = Assert.Single(report.Files, f => f.Table == "pull_requests");
        Assert.Equal((389L, 388L, 1L, (long?)390), (file.RowsRead, file.RowsUsed, file.RowsRejected, file.LinesRead));
        Assert.Equal([(10L, Rules.MalformedCsv)], report.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => (d.Line, d.Rule)));
        var rejects = File.ReadAllText(Path.Combine(output, "rejects", "pull_requests.csv"));
        Assert.Equal("pr_id,author_id,created_at,team_id,source_line,reason\n" +
            $",,,,10,\"raw text withheld (its columns cannot be trusted and may hold a personal id); found '', expected {Messages.ExpectClosingQuote} [malformed_csv]\"\n",
            rejects);
        foreach (var path in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain("@corp.example", File.ReadAllText(path));
        Assert.DoesNotContain(report.Diagnostics.Concat(report.Notes), d => d.ToString().Contains("@corp.example"));
    }

    [Fact]
    public void Shifted_ids_in_a_row_with_the_right_field_count_are_shown_as_pseudonyms()
    {
        var folder = Folder(("roster.csv", Roster + "t1,alice.smith@corp.example,2024-01-01,,\n"),
            ("ai_usage.csv", AiUsage + "alice@example.com,2024-03-01,copilot,,,1,,,,,\n"));
        var output = TestPaths.NewTempFolder("out");
        var report = Validate(folder, output);
        Assert.Contains($"error roster.csv line 4, column 'team_id': found '{P("alice.smith@corp.example")}', expected a team_id listed in teams [unknown_team]", Problems(report));
        Assert.Contains($"error ai_usage.csv line 3, column 'date': found '{P("alice@example.com")}', expected a date YYYY-MM-DD [invalid_value]", Problems(report));
        foreach (var path in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain("alice", File.ReadAllText(path));
    }

    [Fact]
    public void A_headerless_roster_names_no_header_cell()
    {
        var folder = Folder(("roster.csv", "alice.smith@corp.example,t1,2024-01-01\nbob@corp.example,t1,2024-01-01\n"));
        var e = Assert.Throws<DataFolderException>(() => Validate(folder));
        Assert.Equal("roster.csv: the required column 'engineer_id' is missing from the header (line 1). Add it; none of the schema's columns were found (and 3 other header cells, not shown: is the header line missing?).",
            e.Message);
    }

    [Fact]
    public void Control_characters_in_echoed_values_are_escaped()
    {
        var folder = Folder(("deployments.csv", DeploymentsHeader + "d1,t1,2024-03-01T10:00:00Z,\u001b[31mok\u202e\u0085\u007f\n"));
        var report = Validate(folder);
        Assert.Equal("error deployments.csv line 2, column 'status': found '\\x1b[31mok\\u202e\\u0085\\x7f', expected one of success, failure [invalid_value]",
            Assert.Single(Problems(report)));
        Assert.Equal("a\\tb\\r\\n\\u2066c\\u2069\\x00", Output.ShownText.Escape("a\tb\r\n\u2066c\u2069\0"));
    }

    [Fact]
    public void A_folder_named_like_an_input_file_is_refused()
    {
        var folder = Folder();
        Directory.CreateDirectory(Path.Combine(folder, "deployments.csv"));
        var e = Assert.Throws<DataFolderException>(() => Validate(folder));
        Assert.Equal("deployments.csv is a folder, not a file. Put the export there as a file of that name, or remove the folder.", e.Message);
    }

    public static TheoryData<string, byte[], string> NotUtf8Files => new()
    {
        { "utf-16", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(DeploymentsHeader)], Messages.FoundUtf16Or32 },
        { "utf-16 without a byte order mark", Encoding.BigEndianUnicode.GetBytes(DeploymentsHeader), Messages.FoundNulBytes },
        { "utf-32", [.. new UTF32Encoding(true, true).GetPreamble(), .. new UTF32Encoding(true, true).GetBytes(DeploymentsHeader)], Messages.FoundUtf16Or32 },
        { "zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00], Messages.FoundZip },
        { "gzip", [0x1F, 0x8B, 0x08, 0x00], Messages.FoundGzip },
        { "binary", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00], Messages.FoundNulBytes },
        { "latin-1 header", Encoding.Latin1.GetBytes("déploiement,team_id\n"), Messages.FoundHeaderNotUtf8 },
    };

    [Theory]
    [MemberData(nameof(NotUtf8Files))]
    public void A_csv_that_is_not_utf8_text_is_refused_as_a_whole(string kind, byte[] content, string what)
    {
        var folder = Folder();
        File.WriteAllBytes(Path.Combine(folder, "deployments.csv"), content);
        var e = Assert.Throws<DataFolderException>(() => Validate(folder));
        Assert.True(e.Message == $"deployments.csv is not a UTF-8 CSV file ({what}). Export it again as UTF-8 CSV (RFC 4180, header row) or as Parquet.", kind + ": " + e.Message);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_fine()
    {
        var folder = Folder(("deployments.csv", "\uFEFF" + DeploymentsHeader + "d1,t1,2024-03-01T10:00:00Z,success\n"));
        Assert.Equal(1, Validate(folder).RowsUsed("deployments"));
    }

    [Theory]
    [InlineData("deployments.csv", "deployment_id,team_id,finished_at,status\n")]
    [InlineData("incidents.csv", "incident_id,team_id,created_at\r\n")]
    [InlineData("pull_requests.csv", "pr_id,author_id,created_at")]
    public void A_header_only_event_file_counts_as_absent(string name, string header)
    {
        var report = Validate(Folder((name, header)));
        var table = name[..^4];
        Assert.False(report.IsPresent(table));
        Assert.Equal(0, Assert.Single(report.Files, f => f.Table == table).RowsRead);
        Assert.Contains($"note {name}: found '{name} has a header but no rows: treated as absent, so the outcomes that need it are unavailable (not zero)', expected one row per record after the header [header_only]",
            report.Notes.Select(n => n.ToString()));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t  ")]
    [InlineData("\u00a0")]
    public void White_space_ids_are_rejected_as_empty(string blank)
    {
        var report = Validate(Folder(("deployments.csv", DeploymentsHeader + $"\"{blank}\",t1,2024-03-01T10:00:00Z,success\nd2,t1,2024-03-01T10:00:00Z,success\n")));
        var error = Assert.Single(report.Diagnostics);
        Assert.Equal((Rules.MissingValue, "deployment_id", Messages.ExpectNonEmpty), (error.Rule, error.Column, error.Expected));
        Assert.Equal(1, report.RowsUsed("deployments"));
    }
}
