using System.Globalization;
using System.Text;

namespace Modeling.Panel;

/// <summary>
/// The panel's SQL, kept as embedded .sql files (Sql/ folder) in standard SQL: CTEs, GROUP BY, window functions,
/// PERCENTILE_CONT(0.5) WITHIN GROUP (exact median). Engine-specific pieces, all also accepted by PostgreSQL and
/// most warehouses: DATE_TRUNC('month'|'week', …) (weeks start on Monday = ISO), EXTRACT(EPOCH FROM interval),
/// DATE − DATE = days, CREATE TEMP TABLE / TEMP VIEW. The only token substituted is the period unit and the
/// generated tool/model columns.
/// </summary>
internal static class PanelSql
{
    public static string Releases => Load("00_releases.sql");
    public static string Span => Load("00_span.sql");
    public static string Diagnostics => Load("07_diagnostics.sql");

    /// <summary>The build stages in order: (name, SQL).</summary>
    public static IReadOnlyList<(string Stage, string File)> Stages { get; } =
    [
        ("memberships", "01_memberships.sql"),
        ("ai_usage", "02_ai_usage.sql"),
        ("pull_requests", "03_pull_requests.sql"),
        ("deployments", "04_deployments.sql"),
        ("incidents", "05_incidents.sql"),
    ];

    public const string AssembleFile = "06_panel.sql";
    public const string ToolAdoptionFile = "08_tool_adoption.sql";
    public const string UsageSegmentsFile = "00_usage_segments.sql";

    public static string UnitName(PeriodUnit unit) => unit == PeriodUnit.Month ? "month" : "week";

    /// <summary>Temporary objects the build creates (dropped afterwards), views last.</summary>
    public static IReadOnlyList<string> TempTables { get; } =
    [
        "panel_tool_adoption", "panel_result", "panel_usage_mix", "panel_adoption", "panel_incidents", "panel_deployments", "panel_failure_causes",
        "panel_pr_reviews", "panel_pr_merged", "panel_pr_teams", "panel_author_teams", "panel_ai", "panel_usage",
        "panel_active_engineers", "panel_usage_keyed", "panel_models", "panel_tools",
        "panel_team_periods", "panel_member_periods", "panel_memberships", "panel_periods", "panel_params",
    ];

    public static string Load(string file)
    {
        using var stream = typeof(PanelSql).Assembly.GetManifestResourceStream("Modeling.Panel.Sql." + file)
            ?? throw new InvalidOperationException($"Embedded SQL resource '{file}' is missing from Modeling.Panel.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static string Render(string sql, PeriodUnit unit, string mixSums = "", string mixColumns = "") => sql
        .Replace("{period_unit}", UnitName(unit), StringComparison.Ordinal)
        .Replace("{mix_sums}", mixSums, StringComparison.Ordinal)
        .Replace("{mix_columns}", mixColumns, StringComparison.Ordinal);

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Literal(DateOnly day) => "DATE '" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";

    public static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The one-row parameter table every stage reads.</summary>
    public static string Params(DateOnly spanStart, DateOnly spanEnd, DateOnly? asOf, double threshold) =>
        "CREATE TEMP TABLE panel_params AS SELECT " +
        $"{Literal(spanStart)} AS span_start, {Literal(spanEnd)} AS span_end, " +
        // Events must be known by the end of the as-of day; without a cut-off, by the end of time.
        $"CAST({(asOf is { } d ? Literal(d.AddDays(1)) : "DATE '9999-01-01'")} AS TIMESTAMP) AS cutoff, " +
        $"CAST({Literal(threshold)} AS DOUBLE) AS adoption_threshold";

    /// <summary>The calendar of the panel's periods (computed in C#, so labels and ordinals are exact ISO).</summary>
    public static string Periods(IReadOnlyList<DateOnly> starts, PeriodUnit unit)
    {
        var sql = new StringBuilder("CREATE TEMP TABLE panel_periods (period_start DATE, period_end DATE, period_days INTEGER, period_ordinal INTEGER, period_label VARCHAR);\n");
        foreach (var chunk in starts.Chunk(500))
        {
            sql.Append("INSERT INTO panel_periods VALUES ");
            sql.AppendJoin(", ", chunk.Select(start =>
            {
                var end = PeriodCalendar.EndOf(start, unit);
                return $"({Literal(start)}, {Literal(end)}, {end.DayNumber - start.DayNumber + 1}, {PeriodCalendar.Ordinal(start, unit)}, {Literal(PeriodCalendar.Label(start, unit))})";
            }));
            sql.Append(";\n");
        }
        return sql.ToString();
    }

    /// <summary>
    /// Conditional sums and share columns for each tool and model group (values grouped by <see cref="PanelColumns.Suffix"/>),
    /// e.g. <c>SUM(CASE WHEN tool IN ('copilot') THEN interactions ELSE 0 END) AS mix_0</c> and
    /// <c>CAST(mix.mix_0 AS DOUBLE) / NULLIF(ai.interactions, 0) AS tool_share_copilot</c>.
    /// </summary>
    public static (string Sums, string Columns) Mix(IReadOnlyList<MixGroup> groups)
    {
        var sums = new StringBuilder();
        var columns = new StringBuilder();
        for (int i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var values = group.Values.Where(v => v is not null).Select(v => Literal(v!)).ToList();
            var conditions = new List<string>();
            if (values.Count > 0) conditions.Add($"{group.Field} IN ({string.Join(", ", values)})");
            if (group.Values.Any(v => v is null)) conditions.Add($"{group.Field} IS NULL");
            sums.Append(CultureInfo.InvariantCulture, $",\n       SUM(CASE WHEN {string.Join(" OR ", conditions)} THEN interactions ELSE 0 END) AS mix_{i}");
            columns.Append(CultureInfo.InvariantCulture, $",\n       CAST(COALESCE(mix.mix_{i}, 0) AS DOUBLE) / NULLIF(ai.interactions, 0) AS {group.Column}");
        }
        return (sums.ToString(), columns.ToString());
    }
}

/// <summary>One generated share column: the raw tool or model values (null = model unknown) it adds up.</summary>
internal sealed record MixGroup(string Field, string Column, IReadOnlyList<string?> Values);
