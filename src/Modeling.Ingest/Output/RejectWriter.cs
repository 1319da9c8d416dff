using System.Globalization;
using System.Text;
using Modeling.Ingest.Csv;

namespace Modeling.Ingest.Output;

/// <summary>
/// Writes rejected rows to <c>rejects/&lt;table&gt;.csv</c>: the record exactly as read (raw bytes) except that engineer
/// ids (and any field that may be one) are replaced by their pseudonyms, plus the added columns <c>source_line</c> and
/// <c>reason</c>; a record whose raw text is withheld keeps only those two (its other fields empty).
/// The file is created on the first rejected row only.
/// </summary>
internal sealed class RejectWriter : IDisposable
{
    private readonly string? _path;
    private readonly byte[] _header;
    private readonly byte[] _emptyFields;
    private Stream? _stream;

    /// <param name="rejectsFolder">Where to write; null = nowhere.</param>
    /// <param name="fileName">The rejects file's name.</param>
    /// <param name="header">The input's header.</param>
    /// <param name="isColumnName">Whether a header cell is a schema column: others are written as <c>column_N</c> (a
    /// file without its header line has data there, maybe engineer ids).</param>
    public RejectWriter(string? rejectsFolder, string fileName, IReadOnlyList<string> header, Func<string, bool> isColumnName)
    {
        if (rejectsFolder is not null) _path = Path.Combine(rejectsFolder, fileName);
        var h = new StringBuilder();
        for (var i = 0; i < header.Count; i++)
            h.Append(isColumnName(header[i]) ? CsvWriting.Escape(header[i]) : "column_" + (i + 1).ToString(CultureInfo.InvariantCulture)).Append(',');
        h.Append("source_line,reason\n");
        _header = Encoding.UTF8.GetBytes(h.ToString());
        _emptyFields = Encoding.UTF8.GetBytes(new string(',', Math.Max(0, header.Count - 1)));
    }

    public string? WrittenPath => _stream is null ? null : _path;

    /// <summary>Writes one rejected record; <paramref name="replacements"/> are (raw start, raw end, pseudonym) of engineer fields, in order.</summary>
    public void Write(RawRecord record, ReadOnlySpan<(int Start, int End, string Pseudonym)> replacements, string reason)
    {
        if (Open() is not { } stream) return;
        var raw = record.Raw;
        var pos = 0;
        foreach (var (start, end, pseudonym) in replacements)
        {
            stream.Write(raw[pos..start]);
            stream.Write(Encoding.UTF8.GetBytes(pseudonym));
            pos = end;
        }
        stream.Write(raw[pos..]);
        stream.Write(Encoding.UTF8.GetBytes("," + record.Line.ToString(CultureInfo.InvariantCulture) + "," + CsvWriting.Escape(reason) + "\n"));
    }

    /// <summary>Writes the line and reason of a rejected record whose raw text is withheld.</summary>
    public void WriteWithheld(long line, string reason)
    {
        if (Open() is not { } stream) return;
        stream.Write(_emptyFields);
        stream.Write(Encoding.UTF8.GetBytes("," + line.ToString(CultureInfo.InvariantCulture) + "," + CsvWriting.Escape(reason) + "\n"));
    }

    private Stream? Open()
    {
        if (_path is null) return null;
        if (_stream is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            _stream = new BufferedStream(new FileStream(_path, FileMode.Create, FileAccess.Write), 1 << 16);
            _stream.Write(_header);
        }
        return _stream;
    }

    public void Dispose() => _stream?.Dispose();
}
