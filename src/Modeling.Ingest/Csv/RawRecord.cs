namespace Modeling.Ingest.Csv;

/// <summary>
/// One record as bytes, reused from row to row (no per-row allocation): field values (unquoted, unescaped) and the raw
/// text of the record exactly as in the file, so a rejected row can be written out unchanged.
/// </summary>
internal sealed class RawRecord
{
    // Small to start with (thousands of records are in flight between reading and accepting threads); they grow as needed.
    private byte[] _raw = new byte[128];
    private byte[] _unescaped = [];
    private int _rawLength;
    private int _unescapedLength;
    private FieldRange[] _fields = new FieldRange[16];

    /// <summary>Physical line on which the record starts (header = 1); for Parquet, row number + 1.</summary>
    public long Line { get; set; }

    public int FieldCount { get; private set; }

    /// <summary>Set when the CSV was malformed inside this record (e.g. text after a closing quote).</summary>
    public string? Malformed { get; set; }

    public ReadOnlySpan<byte> Raw => _raw.AsSpan(0, _rawLength);

    public ReadOnlySpan<byte> Field(int index)
    {
        ref readonly var f = ref _fields[index];
        return (f.InUnescaped ? _unescaped : _raw).AsSpan(f.ValueStart, f.ValueLength);
    }

    /// <summary>Start and end (exclusive) of a field's raw text (with its quotes) inside <see cref="Raw"/>.</summary>
    public (int Start, int End) RawRange(int index) => (_fields[index].RawStart, _fields[index].RawEnd);

    /// <summary>Fields (the first 64) a checker found to hold a valid typed value.</summary>
    private ulong _validFields;

    public void MarkValid(int field)
    {
        if (field is >= 0 and < 64) _validFields |= 1UL << field;
    }

    public bool IsValid(int field) => field is >= 0 and < 64 && (_validFields & (1UL << field)) != 0;

    public void Clear()
    {
        _validFields = 0;
        _rawLength = 0;
        _unescapedLength = 0;
        FieldCount = 0;
        Malformed = null;
    }

    /// <summary>Copies the raw record text; fields added afterwards index into it.</summary>
    public void SetRaw(ReadOnlySpan<byte> raw)
    {
        if (_raw.Length < raw.Length) _raw = new byte[Math.Max(raw.Length, _raw.Length * 2)];
        raw.CopyTo(_raw);
        _rawLength = raw.Length;
    }

    /// <summary>Adds a field whose value is a slice of the raw text.</summary>
    public void AddField(int rawStart, int rawEnd, int valueStart, int valueLength)
    {
        // NextField may grow the array: take the index first, then read _fields (not the other way round).
        int field = NextField();
        _fields[field] = new FieldRange(rawStart, rawEnd, valueStart, valueLength, false);
    }

    /// <summary>Adds a field whose value differs from its raw text (doubled quotes removed).</summary>
    public void AddUnescapedField(int rawStart, int rawEnd, ReadOnlySpan<byte> value)
    {
        if (_unescaped.Length < _unescapedLength + value.Length)
            Array.Resize(ref _unescaped, Math.Max(_unescaped.Length * 2, _unescapedLength + value.Length));
        value.CopyTo(_unescaped.AsSpan(_unescapedLength));
        int field = NextField();
        _fields[field] = new FieldRange(rawStart, rawEnd, _unescapedLength, value.Length, true);
        _unescapedLength += value.Length;
    }

    /// <summary>Builds a record from values (Parquet rows, tests): the raw text is their RFC 4180 serialisation.</summary>
    public void SetFromValues(IReadOnlyList<byte[]?> values)
    {
        Clear();
        var size = 0;
        foreach (var v in values) size += (v?.Length ?? 0) * 2 + 3;
        if (_raw.Length < size) _raw = new byte[size];
        var pos = 0;
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) _raw[pos++] = (byte)',';
            var v = values[i] ?? [];
            var start = pos;
            if (CsvWriting.NeedsQuotes(v))
            {
                pos += CsvWriting.WriteQuoted(v, _raw.AsSpan(pos));
                AddUnescapedField(start, pos, v);
            }
            else
            {
                v.CopyTo(_raw.AsSpan(pos));
                pos += v.Length;
                AddField(start, pos, start, v.Length);
            }
        }
        _rawLength = pos;
    }

    private int NextField()
    {
        if (FieldCount == _fields.Length) Array.Resize(ref _fields, FieldCount * 2);
        return FieldCount++;
    }

    private readonly record struct FieldRange(int RawStart, int RawEnd, int ValueStart, int ValueLength, bool InUnescaped);
}
