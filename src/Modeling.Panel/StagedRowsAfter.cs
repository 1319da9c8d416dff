using System.Globalization;
using DuckDB.NET.Data;
using Modeling.Ingest;

namespace Modeling.Panel;

/// <summary>
/// Counts the staged rows dated after an as-of cut-off (the panel itself ignores them: <see cref="PanelOptions.AsOf"/>).
/// A row's date is the one that says when it happened: the day of AI use, a deployment's finish, an incident's or a pull
/// request's creation, a roster membership's start. Teams and mandates are not dated.
/// </summary>
internal static class StagedRowsAfter
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

    /// <summary>Per input file present (the table name when several files feed one table), the staged rows dated after
    /// <paramref name="asOf"/> (end of that day, UTC), in reading order.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> Count(DuckDBConnection connection, IngestReport report, DateOnly asOf)
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
        return counts;
    }
}
