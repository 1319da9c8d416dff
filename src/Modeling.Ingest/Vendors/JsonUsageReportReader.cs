using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Modeling.Ingest.Diagnostics;
using Modeling.Ingest.Files;
using Modeling.Ingest.Output;
using Modeling.Ingest.Staging;

namespace Modeling.Ingest.Vendors;

/// <summary>
/// What every reader of a vendor's per-user daily JSON export shares: records read in any shape
/// (<see cref="JsonRecords"/>), each mapped by the vendor's reader onto ai_usage rows or rejected with its problems;
/// the user identifier resolved through identities.csv and the roster (<see cref="VendorEngineers"/>); a user-day seen
/// again with the same rows (overlapping exports) counted once, with other rows rejected as a conflict; rejected records
/// written to rejects/ with every string that could identify someone replaced by its pseudonym.
/// </summary>
internal abstract class JsonUsageReportReader(IngestState state, AiUsageReader usage, DiagnosticLog log)
{
    private readonly UserDays _userDays = new();

    protected IngestState State { get; } = state;
    protected DiagnosticLog Log { get; } = log;

    /// <summary>The tool the rows are given (ai_usage.tool).</summary>
    protected abstract string Tool { get; }
    protected abstract JsonExport Export { get; }
    protected abstract FileFormat Format { get; }

    /// <summary>The table the file's rows count for (ai_usage; roster for membership reports).</summary>
    protected virtual string Table => "ai_usage";

    /// <summary>Keys of the vendor's record schema, kept as they are in rejects (any other key becomes a pseudonym).</summary>
    protected abstract IReadOnlySet<string> SchemaKeys { get; }

    /// <summary>Whether a string value under <paramref name="key"/> is safe to keep in rejects (a day, a known feature name).</summary>
    protected virtual bool KeepsText(string key, string text) => false;

    /// <summary>Keys whose non-string values (numeric user ids) are still identifiers, pseudonymised in rejects.</summary>
    protected virtual bool IsIdentifier(string key) => false;

    /// <summary>Maps one record: adds its errors (the record is then rejected) or its rows (staged, unless a repeat).</summary>
    protected abstract void Map(JsonObject json, InputFile file, long line, List<Diagnostic> errors, List<AiUsageRow> rows);

    /// <summary>Before the first record of each file.</summary>
    protected virtual void BeginFile() { }

    /// <summary>After the last record of a file: per-file notes.</summary>
    protected virtual void EndFile(InputFile file) { }

    public FileReport Read(InputFile file, string? rejectsFolder)
    {
        long read = 0, used = 0, rejected = 0, staged = 0;
        BeginFile();
        string? rejectsPath = rejectsFolder is null ? null : Path.Combine(rejectsFolder, file.RelativeName);
        StreamWriter? rejects = null;
        var errors = new List<Diagnostic>();
        try
        {
            foreach (var (line, json) in JsonRecords.Read(file.Path, file.RelativeName, Export))
            {
                read++;
                errors.Clear();
                var rows = new List<AiUsageRow>();
                if (json is null)
                    Error(errors, file, line, "", Messages.FoundNotJson, Messages.ExpectJsonObject, Rules.MalformedJson);
                else
                    Map(json, file, line, errors, rows);

                if (errors.Count == 0)
                {
                    used++;
                    staged += rows.Count;
                    foreach (var row in rows) State.Sink?.Add(row);
                }
                else
                {
                    rejected++;
                    if (rejectsPath is not null)
                    {
                        if (rejects is null)
                        {
                            Directory.CreateDirectory(Path.GetDirectoryName(rejectsPath)!);
                            rejects = new StreamWriter(rejectsPath, false, new UTF8Encoding(false)) { NewLine = "\n" };
                        }
                        rejects.WriteLine(RejectLine(json, line, Messages.RejectReason(errors)));
                    }
                }
            }
        }
        catch (IOException e)
        {
            throw new DataFolderException(Messages.Unreadable(file.RelativeName, e.Message), null, e);
        }
        finally
        {
            rejects?.Dispose();
        }
        if (_userDays.TakeIdenticalNote(file.RelativeName) is { } note) Log.Add(note);
        EndFile(file);
        usage.ReportOffRoster(file.RelativeName, Log.Add);
        return new FileReport(Table, file.RelativeName, Format, read, used, rejected, staged, rejects is null ? null : rejectsPath);
    }

    /// <summary>
    /// The engineer of a user identifier (through identities.csv, then the roster; else a new engineer off the roster,
    /// counted in the file's note).
    /// </summary>
    protected int EngineerOf(string raw)
    {
        var key = VendorEngineers.KeyOf(State, Encoding.UTF8.GetBytes(raw));
        usage.CountOffRoster(key);
        return key;
    }

    /// <summary>
    /// Registers one engineer's day with its rows (given in a fixed order): true when new; false when the day was seen
    /// before — the same rows are a harmless repeat (counted, nothing staged), other rows a conflict (an error).
    /// </summary>
    protected bool IsNewUserDay(int key, DateOnly day, IEnumerable<string> rowTexts, InputFile file, long line, string idColumn, List<Diagnostic> errors)
    {
        var seen = _userDays.Register(key, day, rowTexts, file.RelativeName, line);
        if (seen.IsNew) return true;
        if (!seen.IsIdentical) Error(errors, file, line, idColumn, State.Engineers.PseudonymOf(key), Messages.ExpectNewUserDay(seen.FirstFile, seen.FirstLine), Rules.DuplicateId);
        return false;
    }

    /// <summary>A count field: missing = null; negative or not a whole number = error when required, warning (unknown) otherwise.</summary>
    protected int? Count(JsonObject e, string name, string prefix, InputFile file, long line, List<Diagnostic> errors, bool required)
    {
        var node = e[name];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<long>(out var n) && n >= 0 && n <= int.MaxValue) return (int)n;
        if (node is JsonValue d && d.TryGetValue<double>(out var x) && x >= 0 && x <= int.MaxValue && x == Math.Floor(x)) return (int)x;
        var shown = Shown(node.ToJsonString());
        var negative = node is JsonValue nv && nv.TryGetValue<double>(out var neg) && neg < 0;
        var rule = negative ? Rules.NegativeCount : Rules.InvalidValue;
        if (required) Error(errors, file, line, prefix + name, shown, Messages.ExpectCount, rule);
        else Log.Add(new Diagnostic(file.RelativeName, line, prefix + name, shown, Messages.ExpectCount, Severity.Warning, rule));
        return null;
    }

    protected static string? Str(JsonObject e, string name) => e[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    protected static bool Flag(JsonObject json, string name) => json[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>Acceptances above suggestions cannot both be right: a warning, and the acceptances unknown.</summary>
    protected int? CheckedAcceptances(int? acceptances, int? suggestions, string acceptancesField, string suggestionsField, InputFile file, long line)
    {
        if (acceptances is not { } a || suggestions is not { } s || a <= s) return acceptances;
        Log.Add(new Diagnostic(file.RelativeName, line, acceptancesField, a.ToString(CultureInfo.InvariantCulture),
            Messages.ExpectAtMost(suggestionsField, s), Severity.Warning, Rules.AcceptancesAboveSuggestions));
        return null;
    }

    protected void Error(List<Diagnostic> errors, InputFile file, long line, string column, string value, string expected, string rule)
    {
        var d = new Diagnostic(file.RelativeName, line, column, value, expected, Severity.Error, rule);
        errors.Add(d);
        Log.Add(d);
    }

    /// <summary>
    /// A value from the record as diagnostics show it: as read when it is number- or date-shaped, else as a pseudonym. A
    /// damaged record may hold a user id anywhere (a shifted value, a mangled key), and nothing else tells it apart.
    /// </summary>
    protected string Shown(string value) =>
        RowChecker.IsNumberOrDateShaped(Encoding.UTF8.GetBytes(value))
            ? ShownText.Escape(value)
            : State.Engineers.Pseudonymizer.Pseudonymize(Encoding.UTF8.GetBytes(value));

    /// <summary>
    /// The rejected record as written to rejects/, with source_line and reason added. Unparseable lines are withheld (their
    /// ids cannot be found safely). Otherwise the record keeps its shape and its numbers, flags and the strings the vendor's
    /// reader vouches for; user ids, every other string and any key outside the vendor's schema become pseudonyms.
    /// </summary>
    private string RejectLine(JsonObject? json, long line, string reason)
    {
        var o = json is null
            ? new JsonObject { ["line_withheld"] = "not valid JSON, so its user id could not be pseudonymised; see the source file" }
            : (JsonObject)Sanitised(json, key: null)!;
        o["source_line"] = line;
        o["reason"] = reason;
        return o.ToJsonString();
    }

    private JsonNode? Sanitised(JsonNode? node, string? key)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    var shownName = SchemaKeys.Contains(name) ? name : Pseudonym(name);
                    if (!copy.ContainsKey(shownName)) copy[shownName] = Sanitised(value, name);
                }
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Sanitised(item, key))]);
            case JsonValue value when value.TryGetValue<string>(out var text):
                return key is not null && KeepsText(key, text) ? JsonValue.Create(text) : JsonValue.Create(Pseudonym(text));
            case JsonValue value when key is not null && IsIdentifier(key):
                return JsonValue.Create(Pseudonym(value.ToJsonString()));
            default:
                return node?.DeepClone();
        }
    }

    private string Pseudonym(string raw) => State.Engineers.PseudonymFor(Encoding.UTF8.GetBytes(raw));

    /// <summary>A day-shaped value (kept in rejects).</summary>
    protected static bool IsDayShaped(string text) => RowChecker.IsNumberOrDateShaped(Encoding.UTF8.GetBytes(text));
}
