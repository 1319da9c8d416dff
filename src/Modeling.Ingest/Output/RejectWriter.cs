using System.Globalization;
using System.Text;
using Modeling.Ingest.Csv;

namespace Modeling.Ingest.Output;

/// <summary>
/// Writes rejected rows to <c>rejects/&lt;table&gt;.csv</c>: the record exactly as read (raw bytes) except that engineer
/// ids are replaced by their pseudonyms, plus the added columns <c>source_line</c> and <c>reason</c>.
/// The file is created on the first rejected row only.
/// </summary>
internal sealed class RejectWriter : IDisposable
{
    private readonly string? _path;
    private readonly byte[] _header;
    private Stream? _stream;

    public RejectWriter(string? rejectsFolder, string fileName, IReadOnlyList<string> header)
    {
        if (rejectsFolder is not null) _path = Path.Combine(rejectsFolder, fileName);
        var h = new StringBuilder();
        foreach (var name in header) h.Append(CsvWriting.Escape(name)).Append(',');
        h.Append("source_line,reason\n");
        _header = Encoding.UTF8.GetBytes(h.ToString());
    }

    public string? WrittenPath => _stream is null ? null : _path;

    /// <summary>Writes one rejected record; <paramref name="replacements"/> are (raw start, raw end, pseudonym) of engineer fields, in order.</summary>
    public void Write(RawRecord record, ReadOnlySpan<(int Start, int End, string Pseudonym)> replacements, string reason)
    {
        if (_path is null) return;
        if (_stream is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            _stream = new BufferedStream(new FileStream(_path, FileMode.Create, FileAccess.Write), 1 << 16);
            _stream.Write(_header);
        }
        var raw = record.Raw;
        var pos = 0;
        foreach (var (start, end, pseudonym) in replacements)
        {
            _stream.Write(raw[pos..start]);
            _stream.Write(Encoding.UTF8.GetBytes(pseudonym));
            pos = end;
        }
        _stream.Write(raw[pos..]);
        _stream.Write(Encoding.UTF8.GetBytes("," + record.Line.ToString(CultureInfo.InvariantCulture) + "," + CsvWriting.Escape(reason) + "\n"));
    }

    public void Dispose() => _stream?.Dispose();
}
