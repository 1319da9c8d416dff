using System.Diagnostics;
using DuckDB.NET.Data;

namespace Modeling.Panel;

/// <summary>
/// Builds the team × period panel (CONTRACT §3) from Ingest's staging tables with DuckDB SQL (Sql/*.sql).
/// Immutable options → <see cref="Build"/> → immutable <see cref="TeamPanel"/>. The build creates temporary
/// tables prefixed <c>panel_</c> on the connection and drops them before returning; staging tables are only read.
/// </summary>
public sealed class PanelBuilder
{
    /// <summary>Every optional input present (the default when the caller does not say).</summary>
    public const StagingSource AllSources = StagingSource.Deployments | StagingSource.Incidents | StagingSource.PullRequests;

    /// <summary>
    /// The optional inputs among the staging tables that had an input file (Ingest's <c>TablesPresent</c>): the outcomes
    /// needing an absent one are unavailable, not zero.
    /// </summary>
    public static StagingSource SourcesPresent(IReadOnlySet<string> tablesWithAFile)
    {
        ArgumentNullException.ThrowIfNull(tablesWithAFile);
        var present = StagingSource.None;
        if (tablesWithAFile.Contains("deployments")) present |= StagingSource.Deployments;
        if (tablesWithAFile.Contains("incidents")) present |= StagingSource.Incidents;
        if (tablesWithAFile.Contains("pull_requests")) present |= StagingSource.PullRequests;
        return present;
    }

    /// <summary>The staging tables the SQL reads (names and columns: /tmp/STAGING.md, Ingest's Staging folder).</summary>
    public static IReadOnlyList<string> StagingTables { get; } =
        ["teams", "roster", "ai_usage", "deployments", "incidents", "pull_requests"];

    public PanelBuilder(PanelOptions? options = null)
    {
        options ??= PanelOptions.Default;
        options.Validate();
        Options = options;
    }

    public PanelOptions Options { get; }

    /// <param name="connection">An open connection holding the staging tables.</param>
    /// <param name="presentSources">Optional input files that were present; outcomes needing an absent one are
    /// unavailable (NaN everywhere), not zero. Ingest reports this.</param>
    public TeamPanel Build(DuckDBConnection connection, StagingSource presentSources = AllSources)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var tables = RequireStagingTables(connection);
        var timings = new List<PanelStageTiming>();
        var unit = Options.Period;
        try
        {
            DropTemporaries(connection);
            var clock = Stopwatch.StartNew();
            Execute(connection, UsageSegmentsView(connection, tables, unit));
            Execute(connection, PanelSql.Releases);
            var periods = PeriodStarts(connection);
            Execute(connection, PanelSql.Params(
                periods.Count > 0 ? periods[0] : DateOnly.MinValue,
                periods.Count > 0 ? PeriodCalendar.EndOf(periods[^1], unit) : DateOnly.MinValue,
                Options.AsOf, Options.AdoptionThreshold));
            Execute(connection, PanelSql.Periods(periods, unit));
            timings.Add(new("span", clock.Elapsed));

            foreach (var (stage, file) in PanelSql.Stages)
            {
                clock.Restart();
                Execute(connection, PanelSql.Render(PanelSql.Load(file), unit));
                timings.Add(new(stage, clock.Elapsed));
            }

            clock.Restart();
            var mix = MixGroups(connection);
            var (sums, columns) = PanelSql.Mix(mix);
            Execute(connection, PanelSql.Render(PanelSql.Load(PanelSql.AssembleFile), unit, sums, columns));
            timings.Add(new("assemble", clock.Elapsed));

            clock.Restart();
            Execute(connection, PanelSql.Render(PanelSql.Load(PanelSql.ToolAdoptionFile), unit));
            timings.Add(new("tool_adoption", clock.Elapsed));

            clock.Restart();
            var definitions = ColumnsFor(mix);
            var panel = PanelReader.Read(connection, Options, definitions, periods, presentSources, ReadDiagnostics(connection), timings);
            panel.ToolAdoption = ReadToolAdoption(connection);
            timings.Add(new("read", clock.Elapsed));
            return panel;
        }
        finally
        {
            DropTemporaries(connection);
        }
    }

    /// <summary>The panel's columns in file order, with the generated tool and model shares.</summary>
    internal static IReadOnlyList<PanelColumn> ColumnsFor(IReadOnlyList<MixGroup> mix) =>
    [
        .. PanelColumns.Leading,
        .. PanelColumns.Outcomes,
        .. PanelColumns.PerEngineerOutcomes,
        .. PanelColumns.Treatments,
        .. mix.Select(g => PanelColumns.ShareColumn(g.Column)),
        .. PanelColumns.Trailing,
    ];

    /// <summary>Every period from the one holding the first event to the one holding the last, cut at <see cref="PanelOptions.AsOf"/>.</summary>
    private List<DateOnly> PeriodStarts(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PanelSql.Span;
        using var reader = command.ExecuteReader();
        reader.Read();
        var starts = new List<DateOnly>();
        if (reader.IsDBNull(0)) return starts;
        var first = PeriodCalendar.StartOf(reader.GetFieldValue<DateOnly>(0), Options.Period);
        var last = PeriodCalendar.StartOf(reader.GetFieldValue<DateOnly>(1), Options.Period);
        if (Options.AsOf is { } asOf)
        {
            // Only complete periods: the last one must end on or before the cut-off day.
            var cut = PeriodCalendar.StartOf(asOf, Options.Period);
            if (PeriodCalendar.EndOf(cut, Options.Period) > asOf) cut = PeriodCalendar.StartOf(cut.AddDays(-1), Options.Period);
            if (cut < last) last = cut;
        }
        for (var start = first; start <= last; start = PeriodCalendar.NextStart(start, Options.Period)) starts.Add(start);
        return starts;
    }

    /// <summary>Tools and models seen in attributed usage, grouped by column name, sorted ordinally within each kind.</summary>
    private static List<MixGroup> MixGroups(DuckDBConnection connection)
    {
        var groups = new List<MixGroup>();
        foreach (var (field, prefix) in new[] { ("tool", PanelColumns.ToolSharePrefix), ("model", PanelColumns.ModelSharePrefix) })
        {
            var values = new List<string?>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT DISTINCT {field} FROM panel_usage";
                using var reader = command.ExecuteReader();
                while (reader.Read()) values.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
            }
            groups.AddRange(values
                .GroupBy(v => prefix + PanelColumns.Suffix(v), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new MixGroup(field, g.Key, [.. g.OrderBy(v => v, StringComparer.Ordinal)])));
        }
        return groups;
    }

    /// <summary>Each team's first period per tool, ordered by team and tool (ordinal) so the list is deterministic.</summary>
    private static IReadOnlyList<ToolAdoption> ReadToolAdoption(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT team_id, tool, adoption_period FROM panel_tool_adoption";
        using var reader = command.ExecuteReader();
        var rows = new List<ToolAdoption>();
        while (reader.Read()) rows.Add(new ToolAdoption(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return [.. rows.OrderBy(r => r.TeamId, StringComparer.Ordinal).ThenBy(r => r.Tool, StringComparer.Ordinal)];
    }

    private static PanelDiagnostics ReadDiagnostics(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PanelSql.Diagnostics;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new PanelDiagnostics(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>
    /// The view the usage stages read: raw rows as one-day segments, plus Ingest's pre-summed segments when staged.
    /// Segments summed over months cannot make a weekly panel (nor weeks a monthly one): that is refused.
    /// </summary>
    private static string UsageSegmentsView(DuckDBConnection connection, HashSet<string> tables, PeriodUnit unit)
    {
        var union = "";
        if (tables.Contains("ai_usage_segments"))
        {
            if (tables.Contains("staging_info") && Scalar(connection, "SELECT MAX(usage_grain) FROM staging_info") is string grain
                && grain != "day" && grain != PanelSql.UnitName(unit))
                throw new InvalidOperationException(Messages.UsageGrainMismatch(grain, PanelSql.UnitName(unit)));
            union = SegmentsUnion;
        }
        return PanelSql.Load(PanelSql.UsageSegmentsFile).Replace("{segments_union}", union, StringComparison.Ordinal);
    }

    private const string SegmentsUnion = """
        UNION ALL
        SELECT engineer_key, first_day, last_day, tool, model, usage_rows, interactions, paired_suggestions,
               paired_acceptances, agent_interactions
        FROM ai_usage_segments
        """;

    internal static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static HashSet<string> RequireStagingTables(DuckDBConnection connection)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM information_schema.tables";
        using (var reader = command.ExecuteReader())
            while (reader.Read()) present.Add(reader.GetString(0));
        foreach (var table in StagingTables)
            if (!present.Contains(table)) throw new InvalidOperationException(Messages.MissingStagingTable(table));
        // A database staged before teams were keyed has the tables but not the key: say so instead of a binder error.
        if (Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'teams' AND column_name = 'team_key'"),
                System.Globalization.CultureInfo.InvariantCulture) == 0)
            throw new InvalidOperationException(Messages.StagingWithoutTeamKey);
        return present;
    }

    private static void DropTemporaries(DuckDBConnection connection)
    {
        Execute(connection, string.Concat(PanelSql.TempTables.Select(t => $"DROP TABLE IF EXISTS temp.{t};\n")) + "DROP VIEW IF EXISTS temp.panel_releases;\nDROP VIEW IF EXISTS temp.panel_usage_segments;");
    }

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
