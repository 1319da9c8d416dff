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
        int rowCount = RowCount(connection);
        // Read straight into arrays of the final size: growing lists of 75,600 rows × 44 columns cost more in fresh
        // pages than the reading itself.
        var values = numericColumns.Select(_ => new double[rowCount]).ToArray();
        var teamOfRow = new string[rowCount];
        var teams = new Dictionary<string, TeamAttributes>(StringComparer.Ordinal);

        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT * FROM panel_result";
            using var reader = command.ExecuteReader();
            var ordinals = numericColumns.Select(c => reader.GetOrdinal(c.Name)).ToArray();
            var types = numericColumns.Select(c => c.ValueType).ToArray();
            int teamId = reader.GetOrdinal(PanelColumns.TeamId), org = reader.GetOrdinal(PanelColumns.Org),
                tier = reader.GetOrdinal(PanelColumns.ServiceTier), language = reader.GetOrdinal(PanelColumns.PrimaryLanguage),
                adoption = reader.GetOrdinal(PanelColumns.AdoptionPeriod), cohort = reader.GetOrdinal(PanelColumns.Cohort);
            int row = 0;
            while (reader.Read())
            {
                var team = reader.GetString(teamId);
                if (teams.TryGetValue(team, out var known)) team = known.TeamId;
                else
                    teams[team] = new TeamAttributes(team, Text(reader, org), Text(reader, tier), Text(reader, language),
                        Text(reader, adoption), reader.GetInt32(cohort));
                teamOfRow[row] = team;
                for (int i = 0; i < ordinals.Length; i++)
                    values[i][row] = Number(reader, ordinals[i], types[i]);
                row++;
            }
            if (row != rowCount) throw new InvalidOperationException($"panel_result changed while it was read ({rowCount} rows counted, {row} read).");
        }

        var teamIds = teams.Keys.Order(StringComparer.Ordinal).ToArray();
        var teamIndexOf = teamIds.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var periodIndex = values[Array.FindIndex(numericColumns, c => c.Name == PanelColumns.PeriodIndex)];
        // Rows by team (ordinal team_id) then period: one sort of (team, period) keys.
        var sortKeys = new long[rowCount];
        var order = new int[rowCount];
        for (int r = 0; r < rowCount; r++)
        {
            sortKeys[r] = ((long)teamIndexOf[teamOfRow[r]] << 32) | (uint)(int)periodIndex[r];
            order[r] = r;
        }
        Array.Sort(sortKeys, order);

        var sorted = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int i = 0; i < numericColumns.Length; i++)
        {
            var column = new double[rowCount];
            if ((numericColumns[i].Requires & ~presentSources) != StagingSource.None) Array.Fill(column, double.NaN);
            else
                for (int r = 0; r < rowCount; r++) column[r] = values[i][order[r]];
            sorted[numericColumns[i].Name] = column;
        }

        return new TeamPanel(
            options,
            columns,
            [.. periodStarts.Select(p => PeriodCalendar.Label(p, options.Period))],
            teamIds,
            [.. teamIds.Select(t => teams[t])],
            [.. sortKeys.Select(key => (int)(key >> 32))],
            [.. sortKeys.Select(key => (int)(uint)key)],
            sorted,
            presentSources,
            diagnostics,
            timings);
    }

    private static int RowCount(DuckDBConnection connection) =>
        checked((int)Convert.ToInt64(PanelBuilder.Scalar(connection, "SELECT COUNT(*) FROM panel_result"), System.Globalization.CultureInfo.InvariantCulture));

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
