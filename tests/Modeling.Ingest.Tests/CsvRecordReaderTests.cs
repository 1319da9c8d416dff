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
        Assert.Equal(3, rows[2].Line);
        Assert.Equal(Messages.ExpectClosingQuote, rows[2].Malformed);
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public void Wrong_field_counts_are_kept_as_read()
    {
        var rows = ReadAll("a,b,c\n1,2\n1,2,3,4\n");
        Assert.Equal([2, 4], rows.Skip(1).Select(r => r.Fields.Length));
    }
}
