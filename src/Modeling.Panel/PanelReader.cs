using DuckDB.NET.Data;

namespace Modeling.Panel;

/// <summary>Reads the assembled panel_result table into a <see cref="TeamPanel"/>, sorted by team_id (ordinal) then period.</summary>
internal static class PanelReader
{
    public static TeamPanel Read(
        DuckDBConnection connection,
        PanelOptions options,
        IReadOnlyList<PanelColumn> columns,
        IReadOnlyList<DateOnly> periodStarts,
        StagingSource presentSources,
        PanelDiagnostics diagnostics,
        IReadOnlyList<PanelStageTiming> timings)
    {
        var numericColumns = columns.Where(c => c.IsNumeric).ToArray();
        var values = numericColumns.ToDictionary(c => c.Name, _ => new List<double>(), StringComparer.Ordinal);
        var teamOfRow = new List<string>();
        var teams = new Dictionary<string, TeamAttributes>(StringComparer.Ordinal);

        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT * FROM panel_result";
            using var reader = command.ExecuteReader();
            var ordinals = numericColumns.Select(c => reader.GetOrdinal(c.Name)).ToArray();
            int teamId = reader.GetOrdinal(PanelColumns.TeamId), org = reader.GetOrdinal(PanelColumns.Org),
                tier = reader.GetOrdinal(PanelColumns.ServiceTier), language = reader.GetOrdinal(PanelColumns.PrimaryLanguage),
                adoption = reader.GetOrdinal(PanelColumns.AdoptionPeriod), cohort = reader.GetOrdinal(PanelColumns.Cohort);
            while (reader.Read())
            {
                var team = reader.GetString(teamId);
                teamOfRow.Add(team);
                if (!teams.ContainsKey(team))
                    teams[team] = new TeamAttributes(team, Text(reader, org), Text(reader, tier), Text(reader, language),
                        Text(reader, adoption), reader.GetInt32(cohort));
                for (int i = 0; i < numericColumns.Length; i++)
                    values[numericColumns[i].Name].Add(Number(reader, ordinals[i], numericColumns[i].ValueType));
            }
        }

        var teamIds = teams.Keys.Order(StringComparer.Ordinal).ToArray();
        var teamIndexOf = teamIds.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var periodIndex = values[PanelColumns.PeriodIndex];
        var order = Enumerable.Range(0, teamOfRow.Count)
            .OrderBy(r => teamIndexOf[teamOfRow[r]])
            .ThenBy(r => periodIndex[r])
            .ToArray();

        var unavailable = new HashSet<string>(columns.Where(c => (c.Requires & ~presentSources) != StagingSource.None).Select(c => c.Name), StringComparer.Ordinal);
        var sorted = values.ToDictionary(
            kv => kv.Key,
            kv => unavailable.Contains(kv.Key)
                ? Enumerable.Repeat(double.NaN, order.Length).ToArray()
                : order.Select(r => kv.Value[r]).ToArray(),
            StringComparer.Ordinal);

        return new TeamPanel(
            options,
            columns,
            [.. periodStarts.Select(p => PeriodCalendar.Label(p, options.Period))],
            teamIds,
            [.. teamIds.Select(t => teams[t])],
            [.. order.Select(r => teamIndexOf[teamOfRow[r]])],
            [.. order.Select(r => (int)periodIndex[r])],
            sorted,
            presentSources,
            diagnostics,
            timings);
    }

    private static string? Text(DuckDBDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static double Number(DuckDBDataReader reader, int ordinal, PanelValueType type)
    {
        if (reader.IsDBNull(ordinal)) return double.NaN;
        return type switch
        {
            PanelValueType.Count => reader.GetInt64(ordinal),
            PanelValueType.Integer => reader.GetInt32(ordinal),
            _ => reader.GetDouble(ordinal),
        };
    }
}
