using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;

namespace Modeling.Ingest.Csv;

/// <summary>
/// Streaming RFC 4180 reader over UTF-8 bytes: quoted fields may hold commas, line breaks and doubled quotes;
/// LF, CRLF and a lone CR end records; blank lines are skipped; a UTF-8 byte order mark is ignored. A broken quoted field
/// (see <see cref="QuotedFieldBounds"/>) makes its record's first line a malformed record, and reading goes on at the next line. Nothing is decoded to strings
/// except the header: values are handed out as byte spans. Line numbers are physical lines, counting the line breaks
/// inside quoted fields, so a record's line is the line it starts on (header = 1).
/// </summary>
internal sealed class CsvRecordReader : IRecordSource
{
    private const byte Comma = (byte)',', Quote = (byte)'"', Lf = (byte)'\n', Cr = (byte)'\r';

    // The field delimiter: a comma for every input file of CONTRACT §1; panel files a data scientist brings to estimate
    // may use a semicolon or a tab.
    private readonly byte _delimiter = Comma;
    private readonly System.Buffers.SearchValues<byte> _fieldEnd = CommaFieldEnd;
    private readonly Vector256<byte> _delimiterV = Vector256.Create(Comma);
    private static readonly System.Buffers.SearchValues<byte> CommaFieldEnd = System.Buffers.SearchValues.Create(",\n\r"u8);

    private readonly Stream? _stream;
    private byte[] _buffer;
    private long _bufferOffset; // position in the stream of _buffer[0]
    private int _start; // first unconsumed byte
    private int _end;   // end of valid data
    private bool _eof;
    private long _line = 1; // line of the next unconsumed byte

    /// <summary>Reads <paramref name="stream"/> from its start, header first, <paramref name="bufferSize"/> bytes at a
    /// time (more for a record that does not fit), with <paramref name="delimiter"/> between fields (a comma by RFC 4180;
    /// a semicolon or a tab for panel files from elsewhere).</summary>
    public CsvRecordReader(Stream stream, int bufferSize = 1 << 20, byte delimiter = Comma)
    {
        if (delimiter is Quote or Lf or Cr) throw new ArgumentOutOfRangeException(nameof(delimiter));
        _delimiter = delimiter;
        _delimiterV = Vector256.Create(delimiter);
        _fieldEnd = delimiter == Comma ? CommaFieldEnd : System.Buffers.SearchValues.Create([delimiter, Lf, Cr]);
        _stream = stream;
        _buffer = new byte[bufferSize];
        Fill();
        NotUtf8 = Utf8Sniffing.Problem(_buffer.AsSpan(0, _end));
        if (NotUtf8 is not null) { Header = []; return; }
        if (_end - _start >= 3 && _buffer.AsSpan(_start, 3).SequenceEqual("\uFEFF"u8)) _start += 3;
        var header = new RawRecord();
        Header = Read(header) ? DecodeHeader(header) : [];
        if (Header.Count > 0 && !System.Text.Unicode.Utf8.IsValid(header.Raw)) NotUtf8 = Messages.FoundHeaderNotUtf8;
    }

    /// <summary>Why the file is not UTF-8 text (UTF-16, an archive, binary), or null; then nothing is read.</summary>
    public string? NotUtf8 { get; }

    /// <summary>A reader of headerless chunks of a file, each starting at a record (see <see cref="CsvChunker"/>).</summary>
    private CsvRecordReader()
    {
        _stream = null;
        _buffer = [];
        _eof = true;
        Header = [];
    }

    public static CsvRecordReader ForChunks() => new();

    /// <summary>Reads the records of <paramref name="length"/> bytes of <paramref name="chunk"/> (not copied); lines count from 1.</summary>
    public void Reset(byte[] chunk, int length)
    {
        _buffer = chunk;
        _start = 0;
        _end = length;
        _bufferOffset = 0;
        _line = 1;
        EndsWithoutLineBreak = false;
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>True when the file has no header at all (0 bytes or only blank lines).</summary>
    public bool IsEmpty => Header.Count == 0;

    /// <summary>Bytes of the stream consumed so far (after the header: where the first record may start).</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>The physical line of the next unconsumed byte.</summary>
    public long NextLine => _line;

    /// <summary>Whether the last record read ended at the end of the data without a line break.</summary>
    public bool EndsWithoutLineBreak { get; private set; }

    public long LinesRead => _line - 1 + (EndsWithoutLineBreak ? 1 : 0);

    public bool Read(RawRecord record)
    {
        while (true)
        {
            if (_start == _end)
            {
                if (!Fill()) return false;
                continue;
            }
            // Blank lines are not records.
            var b = _buffer[_start];
            if (b == Lf) { _start++; _line++; continue; }
            if (b == Cr)
            {
                if (_start + 1 == _end && !_eof) { if (!Fill()) { _start++; return false; } continue; }
                _start += _start + 1 < _end && _buffer[_start + 1] == Lf ? 2 : 1;
                _line++;
                continue;
            }
            if (TryParse(record, out var consumed, out var lines))
            {
                _start += consumed;
                record.Line = _line;
                _line += lines;
                EndsWithoutLineBreak = _start == _end && _eof && _buffer[_end - 1] is not (Lf or Cr);
                return true;
            }
            // The record runs past the buffered data: read more (growing the buffer when one record fills it) and retry.
            if (!Fill()) throw new InvalidOperationException("unreachable: parser asked for more data at end of file");
        }
    }

    /// <summary>Parses one record from the buffer; false when more data are needed.</summary>
    private bool TryParse(RawRecord record, out int consumed, out long lines)
    {
        record.Clear();
        consumed = 0;
        lines = 0;
        var data = _buffer.AsSpan(_start, _end - _start);
        var p = 0;
        int recordEnd; // exclusive end of the record text, before its line break
        int terminatorLength;
        string? malformed = null;
        var fieldStarts = _fieldBuffer;
        var fieldCount = 0;
        var fieldLineFeeds = 0;
        switch (TrySplitWithoutQuotes(data, record, out recordEnd, out terminatorLength))
        {
            case FastSplit.NeedMoreData: return false;
            case FastSplit.Done:
                lines = terminatorLength > 0 ? 1 : 0;
                record.SetRaw(data[..recordEnd]);
                consumed = recordEnd + terminatorLength;
                return true;
        }
        record.Clear(); // the fields the fast path added before it met a quote
        while (true)
        {
            var rawStart = p;
            int rawEnd, valueStart, valueLength;
            var escaped = false;
            if (p < data.Length && data[p] == Quote)
            {
                var q = p + 1;
                while (true)
                {
                    // Within the bounds of QuotedFieldBounds: the next quote or line feed.
                    var limit = p + QuotedFieldBounds.MaxBytes + 1;
                    var window = Math.Min(data.Length, limit) - q;
                    var idx = window > 0 ? data.Slice(q, window).IndexOfAny(Quote, Lf) : -1;
                    if (idx < 0)
                    {
                        if (data.Length < limit && !_eof) return false;
                        // No closing quote within the bounds, or before the end of the file: the record is broken.
                        return Resynchronise(record, data, out consumed, out lines);
                    }
                    q += idx;
                    if (data[q] == Lf)
                    {
                        if (++fieldLineFeeds > QuotedFieldBounds.MaxLineFeeds)
                            return Resynchronise(record, data, out consumed, out lines);
                        q++;
                        continue;
                    }
                    q++;
                    if (q == data.Length && !_eof) return false;
                    if (q < data.Length && data[q] == Quote) { escaped = true; q++; continue; }
                    rawEnd = q;
                    valueStart = p + 1;
                    valueLength = q - 1 - valueStart;
                    break;
                }
                lines += fieldLineFeeds;
                fieldLineFeeds = 0;
                p = rawEnd;
                if (p < data.Length && data[p] != _delimiter && data[p] != Lf && data[p] != Cr)
                {
                    // Text after the closing quote of a field that ran over several lines: the quote that opened it was
                    // most likely a stray one, so only the record's first line is taken as broken.
                    if (HasLineBreak(data[..p])) return Resynchronise(record, data, out consumed, out lines);
                    // Text after the closing quote: keep it in the raw text, flag the record.
                    malformed ??= Messages.ExpectDelimiterAfterQuote;
                    var more = data[p..].IndexOfAny(_fieldEnd);
                    if (more < 0) { if (!_eof) return false; more = data.Length - p; }
                    p += more;
                    rawEnd = p;
                }
            }
            else
            {
                var idx = data[p..].IndexOfAny(_fieldEnd);
                if (idx < 0) { if (!_eof) return false; idx = data.Length - p; }
                rawEnd = p + idx;
                valueStart = p;
                valueLength = idx;
                p = rawEnd;
            }
            if (fieldCount == fieldStarts.Length) Array.Resize(ref _fieldBuffer, fieldCount * 2);
            fieldStarts = _fieldBuffer;
            fieldStarts[fieldCount++] = (rawStart, rawEnd, valueStart, valueLength, escaped);

            if (p >= data.Length) { recordEnd = p; terminatorLength = 0; break; }
            var delimiter = data[p];
            if (delimiter == _delimiter) { p++; continue; }
            recordEnd = p;
            if (delimiter == Lf) terminatorLength = 1;
            else if (p + 1 < data.Length) terminatorLength = data[p + 1] == Lf ? 2 : 1;
            else if (_eof) terminatorLength = 1;
            else return false; // CR at buffer end: is it CRLF?
            lines++;
            break;
        }

        record.SetRaw(data[..recordEnd]);
        for (var i = 0; i < fieldCount; i++)
        {
            var f = fieldStarts[i];
            if (f.Escaped) record.AddUnescapedField(f.RawStart, f.RawEnd, Unescape(data.Slice(f.ValueStart, f.ValueLength)));
            else record.AddField(f.RawStart, f.RawEnd, f.ValueStart, f.ValueLength);
        }
        record.Malformed = malformed;
        consumed = recordEnd + terminatorLength;
        return true;
    }

    private static readonly System.Buffers.SearchValues<byte> LineBreak = System.Buffers.SearchValues.Create("\r\n"u8);

    private static bool HasLineBreak(ReadOnlySpan<byte> text) => text.IndexOfAny(LineBreak) >= 0;

    /// <summary>
    /// A broken record (see <see cref="QuotedFieldBounds"/>) is its first physical line only, flagged with one reason
    /// whatever broke it (a reader of one chunk cannot always see the quote that closes the field later, the file's
    /// reader can); reading resumes on the next line. False when that line's end is not buffered yet.
    /// </summary>
    private bool Resynchronise(RawRecord record, ReadOnlySpan<byte> data, out int consumed, out long lines)
    {
        record.Clear();
        consumed = 0;
        lines = 0;
        var end = data.IndexOfAny(LineBreak);
        int terminator;
        if (end < 0)
        {
            if (!_eof) return false;
            end = data.Length;
            terminator = 0;
        }
        else if (data[end] == Lf) terminator = 1;
        else if (end + 1 < data.Length) terminator = data[end + 1] == Lf ? 2 : 1;
        else if (_eof) terminator = 1;
        else return false; // CR at buffer end: is it CRLF?
        record.SetRaw(data[..end]);
        record.AddField(0, end, 0, end);
        record.Malformed = Messages.ExpectClosingQuote;
        consumed = end + terminator;
        lines = terminator > 0 ? 1 : 0;
        return true;
    }

    private enum FastSplit { Done, NeedMoreData, HasQuote }

    private static readonly Vector256<byte> LfV = Vector256.Create(Lf), CrV = Vector256.Create(Cr),
        QuoteV = Vector256.Create(Quote);

    /// <summary>
    /// The common case, fast: a record without any quote, split in one pass that finds every comma and line break 32
    /// bytes at a time, adding the fields to <paramref name="record"/> as it goes (no intermediate list: this runs for
    /// every one of tens of millions of records). Gives up (<see cref="FastSplit.HasQuote"/>) at the first quote: the general
    /// parser handles the record.
    /// </summary>
    private FastSplit TrySplitWithoutQuotes(ReadOnlySpan<byte> data, RawRecord record, out int recordEnd, out int terminatorLength)
    {
        recordEnd = terminatorLength = 0;
        var fieldStart = 0;
        var delimiterV = _delimiterV;
        var delimiterByte = _delimiter;
        var i = 0;
        while (true)
        {
            uint mask;
            int block;
            if (Vector256.IsHardwareAccelerated && i + 32 <= data.Length)
            {
                var v = Vector256.Create(data.Slice(i, 32));
                mask = (Vector256.Equals(v, delimiterV) | Vector256.Equals(v, LfV) | Vector256.Equals(v, CrV) | Vector256.Equals(v, QuoteV))
                    .ExtractMostSignificantBits();
                block = 32;
            }
            else
            {
                block = Math.Min(32, data.Length - i);
                mask = 0;
                for (var k = 0; k < block; k++)
                {
                    var b = data[i + k];
                    if (b == delimiterByte || b is Lf or Cr or Quote) mask |= 1u << k;
                }
            }
            while (mask != 0)
            {
                var at = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                var b = data[at];
                if (b == Quote) return FastSplit.HasQuote;
                record.AddField(fieldStart, at, fieldStart, at - fieldStart);
                if (b == delimiterByte) { fieldStart = at + 1; continue; }
                recordEnd = at;
                if (b == Lf) terminatorLength = 1;
                else if (at + 1 < data.Length) terminatorLength = data[at + 1] == Lf ? 2 : 1;
                else if (_eof) terminatorLength = 1;
                else return FastSplit.NeedMoreData; // CR at buffer end: is it CRLF?
                return FastSplit.Done;
            }
            i += block;
            if (i >= data.Length)
            {
                if (!_eof) return FastSplit.NeedMoreData;
                record.AddField(fieldStart, data.Length, fieldStart, data.Length - fieldStart);
                recordEnd = data.Length;
                return FastSplit.Done;
            }
        }
    }

    private (int RawStart, int RawEnd, int ValueStart, int ValueLength, bool Escaped)[] _fieldBuffer = new (int, int, int, int, bool)[32];
    private byte[] _unescapeBuffer = new byte[256];

    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> value)
    {
        if (_unescapeBuffer.Length < value.Length) _unescapeBuffer = new byte[value.Length * 2];
        var n = 0;
        for (var i = 0; i < value.Length; i++)
        {
            _unescapeBuffer[n++] = value[i];
            if (value[i] == Quote && i + 1 < value.Length && value[i + 1] == Quote) i++;
        }
        return _unescapeBuffer.AsSpan(0, n);
    }

    /// <summary>Moves unconsumed bytes to the front, grows the buffer when full, reads more; false at end of file with nothing left.</summary>
    private bool Fill()
    {
        if (_eof) return false;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _bufferOffset += _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = _stream!.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
        return true;
    }

    private static IReadOnlyList<string> DecodeHeader(RawRecord header)
    {
        var names = new string[header.FieldCount];
        for (var i = 0; i < names.Length; i++) names[i] = Encoding.UTF8.GetString(header.Field(i)).Trim();
        return names;
    }

    public void Dispose() => _stream?.Dispose();
}
