using System.Text;
using Modeling.Ingest.Csv;

namespace Modeling.Ingest.Tests;

public class CsvRecordReaderTests
{
    private static List<(long Line, string[] Fields, string Raw, string? Malformed)> ReadAll(string csv, int bufferSize = 1 << 20)
    {
        using var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), bufferSize);
        var result = new List<(long, string[], string, string?)>();
        var record = new RawRecord();
        result.Add((1, reader.Header.ToArray(), "", null));
        while (reader.Read(record))
        {
            var fields = Enumerable.Range(0, record.FieldCount).Select(i => Encoding.UTF8.GetString(record.Field(i))).ToArray();
            result.Add((record.Line, fields, Encoding.UTF8.GetString(record.Raw), record.Malformed));
        }
        return result;
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(7)] // tiny buffer: every record straddles refills and forces the buffer to grow
    public void Quoted_fields_hold_commas_line_breaks_and_doubled_quotes(int bufferSize)
    {
        var csv = "a,b,c\n1,\"x, y\",z\n2,\"line one\nline two\",\"say \"\"hi\"\"\"\n3,,\n";
        var rows = ReadAll(csv, bufferSize);
        Assert.Equal(["a", "b", "c"], rows[0].Fields);
        Assert.Equal((2L, "1|x, y|z"), (rows[1].Line, string.Join("|", rows[1].Fields)));
        Assert.Equal((3L, "2|line one\nline two|say \"hi\""), (rows[2].Line, string.Join("|", rows[2].Fields)));
        Assert.Equal("2,\"line one\nline two\",\"say \"\"hi\"\"\"", rows[2].Raw);
        // The record after a two-line record starts on physical line 5.
        Assert.Equal((5L, "3||"), (rows[3].Line, string.Join("|", rows[3].Fields)));
    }

    [Fact]
    public void Crlf_bom_blank_lines_and_missing_final_newline()
    {
        var rows = ReadAll("\uFEFFa,b\r\n1,2\r\n\r\n\n3,\"4\r\n5\"\r\n6,7");
        Assert.Equal(["a", "b"], rows[0].Fields);
        Assert.Equal([(2L, "1,2"), (5L, "3|4\r\n5"), (7L, "6|7")],
            rows.Skip(1).Select(r => (r.Line, r.Fields.Length == 2 && r.Line == 2 ? "1,2" : string.Join("|", r.Fields))));
    }

    [Fact]
    public void Text_after_a_closing_quote_and_an_unterminated_quote_are_flagged()
    {
        var rows = ReadAll("a,b\n\"x\"y,1\n2,\"open\n3,4\n");
        Assert.Equal(Messages.ExpectDelimiterAfterQuote, rows[1].Malformed);
        Assert.Equal(["\"x\"y", "1"], [rows[1].Raw.Split(',')[0], rows[1].Fields[1]]);
        // The unclosed quote breaks its own line only: reading resumes on the next line.
        Assert.Equal((3L, "2,\"open", Messages.ExpectClosingQuote), (rows[2].Line, rows[2].Raw, rows[2].Malformed));
        Assert.Equal((4L, "3|4", (string?)null), (rows[3].Line, string.Join("|", rows[3].Fields), rows[3].Malformed));
        Assert.Equal(4, rows.Count);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_stray_quote_rejects_its_line_alone_and_reading_resumes_on_the_next(string newline)
    {
        // Line 10 opens a quote that never closes, among 390 lines: only line 10 is broken.
        var lines = Enumerable.Range(2, 389).Select(i => i == 10 ? $"{i},\"stray" : $"{i},ok").Prepend("a,b");
        var rows = ReadAll(string.Join(newline, lines) + newline, bufferSize: 64);
        Assert.Equal(390, rows.Count);
        Assert.Equal([10L], rows.Where(r => r.Malformed is not null).Select(r => r.Line));
        Assert.Equal(Enumerable.Range(1, 390).Select(i => (long)i), rows.Select(r => r.Line));
    }

    [Fact]
    public void Two_stray_quotes_do_not_swallow_the_lines_between_them()
    {
        // The second stray quote would close the first one's field 5 lines later: text follows it, so line 3 alone is broken.
        var rows = ReadAll("a,b\n1,ok\n2,\"stray\n3,ok\n4,ok\n5,ok\n6,x\"y\"z\n7,ok\n");
        Assert.Equal([(3L, Messages.ExpectClosingQuote)], rows.Where(r => r.Malformed is not null).Select(r => (r.Line, r.Malformed!)));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), rows.Select(r => r.Line));
    }

    [Fact]
    public void Legitimate_multi_line_quoted_fields_within_the_bounds_are_read_whole()
    {
        var text = string.Join("\n", Enumerable.Range(0, QuotedFieldBounds.MaxLineFeeds + 1).Select(i => $"line {i}"));
        var rows = ReadAll($"a,b\n1,\"{text}\"\n2,\"{text}\nline\"\n3,x\n");
        Assert.Equal((2L, text, (string?)null), (rows[1].Line, rows[1].Fields[1], rows[1].Malformed));
        // One line feed too many: the field is broken, its first line rejected, the rest read as records.
        Assert.Equal((3L + QuotedFieldBounds.MaxLineFeeds, Messages.ExpectClosingQuote), (rows[2].Line, rows[2].Malformed));
        Assert.Equal("2,\"line 0", rows[2].Raw);
    }

    [Fact]
    public void Lines_read_count_every_physical_line()
    {
        using var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,\"x\ny\"\n\n2,3")));
        var record = new RawRecord();
        while (reader.Read(record)) { }
        Assert.Equal(5, reader.LinesRead);
    }

    [Fact]
    public void Wrong_field_counts_are_kept_as_read()
    {
        var rows = ReadAll("a,b,c\n1,2\n1,2,3,4\n");
        Assert.Equal([2, 4], rows.Skip(1).Select(r => r.Fields.Length));
    }
}
