using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Modeling.Simulation.Tests;

/// <summary>
/// A deliberately naive, independent implementation of the CONTRACT §1 row rules (RFC 4180 records with physical
/// line numbers, required/optional values, ids, team and roster cross-checks). Used as the oracle for the clean
/// files (no problem at all) and for broken-expected.json (exactly the listed problems).
/// </summary>
internal static partial class ContractOracle
{
    internal sealed record Problem(string File, int Line, string Column, string Severity, string Check);

    private enum Kind { Id, Team, Text, Date, OptionalDate, Timestamp, OptionalTimestamp, Count, OptionalCount, OptionalBool, Enum }

    private sealed record Col(string Name, Kind Kind);

    private static readonly Dictionary<string, Col[]> Files = new()
    {
        ["teams.csv"] = [new("team_id", Kind.Id), new("org", Kind.Enum), new("name", Kind.Text), new("service_tier", Kind.Text), new("primary_language", Kind.Text)],
        ["roster.csv"] = [new("engineer_id", Kind.Id), new("team_id", Kind.Team), new("valid_from", Kind.Date), new("valid_to", Kind.OptionalDate), new("level", Kind.Text)],
        ["ai_usage.csv"] = [new("date", Kind.Date), new("engineer_id", Kind.Id), new("tool", Kind.Enum), new("model", Kind.Text), new("feature", Kind.Text),
            new("interactions", Kind.Count), new("suggestions", Kind.OptionalCount), new("acceptances", Kind.OptionalCount), new("lines_suggested", Kind.OptionalCount),
            new("lines_accepted", Kind.OptionalCount), new("agent_sessions", Kind.OptionalCount)],
        ["deployments.csv"] = [new("deployment_id", Kind.Id), new("team_id", Kind.Team), new("finished_at", Kind.Timestamp), new("status", Kind.Enum),
            new("service", Kind.Text), new("environment", Kind.Text), new("first_commit_at", Kind.OptionalTimestamp), new("commits", Kind.OptionalCount),
            new("is_rollback", Kind.OptionalBool), new("is_hotfix", Kind.OptionalBool), new("is_unplanned", Kind.OptionalBool)],
        ["incidents.csv"] = [new("incident_id", Kind.Id), new("team_id", Kind.Team), new("created_at", Kind.Timestamp), new("resolved_at", Kind.OptionalTimestamp),
            new("severity", Kind.OptionalCount), new("kind", Kind.Text), new("caused_by_deployment_id", Kind.Text), new("escaped", Kind.OptionalBool)],
        ["pull_requests.csv"] = [new("pr_id", Kind.Id), new("author_id", Kind.Id), new("created_at", Kind.Timestamp), new("team_id", Kind.Text),
            new("repository", Kind.Text), new("first_commit_at", Kind.OptionalTimestamp), new("first_review_at", Kind.OptionalTimestamp),
            new("merged_at", Kind.OptionalTimestamp), new("additions", Kind.OptionalCount), new("deletions", Kind.OptionalCount),
            new("review_comments", Kind.OptionalCount), new("review_rounds", Kind.OptionalCount), new("ai_assisted", Kind.OptionalBool), new("reverted", Kind.OptionalBool)],
    };

    /// <summary>The file names and header columns CONTRACT §1 lists, in the simulator's column order.</summary>
    public static IReadOnlyList<string> Header(string file) => [.. Files[file].Select(c => c.Name)];

    /// <summary>RFC 4180 records of a file: the physical line each starts on, and its raw fields.</summary>
    public static IEnumerable<(int Line, List<byte[]> Fields)> Records(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int line = 1, i = 0;
        while (i < bytes.Length)
        {
            int start = line;
            var fields = new List<byte[]>();
            var field = new List<byte>();
            bool quoted = false, endOfRecord = false;
            while (i < bytes.Length && !endOfRecord)
            {
                byte b = bytes[i++];
                if (quoted)
                {
                    if (b == '"' && i < bytes.Length && bytes[i] == '"') { field.Add((byte)'"'); i++; }
                    else if (b == '"') quoted = false;
                    else { if (b == '\n') line++; field.Add(b); }
                }
                else if (b == '"' && field.Count == 0) quoted = true;
                else if (b == ',') { fields.Add([.. field]); field.Clear(); }
                else if (b == '\n') { line++; endOfRecord = true; }
                else if (b != '\r') field.Add(b);
            }
            fields.Add([.. field]);
            yield return (start, fields);
        }
    }

    public static List<Problem> Check(string folder)
    {
        var problems = new List<Problem>();
        var teams = new HashSet<string>(StringComparer.Ordinal);
        var roster = new List<(string Engineer, DateOnly From, DateOnly? To)>();
        foreach (var file in new[] { "teams.csv", "roster.csv", "ai_usage.csv", "deployments.csv", "incidents.csv", "pull_requests.csv" })
        {
            var cols = Files[file];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            bool header = true;
            foreach (var (line, raw) in Records(Path.Combine(folder, file)))
            {
                if (header) { header = false; continue; }
                void Report(string? column, string severity, string check) => problems.Add(new Problem(file, line, column ?? "", severity, check));
                if (raw.Count != cols.Length) { Report(null, "error", "wrong_field_count"); continue; }
                var text = new string?[cols.Length];
                bool rejected = false;
                for (int c = 0; c < cols.Length; c++)
                {
                    string? value = Utf8(raw[c]);
                    var col = cols[c];
                    if (value is null) { Report(col.Name, "warning", "invalid_utf8"); continue; }
                    text[c] = value;
                    switch (col.Kind)
                    {
                        case Kind.Id when value.Length == 0:
                        case Kind.Team when value.Length == 0:
                            Report(col.Name, "error", "empty_id"); rejected = true; break;
                        case Kind.Team when !teams.Contains(value):
                            Report(col.Name, "error", "unknown_team"); rejected = true; break;
                        case Kind.Date when !IsDate(value):
                            Report(col.Name, "error", "invalid_date"); rejected = true; break;
                        case Kind.OptionalDate when value.Length > 0 && !IsDate(value):
                            Report(col.Name, "warning", "invalid_date"); break;
                        case Kind.Timestamp when ParseTimestamp(value) is null:
                            Report(col.Name, "error", "invalid_timestamp"); rejected = true; break;
                        case Kind.OptionalTimestamp when value.Length > 0 && ParseTimestamp(value) is null:
                            Report(col.Name, "warning", "invalid_timestamp"); break;
                        case Kind.Count when !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) || n < 0:
                            Report(col.Name, "error", "negative_count"); rejected = true; break;
                        case Kind.OptionalCount when value.Length > 0 && (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) || n < 0):
                            Report(col.Name, "warning", "negative_count"); break;
                        case Kind.OptionalBool when value is not ("" or "true" or "false" or "1" or "0"):
                            Report(col.Name, "warning", "invalid_boolean"); break;
                        case Kind.Enum when value.Length == 0:
                            Report(col.Name, "error", "empty_value"); rejected = true; break;
                    }
                }
                if (rejected) continue;
                string Get(string name) => text[Array.FindIndex(cols, c => c.Name == name)] ?? "";
                if (file == "ai_usage.csv" && Get("suggestions").Length > 0 && Get("acceptances").Length > 0
                    && long.Parse(Get("acceptances"), CultureInfo.InvariantCulture) > long.Parse(Get("suggestions"), CultureInfo.InvariantCulture))
                    Report("acceptances", "warning", "acceptances_above_suggestions");
                if (file == "pull_requests.csv")
                {
                    var created = ParseTimestamp(Get("created_at"))!.Value;
                    if (ParseTimestamp(Get("merged_at")) is { } merged && merged < created) Report("merged_at", "warning", "merged_before_created");
                    var day = DateOnly.FromDateTime(created.UtcDateTime);
                    if (Get("team_id").Length == 0 && !roster.Any(m => m.Engineer == Get("author_id") && m.From <= day && (m.To is null || day <= m.To)))
                    {
                        Report("author_id", "warning", "author_not_in_roster"); // kept: author and created_at are valid
                    }
                }
                if (file == "teams.csv") teams.Add(Get("team_id"));
                if (file == "roster.csv")
                    roster.Add((Get("engineer_id"), DateOnly.ParseExact(Get("valid_from"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                        Get("valid_to").Length > 0 ? DateOnly.ParseExact(Get("valid_to"), "yyyy-MM-dd", CultureInfo.InvariantCulture) : null));
                if (cols[0].Kind == Kind.Id && file is not ("roster.csv" or "ai_usage.csv") && !seen.Add(text[0]!))
                    Report(cols[0].Name, "error", "duplicate_id");
            }
        }
        return problems;
    }

    private static string? Utf8(byte[] bytes)
    {
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { return null; }
    }

    private static bool IsDate(string s) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex TimestampShape();

    public static DateTimeOffset? ParseTimestamp(string s) =>
        TimestampShape().IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}
