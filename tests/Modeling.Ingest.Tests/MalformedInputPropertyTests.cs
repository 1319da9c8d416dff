using System.Text;
using CsCheck;
using Modeling.Ingest.Csv;
using Modeling.Ingest.Output;
using Modeling.Tests;
using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

/// <summary>
/// Generated broken inputs, every input kind: a valid data folder whose files carry raw engineer ids (in the id columns
/// and in free text), one file of which is broken by random quotes, delimiters, line breaks (LF, CRLF, lone CR),
/// deletions, truncation, shifted columns, control characters and foreign encodings (UTF-16, Latin-1 bytes, NUL).
/// Whatever the damage, ingest ends with a report or a <see cref="DataFolderException"/> (exit 2), never another
/// exception (exit 1) or a stack trace; every row read is used or rejected and every rejected row is accounted for in
/// diagnostics.csv; no raw id reaches an output file, a message or the summary.
/// </summary>
public class MalformedInputPropertyTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private static readonly string[] RawIds = ["alice.smith@corp.example", "bob.jones@corp.example", "carol.diaz@corp.example", "jdoe42"];

    private static readonly string[] Files = ["teams.csv", "roster.csv", "ai_usage.csv", "deployments.csv", "incidents.csv", "pull_requests.csv", "mandates.csv",
        "copilot/report.ndjson"];

    /// <summary>Each file: its header and row templates ({0} = the row number, for unique ids), repeated to 20-odd rows.</summary>
    private static readonly Dictionary<string, string> Valid = new()
    {
        ["teams.csv"] = Rows("team_id,org,name,service_tier,primary_language", 8,
            "t{0},payments,Payments {0},1,csharp", "s{0},search,\"Search, owner alice.smith@corp.example\",2,go", "r{0},search,Ranking,,"),
        ["roster.csv"] = Rows("engineer_id,team_id,valid_from,valid_to,level", 6,
            "alice.smith@corp.example,t{0},2024-01-01,,senior", "bob.jones@corp.example,t{0},2024-01-01,2024-12-31,mid",
            "carol.diaz@corp.example,s{0},2024-02-01,,bob.jones@corp.example", "jdoe42,r{0},2024-01-01,,junior"),
        ["ai_usage.csv"] = Rows("date,engineer_id,tool,model,feature,interactions,suggestions,acceptances", 6,
            "2024-03-{0:00},alice.smith@corp.example,copilot,gpt-4o,chat,5,10,4",
            "2024-03-{0:00},bob.jones@corp.example,copilot,\"model of carol.diaz@corp.example\",completion,3,8,2",
            "2024-03-{0:00},jdoe42,cursor,,agent,1,,", "2024-03-{0:00},carol.diaz@corp.example,copilot,gpt-4o,chat,2,4,1"),
        ["deployments.csv"] = Rows("deployment_id,team_id,finished_at,status,service,is_rollback", 8,
            "d{0},t1,2024-03-01T10:00:00Z,success,pay-api,false", "e{0},s1,2024-03-02T10:00:00Z,failure,\"owner: bob.jones@corp.example\",true",
            "f{0},r1,2024-03-03T10:00:00+01:00,success,rank,"),
        ["incidents.csv"] = Rows("incident_id,team_id,created_at,resolved_at,severity,kind,caused_by_deployment_id", 10,
            "i{0},t1,2024-03-01T11:00:00Z,2024-03-01T12:00:00Z,2,incident,d1", "j{0},s1,2024-03-02T11:00:00Z,,3,defect,alice.smith@corp.example"),
        ["pull_requests.csv"] = Rows("pr_id,author_id,created_at,team_id,repository,merged_at,additions", 6,
            "p{0},alice.smith@corp.example,2024-03-01T10:00:00Z,t1,api,2024-03-02T10:00:00Z,10",
            "q{0},jdoe42,2024-03-01T10:00:00Z,,\"fork of carol.diaz@corp.example\",,3", "r{0},bob.jones@corp.example,2024-03-03T10:00:00Z,s1,web,,",
            "s{0},carol.diaz@corp.example,2024-03-04T10:00:00Z,s2,web,,1"),
        // GitHub Copilot user-day records (NDJSON), logins being raw ids.
        ["copilot/report.ndjson"] = Records(8,
            """{"day":"2024-03-{0:00}","user_id":1,"user_login":"alice.smith@corp.example","user_initiated_interaction_count":7,"code_generation_activity_count":12,"code_acceptance_activity_count":5,"totals_by_feature":[{"feature":"code_completion","code_generation_activity_count":10,"code_acceptance_activity_count":4},{"feature":"chat_panel_ask_mode","user_initiated_interaction_count":3}],"totals_by_model_feature":[{"model":"gpt-4.1","feature":"chat_panel_ask_mode","user_initiated_interaction_count":3}],"used_chat":true}""",
            """{"day":"2024-03-{0:00}","user_id":2,"user_login":"jdoe42","user_initiated_interaction_count":2,"totals_by_feature":[{"feature":"chat_panel_agent_mode","user_initiated_interaction_count":2}],"totals_by_cli":{"session_count":1},"used_agent":true}"""),
        ["mandates.csv"] = Rows("mandate_id,scope,metric,target_multiplier,source", 10,
            "m{0},all,deployments,3,\"memo by alice.smith@corp.example\"", "n{0},team:t1,merged_prs,2,"),
    };

    private static string Rows(string header, int times, params string[] templates)
    {
        var sb = new StringBuilder(header).Append('\n');
        for (var i = 1; i <= times; i++)
            foreach (var t in templates) sb.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, t, i)).Append('\n');
        return sb.ToString();
    }

    private static string Records(int times, params string[] templates)
    {
        var sb = new StringBuilder();
        for (var i = 1; i <= times; i++)
            foreach (var t in templates) sb.Append(t.Replace("{0:00}", i.ToString("00", System.Globalization.CultureInfo.InvariantCulture))).Append('\n');
        return sb.ToString();
    }

    /// <summary>One change to a file's text: what, where (0–1 of the length), and which variant.</summary>
    public sealed record Damage(int Kind, double At, int Pick);

    /// <summary>A broken folder: the file broken, its damages, and how its bytes are finally encoded.</summary>
    public sealed record BrokenCase(int File, Damage[] Damages, int Encoding, bool AllFiles);

    private static readonly Gen<BrokenCase> Cases = Gen.Select(
        Gen.Int[0, Files.Length - 1],
        // Kinds 13–24 repeat the common damages 0–7, so that the rarer whole-file ones (8–12) leave most folders readable.
        Gen.Select(Gen.Int[0, 24], Gen.Double[0, 1], Gen.Int[0, 7], (k, at, pick) => new Damage(k > 12 ? k % 8 : k, at, pick)).Array[1, 5],
        Gen.Int[0, 27], // 1–7: a foreign encoding, else UTF-8
        Gen.Bool,
        (file, damages, encoding, all) => new BrokenCase(file, damages, encoding, all));

    [Fact]
    public void Ten_thousand_broken_folders_end_in_a_report_or_a_clear_error_and_never_leak_an_id()
    {
        var outcomes = new Outcomes();
        Cases.Sample(c => Check(c, outcomes), seed: "0N0XIzNsQ0O2", iter: 10_000, threads: 2,
            print: c => $"{Files[c.File]} encoding {c.Encoding} all {c.AllFiles}: {string.Join("; ", c.Damages.Select(d => $"{d.Kind}@{d.At:F3}/{d.Pick}"))}");
        // The cases do reach every outcome: folders refused, rows rejected (malformed ones and withheld ones), chunked reads compared.
        log.WriteLine($"refused {outcomes.Refused}, with rejects {outcomes.WithRejects}, malformed {outcomes.Malformed}, withheld {outcomes.Withheld}, compared {outcomes.Compared}");
        Assert.True(outcomes.Refused > 1000 && outcomes.WithRejects > 3000 && outcomes.Malformed > 1000 && outcomes.Withheld > 500 && outcomes.Compared > 300,
            $"refused {outcomes.Refused}, with rejects {outcomes.WithRejects}, malformed {outcomes.Malformed}, withheld {outcomes.Withheld}, compared {outcomes.Compared}");
    }

    private sealed class Outcomes
    {
        public int Refused, WithRejects, Malformed, Withheld, Compared;
    }

    private static void Check(BrokenCase c, Outcomes outcomes)
    {
        var folder = TestPaths.NewTempFolder("broken");
        var output = TestPaths.NewTempFolder("broken-out");
        try
        {
            var broken = Files[c.File];
            foreach (var (name, text) in Valid)
            {
                if (name != broken && !c.AllFiles && name is not ("teams.csv" or "roster.csv" or "ai_usage.csv")) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, name))!);
                File.WriteAllBytes(Path.Combine(folder, name), name == broken ? Break(text, c) : Encoding.UTF8.GetBytes(text));
            }
            var messages = new StringWriter();
            var sequential = Ingest(folder, output, messages, parallel: false);
            var said = messages.ToString();
            Assert.DoesNotContain("   at ", said);
            foreach (var id in RawIds) Assert.DoesNotContain(id, said);
            foreach (var path in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
            {
                var written = File.ReadAllText(path);
                foreach (var id in RawIds) Assert.DoesNotContain(id, written);
            }
            if (sequential is null) Interlocked.Increment(ref outcomes.Refused);
            else
            {
                CheckConservation(sequential, output);
                if (sequential.ErrorCount > 0) Interlocked.Increment(ref outcomes.WithRejects);
                if (sequential.Diagnostics.Any(d => d.Rule == Diagnostics.Rules.MalformedCsv)) Interlocked.Increment(ref outcomes.Malformed);
                if (Directory.Exists(Path.Combine(output, "rejects"))
                    && Directory.GetFiles(Path.Combine(output, "rejects")).Any(f => File.ReadAllText(f).Contains("raw text withheld")))
                    Interlocked.Increment(ref outcomes.Withheld);
            }
            // Now and then, the same folder read in chunks on several threads gives the same outputs.
            if ((c.File * 31 + c.Encoding * 7 + c.Damages.Length) % 16 == 0)
            {
                var parallelOutput = TestPaths.NewTempFolder("broken-out");
                var parallelMessages = new StringWriter();
                Ingest(folder, parallelOutput, parallelMessages, parallel: true);
                Interlocked.Increment(ref outcomes.Compared);
                Assert.Equal(said.Replace(output, "OUT"), parallelMessages.ToString().Replace(parallelOutput, "OUT"));
                foreach (var path in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
                    Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(Path.Combine(parallelOutput, Path.GetRelativePath(output, path))));
                Directory.Delete(parallelOutput, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>Ingests as <c>validate</c> does, writing what it would print; null when the folder is refused (exit 2).</summary>
    private static IngestReport? Ingest(string folder, string output, StringWriter messages, bool parallel)
    {
        try
        {
            var report = Ingestion.Validate(folder, new IngestOptions(Key) { OutputFolder = output, ReadAhead = parallel, ChunkSize = 64 });
            ReportText.Write(messages, report);
            return report;
        }
        catch (DataFolderException e)
        {
            if (e.PartialReport is { } partial) ReportText.Write(messages, partial);
            messages.WriteLine("error: " + e.Message);
            foreach (var d in e.PartialReport?.Diagnostics ?? []) messages.WriteLine(d);
            return null;
        }
    }

    /// <summary>Rows read = used + rejected (FileReport checks it), every rejected row has its errors in diagnostics.csv,
    /// and a file has at least one line per row read plus its header.</summary>
    private static void CheckConservation(IngestReport report, string output)
    {
        var errorLines = new Dictionary<string, HashSet<long>>();
        using (var reader = new CsvRecordReader(File.OpenRead(Path.Combine(output, "diagnostics.csv"))))
        {
            var record = new RawRecord();
            while (reader.Read(record))
            {
                Assert.Null(record.Malformed);
                if (Encoding.UTF8.GetString(record.Field(3)) != "error") continue;
                var file = Encoding.UTF8.GetString(record.Field(0));
                (errorLines.TryGetValue(file, out var lines) ? lines : errorLines[file] = []).Add(long.Parse(Encoding.UTF8.GetString(record.Field(1))));
            }
        }
        foreach (var f in report.Files)
        {
            Assert.Equal(f.RowsRejected, errorLines.GetValueOrDefault(f.File)?.Count ?? 0);
            if (f.LinesRead is { } lines) Assert.True(lines >= f.RowsRead + 1, $"{f.File}: {lines} lines for {f.RowsRead} rows");
        }
    }

    private static readonly string[] Breaks = ["\n", "\r\n", "\r"];
    private static readonly string[] Controls = ["\u001b[2J", "\u202e", "\u2066x\u2069", "\u0085", "\u007f", "\t", "\u0007"];

    /// <summary>The file's text with its damages done, encoded as the case says.</summary>
    private static byte[] Break(string text, BrokenCase c)
    {
        var fileName = Files[c.File];
        foreach (var d in c.Damages)
        {
            // Mostly after the header line (a broken header makes the whole file unusable), now and then anywhere.
            var header = d.Pick < 6 ? text.IndexOf('\n') + 1 : 0;
            var at = header + (int)(d.At * (text.Length - header));
            text = d.Kind switch
            {
                0 => text.Insert(at, "\""),
                1 => text.Insert(at, ","),
                2 => text.Insert(at, Breaks[d.Pick % 3]),
                3 => text.Remove(at, Math.Min(text.Length - at, 1 + d.Pick * 3)),
                4 => text[..at],
                5 => ShiftColumns(text, at, d.Pick),
                6 => text.Insert(at, (d.Pick % 3) switch { 0 => ",", 1 => "\"", _ => "" } + PlantedId(fileName, d.Pick)),
                7 => text.Insert(at, Controls[d.Pick % Controls.Length]),
                8 => text.Contains('\n') ? text[(text.IndexOf('\n') + 1)..] : text, // the header line lost
                9 => text.Replace("\n", Breaks[d.Pick % 3]),
                10 => text.Insert(at, "\"" + string.Concat(Enumerable.Repeat("x\n", 50 + d.Pick * 10))),
                11 => text.Insert(at, " "),
                _ => text[..Math.Min(text.Length, text.IndexOf('\n') + 1)], // header only
            };
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        var cut = (int)(c.Damages[0].At * bytes.Length);
        return c.Encoding switch
        {
            1 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            2 => Encoding.BigEndianUnicode.GetBytes(text),
            3 => [.. bytes[..cut], 0xE9, 0xFF, .. bytes[cut..]],           // Latin-1 bytes
            4 => [.. bytes[..cut], 0x00, .. bytes[cut..]],                 // a NUL byte
            5 => [.. Encoding.UTF8.GetPreamble(), .. bytes],
            6 => [0x50, 0x4B, 0x03, 0x04, .. bytes],                       // a zip header
            7 => Encoding.Latin1.GetBytes(text.Replace('a', 'é')),
            _ => bytes,
        };
    }

    /// <summary>
    /// A raw id to plant: e-mail-like ones anywhere; a bare user name only in files of engineer ids (elsewhere nothing
    /// tells it from any other text until the roster is read, and teams.csv is read before it).
    /// </summary>
    private static string PlantedId(string file, int pick) =>
        file is "roster.csv" or "ai_usage.csv" or "pull_requests.csv" or "copilot/report.ndjson" ? RawIds[pick % RawIds.Length] : RawIds[pick % (RawIds.Length - 1)];

    /// <summary>On the line at <paramref name="at"/>: a field dropped, doubled or moved to the front.</summary>
    private static string ShiftColumns(string text, int at, int pick)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var end = text.IndexOf('\n', start);
        if (end < 0) end = text.Length;
        var fields = text[start..end].Split(',').ToList();
        if (fields.Count < 2) return text;
        var i = pick % fields.Count;
        switch (pick % 3)
        {
            case 0: fields.RemoveAt(i); break;
            case 1: fields.Insert(i, fields[i]); break;
            default:
                var moved = fields[i];
                fields.RemoveAt(i);
                fields.Insert(0, moved);
                break;
        }
        return text[..start] + string.Join(',', fields) + text[end..];
    }
}
