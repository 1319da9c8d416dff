using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Modeling.Simulation.Samples;

/// <summary>One deliberately injected problem, as <c>modeling validate</c> must report it.</summary>
/// <param name="File">File name inside the data folder.</param>
/// <param name="Line">Physical line on which the record starts (header = 1).</param>
/// <param name="Column">Column of the problem, or empty when the whole record is malformed (wrong number of fields).</param>
/// <param name="Severity">"error" (a required value is missing or invalid: the row is rejected) or "warning" (an optional value is invalid: kept, field unknown).</param>
/// <param name="Rule">The validator's rule name (Modeling.Ingest.Diagnostics.Rules vocabulary).</param>
/// <param name="Check">The specific CONTRACT §1 check that was broken: see <see cref="BrokenSample.Checks"/>.</param>
/// <param name="Description">What was injected, in words.</param>
public sealed record ExpectedProblem(string File, int Line, string Column, string Severity, string Rule, string Check, string Description);

/// <summary>
/// Turns a clean simulated folder into an error-handling sample: one bad row per CONTRACT §1 row rule (inserted rows
/// or edited rows, never touching what other rows depend on), plus one valid multi-line quoted record so that
/// physical line numbers are exercised. Writes the list of injected problems as JSON.
/// </summary>
public static class BrokenSample
{
    public const string Error = "error";
    public const string Warning = "warning";

    /// <summary>The specific checks injected: check name → (validator rule name, meaning).</summary>
    public static readonly IReadOnlyDictionary<string, (string Rule, string Meaning)> Checks =
        new SortedDictionary<string, (string Rule, string Meaning)>(StringComparer.Ordinal)
    {
        ["invalid_date"] = ("invalid_value", "a required date is not a real YYYY-MM-DD date (e.g. 2025-02-30): error"),
        ["invalid_timestamp"] = ("invalid_value", "a required timestamp is not ISO-8601 with an offset or Z, or not a real instant: error"),
        ["empty_id"] = ("missing_value", "a required id is empty: error"),
        ["negative_count"] = ("negative_count", "a count is negative: error when the column is required (interactions), warning when optional (additions, commits)"),
        ["unknown_team"] = ("unknown_team", "a required team_id is not in teams.csv: error"),
        ["wrong_field_count"] = ("wrong_field_count", "the record has more or fewer fields than the header: error, empty column"),
        ["duplicate_id"] = ("duplicate_id", "an id already seen in an earlier row of the file: the later row is rejected, error"),
        ["invalid_boolean"] = ("invalid_value", "an optional boolean is not true/false/1/0/empty (escaped = maybe): warning"),
        ["invalid_utf8"] = ("invalid_utf8", "an optional text field holds a byte sequence that is not UTF-8: warning"),
        ["merged_before_created"] = ("timestamps_out_of_order", "merged_at is earlier than created_at: warning (merged_at unknown)"),
        ["acceptances_above_suggestions"] = ("acceptances_above_suggestions", "acceptances exceed suggestions: warning (acceptances unknown)"),
        ["author_not_in_roster"] = ("author_not_in_roster",
            "a PR whose author has no roster membership on the created_at date (team_id empty): warning, the row is kept (author_id and created_at are valid; only its team is unknown)"),
    };

    public static IReadOnlyList<ExpectedProblem> Inject(string folder, string expectedFile)
    {
        var injected = new List<(CsvFile File, byte[] Record, string Column, string Severity, string Check, string Description)>();
        void Add(CsvFile file, byte[] record, string? column, string severity, string check, string description) =>
            injected.Add((file, record, column ?? "", severity, check, description));

        var teams = CsvFile.Load(folder, Schema.Teams);
        var roster = CsvFile.Load(folder, Schema.Roster);
        var usage = CsvFile.Load(folder, Schema.AiUsage);
        var deployments = CsvFile.Load(folder, Schema.Deployments);
        var incidents = CsvFile.Load(folder, Schema.Incidents);
        var pulls = CsvFile.Load(folder, Schema.PullRequests);

        // teams.csv: a valid quoted name with a comma and a line break (shifts physical lines), a malformed row, a duplicate id.
        int t = teams.Find(0.1, _ => true);
        var tf = teams.Fields(t);
        teams.Replace(t, Encoding.UTF8.GetBytes($"{tf[0]},{tf[1]},\"{tf[2]}, the\nformer platform team\",{tf[3]},{tf[4]}"));
        Add(teams, teams.InsertAfter(teams.Find(0.3, _ => true), "team-9001,extra,extra-team,2,go,unexpected"),
            null, Error, "wrong_field_count", "6 fields where the header has 5");
        int t2 = teams.Find(0.2, _ => true);
        Add(teams, teams.InsertAfter(teams.Find(0.6, _ => true), $"{teams.Fields(t2)[0]},{teams.Fields(t2)[1]},duplicate-team,1,go"),
            "team_id", Error, "duplicate_id", $"second row for {teams.Fields(t2)[0]}");

        // roster.csv
        int r = roster.Find(0.4, f => f[3].Length == 0);
        var rf = roster.Fields(r);
        Add(roster, roster.InsertAfter(r, $"{rf[0]},{rf[1]},2025-02-30,,{rf[4]}"), "valid_from", Error, "invalid_date", "valid_from 2025-02-30");
        Add(roster, roster.InsertAfter(roster.Find(0.5, _ => true), $"{rf[0]},team-9999,2024-03-01,,{rf[4]}"), "team_id", Error, "unknown_team", "team-9999");
        Add(roster, roster.InsertAfter(roster.Find(0.7, _ => true), $",{rf[1]},2024-03-01,,L4"), "engineer_id", Error, "empty_id", "empty engineer_id");

        // ai_usage.csv: copies of existing rows (same engineer and day), so nobody's monthly activity changes.
        string[] Usage(double at) => usage.Fields(usage.Find(at, f => long.Parse(f[6], CultureInfo.InvariantCulture) >= 2));
        var u1 = Usage(0.2);
        Add(usage, usage.InsertAfter(usage.Find(0.2, _ => true), Join(With(u1, 0, Month(u1[0]) == 2 ? u1[0][..5] + "02-31" : u1[0][..5] + "02-30"))),
            "date", Error, "invalid_date", "a 30th or 31st of February");
        var u2 = Usage(0.4);
        Add(usage, usage.InsertAfter(usage.Find(0.4, _ => true), Join(With(u2, 5, "-3"))), "interactions", Error, "negative_count", "interactions -3");
        var u3 = Usage(0.6);
        Add(usage, usage.InsertAfter(usage.Find(0.6, _ => true), Join(With(With(u3, 6, "5"), 7, "9"))),
            "acceptances", Warning, "acceptances_above_suggestions", "suggestions 5, acceptances 9");
        var u4 = Usage(0.8);
        Add(usage, usage.InsertAfter(usage.Find(0.8, _ => true), Join(u4[..^1])), null, Error, "wrong_field_count", "10 fields where the header has 11");

        // deployments.csv: new rows with fresh ids for errors; edits of existing rows for warnings.
        int d = deployments.Find(0.3, f => f[3] == "success" && f[7].Length > 0);
        var df = deployments.Fields(d);
        Add(deployments, deployments.InsertAfter(d, Join(With(df, 0, ""))), "deployment_id", Error, "empty_id", "empty deployment_id");
        Add(deployments, deployments.InsertAfter(deployments.Find(0.4, _ => true), Join(With(With(df, 0, "dep-broken-1"), 1, "team-9999"))),
            "team_id", Error, "unknown_team", "team-9999");
        Add(deployments, deployments.InsertAfter(deployments.Find(0.5, _ => true), Join(With(With(df, 0, "dep-broken-2"), 2, "2024-06-31T10:00:00Z"))),
            "finished_at", Error, "invalid_timestamp", "2024-06-31T10:00:00Z (June has 30 days)");
        int d2 = deployments.Find(0.6, f => f[7].Length > 0);
        deployments.Replace(d2, Join(With(deployments.Fields(d2), 7, "-2")));
        Add(deployments, deployments.Record(d2), "commits", Warning, "negative_count", "commits -2");
        int d3 = deployments.Find(0.7, _ => true);
        var d3f = deployments.Fields(d3);
        deployments.Replace(d3, Splice(d3f, 4, [.. Encoding.ASCII.GetBytes(d3f[4][..3]), 0xFF, 0xFE, .. Encoding.ASCII.GetBytes(d3f[4][3..])]));
        Add(deployments, deployments.Record(d3), "service", Warning, "invalid_utf8", "bytes FF FE inside service");

        // incidents.csv
        int i1 = incidents.Find(0.3, _ => true);
        Add(incidents, incidents.InsertAfter(incidents.Find(0.5, _ => true), incidents.Text(i1)), "incident_id", Error, "duplicate_id",
            $"second row for {incidents.Fields(i1)[0]}");
        int i2 = incidents.Find(0.6, f => f[5] == "defect");
        incidents.Replace(i2, Join(With(incidents.Fields(i2), 7, "maybe")));
        Add(incidents, incidents.Record(i2), "escaped", Warning, "invalid_boolean", "escaped = maybe");
        var i3 = incidents.Fields(incidents.Find(0.7, f => f[6].Length == 0));
        Add(incidents, incidents.InsertAfter(incidents.Find(0.7, _ => true), Join(With(With(i3, 0, "inc-broken-1"), 2, "2024-05-03T10:00:00"))),
            "created_at", Error, "invalid_timestamp", "2024-05-03T10:00:00 has no offset");

        // pull_requests.csv
        int p1 = pulls.Find(0.2, f => f[7].Length > 0);
        var p1f = pulls.Fields(p1);
        var mergedEarly = DateTimeOffset.Parse(p1f[2], CultureInfo.InvariantCulture).UtcDateTime.AddHours(-2);
        pulls.Replace(p1, Join(With(p1f, 7, mergedEarly.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))));
        Add(pulls, pulls.Record(p1), "merged_at", Warning, "merged_before_created", "merged_at two hours before created_at");
        int p2 = pulls.Find(0.3, f => f[8].Length > 0);
        pulls.Replace(p2, Join(With(pulls.Fields(p2), 8, "-40")));
        Add(pulls, pulls.Record(p2), "additions", Warning, "negative_count", "additions -40");
        int p3 = pulls.Find(0.4, _ => true);
        var p3f = pulls.Fields(p3);
        pulls.Replace(p3, Splice(p3f, 4, [.. Encoding.ASCII.GetBytes(p3f[4]), 0xC3, 0x28]));
        Add(pulls, pulls.Record(p3), "repository", Warning, "invalid_utf8", "bytes C3 28 (an invalid UTF-8 sequence) at the end of repository");
        var template = pulls.Fields(pulls.Find(0.5, f => f[7].Length > 0));
        Add(pulls, pulls.InsertAfter(pulls.Find(0.5, _ => true), Join([.. With(template, 0, "pr-broken-1"), "extra"])),
            null, Error, "wrong_field_count", "15 fields where the header has 14");
        Add(pulls, pulls.InsertAfter(pulls.Find(0.6, _ => true), Join(With(With(template, 0, "pr-broken-2"), 2, "2024-13-01T09:00:00Z"))),
            "created_at", Error, "invalid_timestamp", "month 13");
        var (login, joined) = LateJoiner(roster, WindowStart(folder));
        var created = DateOnly.ParseExact(joined, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-30).ToDateTime(new TimeOnly(10, 0));
        string Ts(DateTime dt) => dt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var orphan = With(With(With(With(With(With(template, 0, "pr-broken-3"), 1, login), 2, Ts(created)), 3, ""), 5, Ts(created.AddHours(-3))), 6, Ts(created.AddHours(1)));
        orphan = With(orphan, 7, Ts(created.AddHours(5)));
        Add(pulls, pulls.InsertAfter(pulls.Find(0.8, _ => true), Join(orphan)), "author_id", Warning, "author_not_in_roster",
            $"author joined on {joined}; created_at 30 days earlier; team_id empty");

        foreach (var file in new[] { teams, roster, usage, deployments, incidents, pulls }) file.Save();

        var expected = injected
            .Select(x => new ExpectedProblem(x.File.Name, x.File.PhysicalLine(x.Record), x.Column, x.Severity, Checks[x.Check].Rule, x.Check, x.Description))
            .OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToArray();
        WriteExpected(expected, expectedFile);
        return expected;
    }

    /// <summary>An engineer with a single roster row that starts at least 60 days after the first simulated day (a joiner).</summary>
    private static (string Login, string ValidFrom) LateJoiner(CsvFile roster, DateOnly windowStart)
    {
        var rows = Enumerable.Range(1, roster.Count - 1).Select(roster.Fields).Where(f => f.Length == 5 && f[0].Length > 0).ToArray();
        foreach (var g in rows.GroupBy(f => f[0], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (g.Count() != 1) continue;
            var row = g.Single();
            if (DateOnly.TryParseExact(row[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                && from.DayNumber >= windowStart.DayNumber + 60)
                return (row[0], row[2]);
        }
        throw new InvalidOperationException("No joiner in roster.csv to build the author_not_in_roster row from.");
    }

    private static DateOnly WindowStart(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, Schema.Truth)));
        string first = doc.RootElement.GetProperty("periods")[0].GetString()!;
        return DateOnly.ParseExact(first + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static int Month(string date) => int.Parse(date.AsSpan(5, 2), CultureInfo.InvariantCulture);

    private static string[] With(string[] fields, int index, string value)
    {
        var copy = (string[])fields.Clone();
        copy[index] = value;
        return copy;
    }

    private static byte[] Join(string[] fields) => Encoding.UTF8.GetBytes(string.Join(',', fields));

    private static byte[] Splice(string[] fields, int index, byte[] value)
    {
        var parts = fields.Select((f, i) => i == index ? value : Encoding.UTF8.GetBytes(f)).ToArray();
        var result = new List<byte>();
        for (int i = 0; i < parts.Length; i++)
        {
            if (i > 0) result.Add((byte)',');
            result.AddRange(parts[i]);
        }
        return [.. result];
    }

    private static void WriteExpected(IReadOnlyList<ExpectedProblem> expected, string path)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartArray();
        foreach (var p in expected)
        {
            w.WriteStartObject();
            w.WriteString("file", p.File);
            w.WriteNumber("line", p.Line);
            w.WriteString("column", p.Column);
            w.WriteString("severity", p.Severity);
            w.WriteString("rule", p.Rule);
            w.WriteString("check", p.Check);
            w.WriteString("description", p.Description);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>A CSV file held as raw records (bytes, so invalid UTF-8 can be injected); records are split on newlines outside quotes.</summary>
    private sealed class CsvFile
    {
        private readonly List<byte[]> _records;
        private readonly string _path;

        private CsvFile(string path, List<byte[]> records)
        {
            _path = path;
            _records = records;
            Name = Path.GetFileName(path);
        }

        public string Name { get; }
        public int Count => _records.Count;

        public static CsvFile Load(string folder, string name)
        {
            string path = Path.Combine(folder, name);
            var bytes = File.ReadAllBytes(path);
            var records = new List<byte[]>();
            int start = 0;
            for (int i = 0; i < bytes.Length; i++)
                if (bytes[i] == (byte)'\n')
                {
                    records.Add(bytes[start..i]);
                    start = i + 1;
                }
            if (start < bytes.Length) records.Add(bytes[start..]);
            return new CsvFile(path, records);
        }

        public byte[] Record(int index) => _records[index];
        public string Text(int index) => Encoding.UTF8.GetString(_records[index]);
        public string[] Fields(int index) => Text(index).Split(',');

        /// <summary>First data record at or after the given fraction of the file that matches.</summary>
        public int Find(double fraction, Func<string[], bool> predicate)
        {
            int start = Math.Max(1, (int)(fraction * (_records.Count - 1)));
            for (int i = start; i < _records.Count; i++)
                if (!Text(i).Contains('"') && predicate(Fields(i))) return i;
            for (int i = 1; i < start; i++)
                if (!Text(i).Contains('"') && predicate(Fields(i))) return i;
            throw new InvalidOperationException($"No suitable row in {Name}.");
        }

        public void Replace(int index, byte[] record) => _records[index] = record;

        public byte[] InsertAfter(int index, string record) => InsertAfter(index, Encoding.UTF8.GetBytes(record));

        public byte[] InsertAfter(int index, byte[] record)
        {
            _records.Insert(index + 1, record);
            return record;
        }

        /// <summary>Physical line of a record: 1 + the lines taken by the records before it (a quoted line break adds one).</summary>
        public int PhysicalLine(byte[] record)
        {
            int line = 1;
            foreach (var r in _records)
            {
                if (ReferenceEquals(r, record)) return line;
                line += 1 + r.Count(b => b == (byte)'\n');
            }
            throw new InvalidOperationException("Record not found in " + Name);
        }

        public void Save()
        {
            using var stream = new FileStream(_path, FileMode.Create, FileAccess.Write);
            foreach (var r in _records)
            {
                stream.Write(r);
                stream.WriteByte((byte)'\n');
            }
        }
    }
}
