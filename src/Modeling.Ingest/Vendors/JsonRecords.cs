using System.Text.Json;
using System.Text.Json.Nodes;

namespace Modeling.Ingest.Vendors;

/// <summary>One record of a vendor's JSON export: the line it starts on, and the object (null when it is not valid JSON).</summary>
internal readonly record struct JsonRecord(long Line, JsonObject? Json);

/// <summary>
/// How one vendor's JSON export is laid out: the key of its envelope's record array (Copilot's report has
/// <c>day_totals</c>, API pages have <c>data</c>) and what to tell the user to export again when the file is broken.
/// </summary>
internal sealed record JsonExport(string EnvelopeKey, string ExportAgain);

/// <summary>
/// Splits a vendor's JSON export (Copilot usage metrics, Claude Code analytics, Cursor daily usage) into its records,
/// whatever shape the vendor (or a tool in between) gave it: NDJSON (one record per line), a single record, an array of
/// records, or an envelope (Copilot's <c>report_start_day</c>, …, <c>day_totals: [records]</c>; an API page's
/// <c>data: [records]</c>, <c>has_more</c>, …) — pretty-printed or not, alone, in an array or one per line.
/// A file that opens with '[' or with '{' alone on its line is one JSON document, streamed record by record (a 28-day
/// report of a large organisation does not fit in memory comfortably); a broken document is a structural problem, one
/// message, not one per line. Any other file is NDJSON: a bad line is one bad record and reading goes on.
/// </summary>
internal static class JsonRecords
{
    /// <summary>The records of the file at <paramref name="path"/>; <paramref name="file"/> names it in messages.</summary>
    public static IEnumerable<JsonRecord> Read(string path, string file, JsonExport export)
    {
        bool ndjson;
        using (var probe = Open(path)) ndjson = IsNdjson(new JsonScanner(probe, export.ExportAgain));
        using var stream = Open(path);
        var scanner = new JsonScanner(stream, export.ExportAgain);
        foreach (var record in ndjson ? ReadLines(scanner, export) : ReadDocument(scanner, file, export)) yield return record;
    }

    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    /// <summary>
    /// NDJSON unless the file opens a document: '[' first, or '{' alone on its line (how every JSON writer starts a
    /// pretty-printed object). Only the opening bytes are looked at, so a huge one-line file is not read twice, and a
    /// bad first NDJSON line stays one bad record.
    /// </summary>
    private static bool IsNdjson(JsonScanner scanner)
    {
        scanner.SkipWhitespace();
        return scanner.Peek() switch
        {
            '[' => false,
            '{' => !scanner.OpensLine(),
            _ => true,
        };
    }

    private static ReadOnlySpan<byte> Trim(byte[] line) => line.AsSpan().Trim(" \t\r"u8);

    private static IEnumerable<JsonRecord> ReadLines(JsonScanner scanner, JsonExport export)
    {
        while (scanner.ReadLine() is { } text)
        {
            var line = scanner.Line - 1;
            var span = Trim(text);
            if (span.IsEmpty) continue;
            foreach (var record in Unwrap(line, ParseObject(span), export)) yield return record;
        }
    }

    private static IEnumerable<JsonRecord> ReadDocument(JsonScanner scanner, string file, JsonExport export)
    {
        while (true)
        {
            scanner.SkipWhitespace();
            if (scanner.AtEnd) yield break;
            var line = scanner.Line;
            var c = scanner.Peek();
            if (c == '[')
                foreach (var element in scanner.ArrayElements(file))
                    foreach (var record in Unwrap(element.Line, ParseObject(element.Bytes), export)) yield return record;
            else if (c == '{')
                foreach (var record in ReadObject(scanner, file, line, export)) yield return record;
            else
                throw new DataFolderException(Messages.ExportNotJson(file, line, Messages.JsonExpectedRecord, export.ExportAgain));
        }
    }

    /// <summary>A top-level object: an envelope whose records are streamed one by one, or else one record.</summary>
    private static IEnumerable<JsonRecord> ReadObject(JsonScanner scanner, string file, long line, JsonExport export)
    {
        var record = new MemoryStream();
        record.WriteByte((byte)'{');
        var envelope = false;
        scanner.Expect('{', file);
        scanner.SkipWhitespace();
        if (scanner.Peek() == '}') scanner.Expect('}', file);
        else
        {
            while (true)
            {
                scanner.SkipWhitespace();
                var key = scanner.CaptureValue(file);
                if (key[0] != '"') throw new DataFolderException(Messages.ExportNotJson(file, scanner.Line, Messages.JsonExpectedKey, export.ExportAgain));
                scanner.SkipWhitespace();
                scanner.Expect(':', file);
                scanner.SkipWhitespace();
                if (IsKey(key, export.EnvelopeKey) && scanner.Peek() == '[')
                {
                    envelope = true;
                    foreach (var element in scanner.ArrayElements(file))
                        yield return new JsonRecord(element.Line, ParseObject(element.Bytes));
                }
                else
                {
                    var value = scanner.CaptureValue(file);
                    if (record.Length > 1) record.WriteByte((byte)',');
                    record.Write(key);
                    record.WriteByte((byte)':');
                    record.Write(value);
                }
                scanner.SkipWhitespace();
                if (scanner.Peek() == ',') { scanner.Expect(',', file); continue; }
                scanner.Expect('}', file);
                break;
            }
        }
        if (envelope) yield break;
        record.WriteByte((byte)'}');
        yield return new JsonRecord(line, ParseObject(record.ToArray()));
    }

    /// <summary>Whether a captured JSON key (quotes included) is <paramref name="name"/>.</summary>
    private static bool IsKey(byte[] key, string name) =>
        key.Length == name.Length + 2 && System.Text.Encoding.UTF8.GetString(key, 1, name.Length) == name;

    /// <summary>A record, or each record of an envelope given whole (one line of NDJSON, one element of an array).</summary>
    private static IEnumerable<JsonRecord> Unwrap(long line, JsonObject? json, JsonExport export)
    {
        if (json is not null && json[export.EnvelopeKey] is JsonArray days)
        {
            foreach (var day in days) yield return new JsonRecord(line, day as JsonObject);
            yield break;
        }
        yield return new JsonRecord(line, json);
    }

    /// <summary>A record with a key twice (at any depth) is malformed: which value counts is anyone's guess, and the nodes,
    /// built lazily, would otherwise fail only when the reader reaches the key.</summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    private static JsonObject? ParseObject(ReadOnlySpan<byte> json)
    {
        // The parser checks UTF-8 only when a string is read, which would fail deep in the reader: check it here.
        if (!System.Text.Unicode.Utf8.IsValid(json)) return null;
        try
        {
            return JsonNode.Parse(json, documentOptions: Strict) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>
/// A forward-only reader of JSON structure over a stream: it finds where values begin and end (strings and nesting
/// respected) and counts lines, leaving the parsing of each record to System.Text.Json.
/// </summary>
internal sealed class JsonScanner(Stream stream, string exportAgain)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _length, _position;
    private bool _started;

    /// <summary>The line of the next byte (first line = 1).</summary>
    public long Line { get; private set; } = 1;

    public bool AtEnd => !Fill();

    public int Peek() => Fill() ? _buffer[_position] : -1;

    public void SkipWhitespace()
    {
        while (Fill() && _buffer[_position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') Advance();
    }

    /// <summary>The rest of the current line without its LF, or null at the end of the stream.</summary>
    public byte[]? ReadLine()
    {
        if (!Fill()) return null;
        var line = new MemoryStream();
        while (Fill())
        {
            var end = Array.IndexOf(_buffer, (byte)'\n', _position, _length - _position);
            if (end < 0) { line.Write(_buffer, _position, _length - _position); _position = _length; continue; }
            line.Write(_buffer, _position, end - _position);
            _position = end + 1;
            Line++;
            return line.ToArray();
        }
        Line++;
        return line.ToArray();
    }

    /// <summary>Whether the byte here is followed by the end of its line (spaces and tabs aside); consumes them.</summary>
    public bool OpensLine()
    {
        Advance();
        while (Fill() && _buffer[_position] is (byte)' ' or (byte)'\t') Advance();
        return !Fill() || _buffer[_position] is (byte)'\r' or (byte)'\n';
    }

    public void Expect(char c, string file)
    {
        if (Peek() != c) throw Broken(file, Messages.JsonExpectedChar(c, Peek()));
        Advance();
    }

    /// <summary>The elements of the array starting here, each with the line it starts on.</summary>
    public IEnumerable<(long Line, byte[] Bytes)> ArrayElements(string file)
    {
        Expect('[', file);
        SkipWhitespace();
        if (Peek() == ']') { Advance(); yield break; }
        while (true)
        {
            SkipWhitespace();
            var line = Line;
            yield return (line, CaptureValue(file));
            SkipWhitespace();
            if (Peek() == ',') { Advance(); continue; }
            Expect(']', file);
            yield break;
        }
    }

    /// <summary>The bytes of the JSON value starting here: an object or array to its matching close, a string, or a scalar.</summary>
    public byte[] CaptureValue(string file)
    {
        var value = new MemoryStream();
        var depth = 0;
        bool inString = false, escaped = false;
        var startLine = Line;
        while (Fill())
        {
            var b = _buffer[_position];
            if (inString)
            {
                Take(value);
                if (escaped) escaped = false;
                else if (b == '\\') escaped = true;
                else if (b == '"')
                {
                    inString = false;
                    if (depth == 0) return value.ToArray();
                }
                continue;
            }
            if (b == '"') inString = true;
            else if (b is (byte)'{' or (byte)'[') depth++;
            else if (b is (byte)'}' or (byte)']')
            {
                if (depth == 0) return Scalar(value, file, b); // a scalar ended by its container
                Take(value);
                if (--depth == 0) return value.ToArray();
                continue;
            }
            else if (depth == 0 && b is (byte)',' or (byte)':' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                return Scalar(value, file, b);
            Take(value);
        }
        if (depth == 0 && !inString && value.Length > 0) return value.ToArray();
        throw new DataFolderException(Messages.ExportNotJson(file, startLine, Messages.JsonEndsInsideValue, exportAgain));
    }

    private byte[] Scalar(MemoryStream value, string file, byte next) =>
        value.Length > 0 ? value.ToArray() : throw Broken(file, Messages.JsonExpectedValue(next));

    private void Take(MemoryStream value)
    {
        value.WriteByte(_buffer[_position]);
        Advance();
    }

    private DataFolderException Broken(string file, string what) => new(Messages.ExportNotJson(file, Line, what, exportAgain));

    private void Advance()
    {
        if (_buffer[_position] == '\n') Line++;
        _position++;
    }

    private bool Fill()
    {
        if (_position < _length) return true;
        _length = stream.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        if (!_started && _length >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _position = 3;
        _started = true;
        return _position < _length;
    }
}
