namespace Modeling.Ingest.Csv;

/// <summary>
/// Cuts the records of a CSV file (after its header) into chunks of about <c>chunkSize</c> bytes, each ending
/// exactly where <see cref="CsvRecordReader"/> would end a record, so that chunks can be parsed on several threads and
/// give the records of a sequential read. A cut is made after a line feed that is not inside a quoted field, following
/// the reader's rules: a quote opens a quoted field only at the start of a field; inside one, a doubled quote is a quote;
/// text after the closing quote runs, quotes and all, to the next comma or line break; a lone CR ends a record as LF does;
/// a broken quoted field (<see cref="QuotedFieldBounds"/>) ends its record at the record's first line break. Not thread-safe: callers take
/// turns (the order of the calls is the order of the chunks).
/// </summary>
internal sealed class CsvChunker(Stream stream, int chunkSize = CsvChunker.DefaultChunkSize) : IDisposable
{
    public const int DefaultChunkSize = 1 << 19;
    private const byte Comma = (byte)',', Quote = (byte)'"', Lf = (byte)'\n', Cr = (byte)'\r';

    private byte[] _carry = new byte[4096]; // the start of a record cut off at the end of the previous chunk
    private int _carryLength;
    private bool _eof;

    /// <summary>Fills <paramref name="buffer"/> (grown when one record is longer than it) with the next chunk; 0 at the end.</summary>
    public int Next(ref byte[] buffer)
    {
        if (buffer.Length < Math.Max(chunkSize, _carryLength * 2)) buffer = new byte[Math.Max(chunkSize, _carryLength * 2)];
        _carry.AsSpan(0, _carryLength).CopyTo(buffer);
        var length = _carryLength;
        var scanned = 0; // bytes known to hold no cut (from the previous, too small, attempt)
        var state = Scan.Start;
        while (true)
        {
            while (!_eof && length < buffer.Length)
            {
                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0) _eof = true;
                length += read;
            }
            var cut = LastCut(buffer.AsSpan(0, length), ref scanned, ref state);
            if (cut < 0 && _eof) cut = length; // the last record (without a final line break, or an unclosed quote)
            if (cut >= 0)
            {
                _carryLength = length - cut;
                if (_carry.Length < _carryLength) _carry = new byte[_carryLength * 2];
                buffer.AsSpan(cut, _carryLength).CopyTo(_carry);
                return cut;
            }
            Array.Resize(ref buffer, buffer.Length * 2);
        }
    }

    /// <summary>Where the reader is inside a record: at a field's start, in an unquoted or quoted field, just after a quote
    /// inside a quoted field, in text after a closing quote, or in the rest of the first line of a broken record.</summary>
    private enum State : byte { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterQuote, RestOfLine }

    /// <summary>The scan's state, kept between attempts on the same (growing) buffer: positions index that buffer.</summary>
    private struct Scan
    {
        public State State;
        public int QuoteAt;     // the opening quote of the quoted field being read
        public int LineFeeds;   // line feeds inside that field so far
        public int FirstBreak;  // the record's first CR or LF (inside a quoted field), -1 before it

        public static Scan Start => new() { FirstBreak = -1 };

        public void EndRecord()
        {
            State = State.FieldStart;
            FirstBreak = -1;
        }
    }

    /// <summary>
    /// The end of the last record in <paramref name="data"/> (just after its line feed), or -1. Data before
    /// <paramref name="scanned"/> was scanned before and ended in <paramref name="scan"/>. Broken quoted fields follow
    /// <see cref="QuotedFieldBounds"/> as the reader does: the record ends at its first line break.
    /// </summary>
    private static int LastCut(ReadOnlySpan<byte> data, ref int scanned, ref Scan scan)
    {
        // Without a quote in the chunk every line feed ends a record (or a blank line): no need to follow fields.
        if (scan.State == State.FieldStart && data[scanned..].IndexOf(Quote) < 0)
        {
            var lf = data[scanned..].LastIndexOf(Lf);
            // No line feed: the state at the end is unknown (mid-field), so the next attempt scans from here again.
            return lf < 0 ? -1 : scanned + lf + 1;
        }
        var cut = -1;
        for (var i = scanned; i < data.Length; i++)
        {
            var b = data[i];
            switch (scan.State)
            {
                case State.FieldStart:
                case State.Unquoted:
                case State.AfterQuote:
                    if (b == Comma) scan.State = State.FieldStart;
                    else if (b == Cr) scan.EndRecord();
                    else if (b == Lf) { scan.EndRecord(); cut = i + 1; }
                    else if (b == Quote && scan.State == State.FieldStart)
                    {
                        scan.State = State.Quoted;
                        scan.QuoteAt = i;
                        scan.LineFeeds = 0;
                    }
                    else if (scan.State == State.FieldStart) scan.State = State.Unquoted;
                    break;
                case State.RestOfLine:
                    if (b == Cr) scan.EndRecord();
                    else if (b == Lf) { scan.EndRecord(); cut = i + 1; }
                    break;
                case State.Quoted:
                    if (i - scan.QuoteAt > QuotedFieldBounds.MaxBytes) { Broken(data, ref i, ref scan, ref cut); break; }
                    if (b == Quote) scan.State = State.QuoteInQuoted;
                    else if (b is Lf or Cr)
                    {
                        if (scan.FirstBreak < 0) scan.FirstBreak = i;
                        if (b == Lf && ++scan.LineFeeds > QuotedFieldBounds.MaxLineFeeds) Broken(data, ref i, ref scan, ref cut);
                    }
                    break;
                case State.QuoteInQuoted:
                    if (b == Quote) scan.State = State.Quoted;
                    else if (b == Comma) scan.State = State.FieldStart;
                    else if (b == Cr) scan.EndRecord();
                    else if (b == Lf) { scan.EndRecord(); cut = i + 1; }
                    else if (scan.FirstBreak >= 0) Broken(data, ref i, ref scan, ref cut);
                    else scan.State = State.AfterQuote;
                    break;
            }
        }
        scanned = data.Length;
        return cut;
    }

    /// <summary>
    /// A broken record ends at its first line break: the scan goes back there when the record has one, or else reads
    /// on to the end of the current line (byte <paramref name="i"/> is looked at again).
    /// </summary>
    private static void Broken(ReadOnlySpan<byte> data, ref int i, ref Scan scan, ref int cut)
    {
        if (scan.FirstBreak < 0)
        {
            scan.State = State.RestOfLine;
            i--;
            return;
        }
        i = scan.FirstBreak;
        scan.EndRecord();
        if (data[i] == Lf) cut = i + 1;
    }

    public void Dispose() => stream.Dispose();
}
