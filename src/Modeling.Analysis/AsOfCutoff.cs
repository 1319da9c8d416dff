using System.Globalization;
using DuckDB.NET.Data;
using Modeling.Ingest;

namespace Modeling.Analysis;

/// <summary>The "run" block of results.json (written by <c>retrain</c> only, /tmp/RESULTS_EXT.md).</summary>
/// <param name="AsOf">The as-of label: <c>YYYY-MM</c> when the cut-off is a month's last day, else <c>YYYY-MM-DD</c>.</param>
/// <param name="RowsAfterAsOf">Per input file (the table name when several files feed one table), the staged rows dated
/// after the cut-off: read, never used in the fit. Ordered as the files were read.</param>
public sealed record AsOfSummary(string AsOf, IReadOnlyList<KeyValuePair<string, long>> RowsAfterAsOf)
{
    /// <summary>Writes <c>"run": { "as_of", "rows_after_as_of": { file: n } }</c>.</summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject("run");
        w.WriteString("as_of", AsOf);
        w.WriteStartObject("rows_after_as_of");
        foreach (var (file, n) in RowsAfterAsOf) w.WriteNumber(file, n);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

/// <summary>
/// Counts the staged rows dated after the as-of cut-off (the panel itself ignores them: <c>PanelOptions.AsOf</c>).
/// A row's date is the one that says when it happened: the day of AI use, a deployment's finish, an incident's or a pull
/// request's creation, a roster membership's start. Teams and mandates are not dated.
/// </summary>
public static class AsOfCutoff
{
    /// <summary>(table, SQL condition true for rows after the cut-off day <c>{day}</c> / the next midnight <c>{next}</c>).</summary>
    private static readonly (string Table, string After)[] DatedTables =
    [
        ("roster", "valid_from > {day}"),
        // Usage is staged either raw (ai_usage) or summed into segments that never cross a period of the usage grain
        // (ai_usage_segments, usage_rows = raw rows summed); one of the two is empty. With month grain the count is exact.
        ("ai_usage", "date > {day}) + (SELECT COALESCE(SUM(usage_rows), 0) FROM ai_usage_segments WHERE first_day > {day}"),
        ("deployments", "finished_at >= {next}"),
        ("incidents", "created_at >= {next}"),
        ("pull_requests", "created_at >= {next}"),
    ];

    /// <summary>The as-of label of a cut-off day.</summary>
    public static string Label(DateOnly asOf) =>
        asOf.Day == DateTime.DaysInMonth(asOf.Year, asOf.Month)
            ? asOf.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Counts, per input file present, the staged rows dated after <paramref name="asOf"/> (end of that day, UTC).</summary>
    public static AsOfSummary Count(DuckDBConnection connection, IngestReport report, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(report);
        string day = "DATE '" + asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
        string next = "CAST(DATE '" + asOf.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "' AS TIMESTAMP)";
        var counts = new List<KeyValuePair<string, long>>();
        foreach (var (table, after) in DatedTables)
        {
            var files = report.Files.Where(f => f.Table == table).ToList();
            if (files.Count == 0) continue;
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT CAST((SELECT COUNT(*) FROM {table} WHERE " +
                after.Replace("{day}", day, StringComparison.Ordinal).Replace("{next}", next, StringComparison.Ordinal) + ") AS BIGINT)";
            long n = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            counts.Add(new(files.Count == 1 ? files[0].File : table, n));
        }
        return new AsOfSummary(Label(asOf), counts);
    }
}
