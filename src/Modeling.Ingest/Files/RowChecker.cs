using System.Text;
using System.Text.Unicode;
using Modeling.Ingest.Csv;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Output;
using Modeling.Ingest.Parsing;
using Modeling.Ingest.Pseudonyms;

namespace Modeling.Ingest.Files;

/// <summary>
/// Applies the CONTRACT §1 row rules to one record of one file, column by column: a missing or invalid required value is an
/// error (the row is rejected), an invalid optional value is a warning (the row is kept, the field unknown). All problems of
/// a row are reported, not only the first, into the row's own list: rows are checked on several threads and their
/// diagnostics logged afterwards in file order. Values of engineer columns appear in diagnostics as pseudonyms only.
/// One checker per thread (<see cref="ForAnotherThread"/>): each has its own string pool.
/// </summary>
internal sealed class RowChecker
{
    private const int MaxShownChars = 100;
    private readonly int[] _fieldOf; // schema column -> field index in the record, -1 when the file lacks the column
    private readonly EngineerRegistry _engineers;
    private readonly Pseudonymizer _pseudonymizer;
    private readonly int _headerCount;
    private readonly bool[] _engineerField; // by field index of the header
    private readonly (byte[] Raw, string? Text)[]?[] _recentText;
    private readonly int[] _recentNext;
    private (byte[] Raw, int Length, int Key) _lastEngineer = (new byte[64], 0, -1);
    private List<Diagnostic> _scratch = [];
    private (byte[] Raw, DateOnly Value) _lastDate = (new byte[10], default); // a valid date never has 10 zero bytes
    private List<Diagnostic> _diagnostics;
    private int _errors;
    private RawRecord _record = null!;

    public RowChecker(string file, TableSchema schema, IReadOnlyList<string> header, DiagnosticLog log, EngineerRegistry engineers)
    {
        File = file;
        Schema = schema;
        _engineers = engineers;
        _pseudonymizer = engineers.Pseudonymizer;
        _headerCount = header.Count;
        _fieldOf = new int[schema.Columns.Count];
        _engineerField = new bool[header.Count];
        _recentText = new (byte[], string?)[]?[schema.Columns.Count];
        _recentNext = new int[schema.Columns.Count];
        _diagnostics = _scratch;
        Array.Fill(_fieldOf, -1);
        for (var i = 0; i < header.Count; i++)
        {
            var column = schema.IndexOf(header[i]);
            if (column < 0)
            {
                // Not echoed: without a header line the "header" is a data row, which may hold engineer ids.
                log.Add(new Diagnostic(file, 1, "", Messages.FoundHeaderCell(i + 1), Messages.ExpectKnownColumn, Severity.Note, Rules.UnknownColumn));
                continue;
            }
            _engineerField[i] = schema.Columns[column].Engineer;
            CarriesEngineerIds |= _engineerField[i];
            if (_fieldOf[column] >= 0) throw new DataFolderException(Messages.DuplicateColumn(file, header[i]));
            _fieldOf[column] = i;
        }
        for (var c = 0; c < schema.Columns.Count; c++)
            if (schema.Columns[c].Required && _fieldOf[c] < 0)
                throw new DataFolderException(Messages.MissingRequiredColumn(file, schema.Columns[c].Name,
                    header.Where(h => schema.IndexOf(h) >= 0), header.Count(h => schema.IndexOf(h) < 0)));
    }

    private RowChecker(RowChecker other)
    {
        File = other.File;
        Schema = other.Schema;
        _engineers = other._engineers;
        _pseudonymizer = other._pseudonymizer;
        _headerCount = other._headerCount;
        _fieldOf = other._fieldOf;
        _engineerField = other._engineerField;
        CarriesEngineerIds = other.CarriesEngineerIds;
        KnownIds = other.KnownIds;
        _recentText = new (byte[], string?)[]?[Schema.Columns.Count];
        _recentNext = new int[Schema.Columns.Count];
        _diagnostics = _scratch;
    }

    /// <summary>A checker of the same file for another thread (the header is not checked again).</summary>
    public RowChecker ForAnotherThread() => new(this);

    public string File { get; }
    public TableSchema Schema { get; }
    public long Line { get; private set; }
    public RawRecord Record => _record;
    public bool HasErrors => _errors > 0;
    public IEnumerable<Diagnostic> RowErrors => _diagnostics.Where(d => d.Severity == Severity.Error);

    /// <summary>The row's diagnostics so far, in column order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>This checker's pool of short repeated texts (tools, models, tiers): pools are not shared between threads.</summary>
    public StringPool Text { get; } = new();

    /// <summary>Starts a record; false (and an error) when it cannot be read column by column at all.</summary>
    public bool Begin(RawRecord record)
    {
        Continue(record, record.Line, null);
        if (record.Malformed is { } expected)
        {
            Error("", "", expected, Rules.MalformedCsv);
            return false;
        }
        if (record.FieldCount != _headerCount)
        {
            Error("", Messages.FoundFieldCount(record.FieldCount), Messages.ExpectFieldCount(_headerCount), Rules.WrongFieldCount);
            return false;
        }
        return true;
    }

    /// <summary>The diagnostics of the row begun last (kept by the caller), or null when it has none.</summary>
    public List<Diagnostic>? TakeDiagnostics()
    {
        if (_diagnostics.Count == 0) return null;
        var taken = _diagnostics;
        _diagnostics = _scratch = [];
        return taken;
    }

    /// <summary>
    /// Resumes a record begun by another checker (the record is not read unless a rule needs it): it starts on
    /// <paramref name="line"/> and has <paramref name="diagnostics"/> so far (null = none).
    /// </summary>
    public void Continue(RawRecord record, long line, List<Diagnostic>? diagnostics)
    {
        _record = record;
        Line = line;
        _errors = 0;
        if (diagnostics is null)
        {
            _scratch.Clear();
            _diagnostics = _scratch;
            return;
        }
        _diagnostics = diagnostics;
        foreach (var d in diagnostics) if (d.Severity == Severity.Error) _errors++;
    }

    public bool Has(int column) => _fieldOf[column] >= 0;

    /// <summary>
    /// Marks a column's value as a valid typed value (a date, time, count, number, boolean, listed value or known team):
    /// in a file of engineer ids only such values are shown in diagnostics and kept in rejects (see <see cref="Show"/>).
    /// </summary>
    public bool MarkValid(int column)
    {
        _record.MarkValid(_fieldOf[column]);
        return true;
    }

    /// <summary>The raw bytes of a column (empty when the file lacks it).</summary>
    public ReadOnlySpan<byte> Raw(int column) => _fieldOf[column] < 0 ? default : _record.Field(_fieldOf[column]);

    public void Error(int column, ReadOnlySpan<byte> value, string expected, string rule) =>
        Error(Schema.Columns[column].Name, Show(column, value), expected, rule);

    public void Warn(int column, ReadOnlySpan<byte> value, string expected, string rule) =>
        _diagnostics.Add(new Diagnostic(File, Line, Schema.Columns[column].Name, Show(column, value), expected, Severity.Warning, rule));

    public void Warn(int column, string shownValue, string expected, string rule) =>
        _diagnostics.Add(new Diagnostic(File, Line, Schema.Columns[column].Name, shownValue, expected, Severity.Warning, rule));

    private void Error(string column, string shown, string expected, string rule)
    {
        _diagnostics.Add(new Diagnostic(File, Line, column, shown, expected, Severity.Error, rule));
        _errors++;
    }

    // ---- required values: an error rejects the row ----

    /// <summary>A required text/id: non-empty (not only white space) and valid UTF-8.</summary>
    public bool RequiredBytes(int column, out ReadOnlySpan<byte> value)
    {
        value = Raw(column);
        if (value.IsEmpty || IsWhiteSpace(value)) { Error(column, value, Messages.ExpectNonEmpty, Rules.MissingValue); return false; }
        if (!Utf8.IsValid(value)) { Error(column, value, Messages.ExpectUtf8, Rules.InvalidUtf8); return false; }
        return true;
    }

    /// <summary>Whether a value is white space only (tabs, spaces, no-break spaces…); most values start with a visible ASCII byte.</summary>
    private static bool IsWhiteSpace(ReadOnlySpan<byte> value)
    {
        if (value[0] is > (byte)' ' and < 0x80 || !Utf8.IsValid(value)) return false;
        foreach (var rune in Encoding.UTF8.GetString(value).EnumerateRunes())
            if (!Rune.IsWhiteSpace(rune)) return false;
        return true;
    }

    public bool RequiredDate(int column, out DateOnly date)
    {
        var s = Raw(column);
        // Rows come day by day: the previous row's date is usually this one.
        if (s.Length == 10 && s.SequenceEqual(_lastDate.Raw)) { date = _lastDate.Value; return MarkValid(column); }
        date = default;
        if (s.IsEmpty) { Error(column, s, Messages.ExpectDate, Rules.MissingValue); return false; }
        if (FieldParser.TryDate(s, out date))
        {
            if (s.Length == 10) { s.CopyTo(_lastDate.Raw); _lastDate.Value = date; }
            return MarkValid(column);
        }
        Error(column, s, Messages.ExpectDate, Rules.InvalidValue);
        return false;
    }

    public bool RequiredTimestamp(int column, out DateTime utc)
    {
        var s = Raw(column);
        utc = default;
        if (s.IsEmpty) { Error(column, s, Messages.ExpectTimestamp, Rules.MissingValue); return false; }
        if (FieldParser.TryTimestamp(s, out utc)) return MarkValid(column);
        Error(column, s, Messages.ExpectTimestamp, Rules.InvalidValue);
        return false;
    }

    public bool RequiredCount(int column, out int value)
    {
        var s = Raw(column);
        value = 0;
        if (s.IsEmpty) { Error(column, s, Messages.ExpectCount, Rules.MissingValue); return false; }
        switch (FieldParser.TryCount(s, out value))
        {
            case FieldParser.CountResult.Ok: return MarkValid(column);
            case FieldParser.CountResult.Negative: Error(column, s, Messages.ExpectCount, Rules.NegativeCount); return false;
            default: Error(column, s, Messages.ExpectCount, Rules.InvalidValue); return false;
        }
    }

    public bool RequiredPositiveNumber(int column, out double value)
    {
        var s = Raw(column);
        value = 0;
        if (s.IsEmpty) { Error(column, s, Messages.ExpectPositiveNumber, Rules.MissingValue); return false; }
        if (FieldParser.TryDouble(s, out value) && value > 0) return MarkValid(column);
        Error(column, s, Messages.ExpectPositiveNumber, Rules.InvalidValue);
        return false;
    }

    /// <summary>A required value from a closed list (compared exactly); returns the canonical string.</summary>
    public bool RequiredEnum(int column, string[] allowed, out string value)
    {
        var s = Raw(column);
        value = "";
        if (s.IsEmpty) { Error(column, s, Messages.ExpectOneOf(allowed), Rules.MissingValue); return false; }
        if (Match(s, allowed) is { } m) { value = m; return MarkValid(column); }
        Error(column, s, Messages.ExpectOneOf(allowed), Rules.InvalidValue);
        return false;
    }

    /// <summary>Rejects the row with a rule of the caller's (unknown team, duplicate id).</summary>
    public void Reject(int column, ReadOnlySpan<byte> value, string expected, string rule) => Error(column, value, expected, rule);

    // ---- optional values: a warning keeps the row with the field unknown (null) ----

    public string? OptionalText(int column)
    {
        var s = Raw(column);
        if (s.IsEmpty) return null;
        if (Recent(column, s) is { } seen) return seen;
        if (Utf8.IsValid(s)) return Remember(column, s, Text.Get(s));
        Warn(column, s, Messages.ExpectUtf8, Rules.InvalidUtf8);
        return null;
    }

    /// <summary>A required text of few distinct values (tool): non-empty, valid UTF-8, pooled.</summary>
    public bool RequiredText(int column, out string value)
    {
        var s = Raw(column);
        if (Recent(column, s) is { } seen) { value = seen; return true; }
        value = "";
        if (!RequiredBytes(column, out s)) return false;
        value = Remember(column, s, Text.Get(s));
        return true;
    }

    /// <summary>The key of a required engineer id registered before this file (-1 when new here or invalid).</summary>
    public int RequiredKnownEngineer(int column, Pseudonyms.EngineerLookup known)
    {
        var s = Raw(column);
        // Exports list an engineer's rows together: the previous row's engineer is usually this one.
        if (_lastEngineer.Key >= 0 && s.SequenceEqual(_lastEngineer.Raw.AsSpan(0, _lastEngineer.Length))) return _lastEngineer.Key;
        if (!RequiredBytes(column, out s)) return -1;
        var key = known.Find(s);
        if (key < 0) return -1;
        if (_lastEngineer.Raw.Length < s.Length) _lastEngineer.Raw = new byte[s.Length * 2];
        s.CopyTo(_lastEngineer.Raw);
        _lastEngineer.Length = s.Length;
        _lastEngineer.Key = key;
        return key;
    }

    private const int RecentPerColumn = 8;

    /// <summary>
    /// The pooled string of a value seen lately in this column (so known to be valid UTF-8), or null. Columns such as
    /// tool or model repeat a few values, and comparing with the last few of the column is cheaper than hashing.
    /// </summary>
    private string? Recent(int column, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return null;
        var recent = _recentText[column];
        if (recent is null) return null;
        foreach (var (raw, text) in recent)
            if (text is not null && value.SequenceEqual(raw)) return text;
        return null;
    }

    private string Remember(int column, ReadOnlySpan<byte> value, string text)
    {
        var recent = _recentText[column] ??= new (byte[], string?)[RecentPerColumn];
        ref var slot = ref recent[_recentNext[column]];
        _recentNext[column] = (_recentNext[column] + 1) % RecentPerColumn;
        slot = (value.ToArray(), text);
        return text;
    }

    /// <summary>Optional text checked but not kept as a string: true when present and valid UTF-8 (else a warning when invalid).</summary>
    public bool OptionalBytes(int column, out ReadOnlySpan<byte> value)
    {
        value = Raw(column);
        if (value.IsEmpty) return false;
        if (Utf8.IsValid(value)) return true;
        Warn(column, value, Messages.ExpectUtf8, Rules.InvalidUtf8);
        return false;
    }

    /// <summary>Optional text that is not worth interning (free text, unique values).</summary>
    public string? OptionalUniqueText(int column)
    {
        var s = Raw(column);
        if (s.IsEmpty) return null;
        if (Utf8.IsValid(s)) return Encoding.UTF8.GetString(s);
        Warn(column, s, Messages.ExpectUtf8, Rules.InvalidUtf8);
        return null;
    }

    public DateOnly? OptionalDate(int column)
    {
        var s = Raw(column);
        if (s.IsEmpty) return null;
        if (FieldParser.TryDate(s, out var d)) { MarkValid(column); return d; }
        Warn(column, s, Messages.ExpectDate, Rules.InvalidValue);
        return null;
    }

    public DateTime? OptionalTimestamp(int column)
    {
        var s = Raw(column);
        if (s.IsEmpty) return null;
        if (FieldParser.TryTimestamp(s, out var t)) { MarkValid(column); return t; }
        Warn(column, s, Messages.ExpectTimestamp, Rules.InvalidValue);
        return null;
    }

    public int? OptionalCount(int column)
    {
        var s = Raw(column);
        if (s.IsEmpty) return null;
        switch (FieldParser.TryCount(s, out var v))
        {
            case FieldParser.CountResult.Ok: MarkValid(column); return v;
            case FieldParser.CountResult.Negative: Warn(column, s, Messages.ExpectCount, Rules.NegativeCount); return null;
            default: Warn(column, s, Messages.ExpectCount, Rules.InvalidValue); return null;
        }
    }

    public bool? OptionalBoolean(int column)
    {
        var s = Raw(column);
        if (s.IsEmpty) return null;
        if (FieldParser.TryBoolean(s, out var b)) { MarkValid(column); return b; }
        Warn(column, s, Messages.ExpectBoolean, Rules.InvalidValue);
        return null;
    }

    public string? OptionalEnum(int column, string[] allowed)
    {
        var s = Raw(column);
        if (s.IsEmpty) return null;
        if (Match(s, allowed) is { } m) { MarkValid(column); return m; }
        Warn(column, s, Messages.ExpectOneOf(allowed), Rules.InvalidValue);
        return null;
    }

    // ---- display ----

    /// <summary>
    /// A value as shown in diagnostics: a value that may be a personal id (in an engineer column, holding an '@', or equal
    /// to a known engineer id) as its pseudonym; control characters escaped, invalid UTF-8 replaced, long values cut.
    /// </summary>
    /// In a file that carries engineer ids, any value but a valid typed one or a number- or date-like text is shown as a
    /// pseudonym: its columns may be shifted or its header mislabelled, so any other text may be an id.
    public string Show(int column, ReadOnlySpan<byte> value) =>
        !value.IsEmpty && (Schema.Columns[column].Engineer || MayBePersonal(value) || MayBeShiftedId(_fieldOf[column], value))
            ? _pseudonymizer.Pseudonymize(value)
            : ShowBytes(value);

    /// <summary>In a file of engineer ids, whether a field may hold an id that is not in its column: neither a valid typed
    /// value nor shaped like a number or date (digits with at least one of <c>+-.:/ TZ</c>, e.g. -3, 2024-02-30).</summary>
    private bool MayBeShiftedId(int field, ReadOnlySpan<byte> value) =>
        CarriesEngineerIds && !_record.IsValid(field) && !IsNumberOrDateShaped(value);

    /// <summary>Digits with at least one of <c>+-.:/ TZ</c> (-3, 1.5, 2024-02-30, 10:00Z): safe to show whatever column it is in.</summary>
    internal static bool IsNumberOrDateShaped(ReadOnlySpan<byte> value)
    {
        var punctuation = false;
        foreach (var b in value)
        {
            if (b is >= (byte)'0' and <= (byte)'9') continue;
            if (b is (byte)'+' or (byte)'-' or (byte)'.' or (byte)':' or (byte)'/' or (byte)' ' or (byte)'T' or (byte)'Z') { punctuation = true; continue; }
            return false;
        }
        // A bare run of digits may be an employee number.
        return punctuation;
    }

    public static string ShowBytes(ReadOnlySpan<byte> value)
    {
        var text = ShownText.Escape(Encoding.UTF8.GetString(value));
        return text.Length <= MaxShownChars ? text : text[..MaxShownChars] + "…";
    }

    /// <summary>Engineer ids registered before this file (set before the file is read; copied to the other threads' checkers).</summary>
    public EngineerLookup KnownIds { get; set; } = EngineerLookup.Empty;

    /// <summary>Whether a value outside the engineer columns may still be someone's id: an e-mail-like text or a known engineer id.</summary>
    private bool MayBePersonal(ReadOnlySpan<byte> value) => value.Contains((byte)'@') || KnownIds.Find(value) >= 0;

    /// <summary>Whether this file has a column of engineer ids (roster, ai_usage, pull_requests).</summary>
    public bool CarriesEngineerIds { get; }

    /// <summary>Whether the record's fields line up with the header (it is well-formed and has the header's field count).</summary>
    public bool ColumnsTrusted => _record.Malformed is null && _record.FieldCount == _headerCount;

    /// <summary>
    /// How a rejected record may be written out (on the accepting thread): null when its raw text must be withheld (its
    /// columns cannot be trusted and the file carries engineer ids, or a field may be personal), else the raw ranges of
    /// the fields to replace by their pseudonyms: the engineer columns and every field that may be a personal id (in a
    /// file of engineer ids, every field but the valid typed values).
    /// </summary>
    public (int Start, int End, string Pseudonym)[]? PersonalReplacements()
    {
        var list = new List<(int, int, string)>();
        var trusted = ColumnsTrusted;
        // Untrusted fields may not even end where the text of a value does: look at the whole raw text.
        if (!trusted && (CarriesEngineerIds || _record.Raw.Contains((byte)'@'))) return null;
        for (var f = 0; f < _record.FieldCount; f++)
        {
            var value = _record.Field(f);
            if (value.IsEmpty) continue;
            var personal = MayBePersonal(value) || (trusted && (_engineerField[f] || MayBeShiftedId(f, value)));
            if (!personal) continue;
            if (!trusted) return null;
            var (start, end) = _record.RawRange(f);
            list.Add((start, end, _pseudonymizer.Pseudonymize(value)));
        }
        return [.. list];
    }

    private static string? Match(ReadOnlySpan<byte> s, string[] allowed)
    {
        foreach (var a in allowed)
            if (s.Length == a.Length && Ascii.Equals(s, a)) return a;
        return null;
    }
}
