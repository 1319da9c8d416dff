using System.Text;
using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

/// <summary>
/// Reading a file on several threads (cut into chunks at record boundaries) must give exactly what one thread gives:
/// the same rows with the same engineer and deployment keys, the same diagnostics on the same lines, the same rejects.
/// Chunks are made tiny here so that they are cut next to every kind of awkward record.
/// </summary>
public class ParallelReadingTests
{
    [Theory]
    [InlineData(64)]    // smaller than many records: chunks grow to hold one
    [InlineData(1000)]
    [InlineData(4096)]
    public void Chunked_reading_on_several_threads_equals_reading_on_one(int chunkSize)
    {
        var folder = Folder(("ai_usage.csv", Usage()), ("pull_requests.csv", PullRequests()), ("deployments.csv", Deployments()),
            ("incidents.csv", Incidents()));
        var (oneOut, manyOut) = (Modeling.Tests.TestPaths.NewTempFolder("one"), Modeling.Tests.TestPaths.NewTempFolder("many"));
        var one = new CollectingSink();
        var oneReport = Ingestion.Run(folder, new IngestOptions(Key) { OutputFolder = oneOut, ReadAhead = false }, one);
        var many = new CollectingSink();
        var manyReport = Ingestion.Run(folder, new IngestOptions(Key) { OutputFolder = manyOut, ChunkSize = chunkSize }, many);

        Assert.True(oneReport.ErrorCount > 20 && oneReport.WarningCount > 20); // the data do exercise the rules
        Assert.Equal(Problems(oneReport), Problems(manyReport));
        Assert.Equal(oneReport.Files.Select(f => (f.File, f.RowsRead, f.RowsUsed, f.RowsRejected)),
            manyReport.Files.Select(f => (f.File, f.RowsRead, f.RowsUsed, f.RowsRejected)));
        Assert.Equal(one.AiUsage, many.AiUsage);
        Assert.Equal(one.PullRequests, many.PullRequests);
        Assert.Equal(one.Deployments, many.Deployments);
        Assert.Equal(one.Incidents, many.Incidents);
        Assert.Equal(one.Engineers, many.Engineers);
        foreach (var file in new[] { "diagnostics.csv", "rejects/ai_usage.csv", "rejects/pull_requests.csv", "rejects/deployments.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(oneOut, file)), File.ReadAllText(Path.Combine(manyOut, file)));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(70_000)] // about one over-long quoted field per chunk
    public void Chunked_reading_equals_reading_on_one_thread_for_malformed_files(int chunkSize)
    {
        var folder = Folder(("deployments.csv", MalformedDeployments()), ("pull_requests.csv", MalformedPullRequests()));
        var (oneOut, manyOut) = (Modeling.Tests.TestPaths.NewTempFolder("one"), Modeling.Tests.TestPaths.NewTempFolder("many"));
        var one = new CollectingSink();
        var oneReport = Ingestion.Run(folder, new IngestOptions(Key) { OutputFolder = oneOut, ReadAhead = false }, one);
        var many = new CollectingSink();
        var manyReport = Ingestion.Run(folder, new IngestOptions(Key) { OutputFolder = manyOut, ChunkSize = chunkSize }, many);

        Assert.True(oneReport.Diagnostics.Count(d => d.Rule == Diagnostics.Rules.MalformedCsv) > 50);
        Assert.Equal(Problems(oneReport), Problems(manyReport));
        Assert.Equal(oneReport.Files.Select(f => (f.File, f.RowsRead, f.RowsUsed, f.RowsRejected, f.LinesRead)),
            manyReport.Files.Select(f => (f.File, f.RowsRead, f.RowsUsed, f.RowsRejected, f.LinesRead)));
        Assert.Equal(one.Deployments, many.Deployments);
        Assert.Equal(one.PullRequests, many.PullRequests);
        foreach (var file in new[] { "diagnostics.csv", "rejects/pull_requests.csv", "rejects/deployments.csv" })
            Assert.Equal(File.ReadAllText(Path.Combine(oneOut, file)), File.ReadAllText(Path.Combine(manyOut, file)));
        // Physical lines as `wc -l` counts them (every line ends with a line feed here).
        var deployments = Assert.Single(oneReport.Files, f => f.Table == "deployments");
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "deployments.csv")).Count(c => c == '\n'), deployments.LinesRead);
    }

    /// <summary>Stray quotes, quotes closed lines later and followed by text, quoted fields over the line and byte bounds, CRLF.</summary>
    private static string MalformedDeployments()
    {
        var rng = new Random(11);
        var sb = new StringBuilder("deployment_id,team_id,finished_at,status,service\n");
        for (var i = 0; i < 2500; i++)
        {
            var end = i % 13 == 0 ? "\r\n" : "\n";
            var service = (rng.Next(40)) switch
            {
                0 => "\"stray",                                                   // never closed (until a later quote)
                1 => "\"two\nlines\"",                                           // fine
                2 => "x\"y",                                                      // a quote inside an unquoted field
                3 => "\"" + string.Concat(Enumerable.Repeat("l\n", 101)) + "\"",   // one line feed too many
                4 => "\"" + new string('b', 70_000) + "\"",                       // over 64 KiB
                5 => "\"a\"\"b\nc\"",                                            // a doubled quote and a line break
                6 => "\"closed\nlater\"then-text",                                 // text after a multi-line quoted field
                _ => "svc",
            };
            sb.Append($"d{i},t{1 + i % 2},2024-03-{1 + i % 28:00}T10:00:00Z,success,{service}{end}");
        }
        return sb.ToString();
    }

    private static string MalformedPullRequests()
    {
        var sb = new StringBuilder("pr_id,author_id,created_at,team_id,repository\n");
        for (var i = 0; i < 1500; i++)
        {
            var author = i % 9 == 0 ? $"\"dev{i % 7}@corp.example" : $"dev{i % 7}@corp.example";
            var repository = i % 17 == 0 ? "\"api\n\"v2" : "api";
            sb.Append($"p{i},{author},2024-03-{1 + i % 28:00}T10:00:00Z,t1,{repository}\n");
        }
        return sb.ToString();
    }

    /// <summary>Usage rows with quotes, line breaks inside quotes, CRLF and lone CR, blank lines, broken rows and new engineers.</summary>
    private static string Usage()
    {
        var rng = new Random(5);
        var sb = new StringBuilder("date,engineer_id,tool,model,feature,interactions,suggestions,acceptances,lines_suggested,lines_accepted,agent_sessions\n");
        string[] engineers = ["alice@example.com", "bob@example.com", "carol@example.com", "\"dave, jr\"", "erin@example.com"];
        for (var i = 0; i < 3000; i++)
        {
            var engineer = engineers[rng.Next(engineers.Length)];
            var model = (i % 23) switch
            {
                0 => "\"gpt,4o\"",
                1 => "\"multi\nline \"\"model\"\"\"",
                2 => "\"closed\"after",
                3 => "gp\"t",
                _ => "gpt-4o",
            };
            var interactions = i % 29 == 0 ? "-3" : (i % 31 == 0 ? "" : rng.Next(1, 40).ToString());
            var date = i % 37 == 0 ? "2024-02-30" : $"2024-03-{1 + i % 28:00}";
            var end = (i % 17) switch { 0 => "\r\n", 1 => "\r", 2 => "\n\n", _ => "\n" };
            if (i % 41 == 0) sb.Append($"{date},{engineer},copilot{end}");
            else sb.Append($"{date},{engineer},copilot,{model},chat,{interactions},10,{(i % 43 == 0 ? "12" : "4")},40,30,{end}");
        }
        sb.Append("2024-03-02,alice@example.com,copilot,\"unclosed,chat,5,10,4,40,30,\n2024-03-03,bob@example.com,x,y,chat,1,,,,,\n");
        return sb.ToString();
    }

    private static string PullRequests()
    {
        var sb = new StringBuilder("pr_id,author_id,created_at,team_id,repository,first_commit_at,first_review_at,merged_at,additions,deletions,review_comments,review_rounds,ai_assisted,reverted\r\n");
        for (var i = 0; i < 1500; i++)
        {
            var id = i % 19 == 0 ? $"p{i / 2}" : $"p{i}";
            var author = (i % 7) switch { 0 => "frank@example.com", 1 => $"\"new{i % 5}@example.com\"", _ => "alice@example.com" };
            var repository = i % 11 == 0 ? "\"api\r\nv2\"" : "api";
            sb.Append($"{id},{author},2024-03-{1 + i % 28:00}T10:00:00Z,{(i % 13 == 0 ? "t9" : "")},{repository},,,{(i % 5 == 0 ? "2024-02-01T00:00:00Z" : "")},1,2,,,,\r\n");
        }
        return sb.ToString();
    }

    private static string Deployments()
    {
        var sb = new StringBuilder("deployment_id,team_id,finished_at,status\n");
        for (var i = 0; i < 800; i++) sb.Append($"d{(i % 23 == 0 ? i / 3 : i)},t{1 + i % 2},2024-03-{1 + i % 28:00}T10:00:00Z,{(i % 29 == 0 ? "done" : "success")}\n");
        return sb.ToString();
    }

    private static string Incidents()
    {
        var sb = new StringBuilder("incident_id,team_id,created_at,caused_by_deployment_id\n");
        for (var i = 0; i < 400; i++) sb.Append($"i{i},t1,2024-03-{1 + i % 28:00}T10:00:00Z,{(i % 3 == 0 ? $"d{i * 2}" : "")}\n");
        return sb.ToString();
    }
}
