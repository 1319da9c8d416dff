using System.Text;

namespace Modeling.Ingest.Csv;

/// <summary>RFC 4180 output helpers: quote a field only when it holds a comma, quote, CR or LF.</summary>
internal static class CsvWriting
{
    private static readonly System.Buffers.SearchValues<byte> SpecialBytes = System.Buffers.SearchValues.Create(",\"\n\r"u8);
    private static readonly System.Buffers.SearchValues<char> SpecialChars = System.Buffers.SearchValues.Create(",\"\n\r");

    public static bool NeedsQuotes(ReadOnlySpan<byte> value) => value.IndexOfAny(SpecialBytes) >= 0;

    public static bool NeedsQuotes(string value) => value.AsSpan().IndexOfAny(SpecialChars) >= 0;

    /// <summary>Writes the value quoted, doubling inner quotes; returns the number of bytes written.</summary>
    public static int WriteQuoted(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        var pos = 0;
        destination[pos++] = (byte)'"';
        foreach (var b in value)
        {
            if (b == (byte)'"') destination[pos++] = (byte)'"';
            destination[pos++] = b;
        }
        destination[pos++] = (byte)'"';
        return pos;
    }

    public static string Escape(string value) => NeedsQuotes(value) ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    public static void WriteRow(TextWriter writer, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var f in fields)
        {
            if (!first) writer.Write(',');
            writer.Write(Escape(f));
            first = false;
        }
        writer.Write('\n');
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
