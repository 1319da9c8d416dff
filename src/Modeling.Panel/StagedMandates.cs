using DuckDB.NET.Data;

namespace Modeling.Panel;

/// <summary>The mandates staged from mandates.csv (rows with a usable target), by id in ordinal order.</summary>
internal static class StagedMandates
{
    public static IReadOnlyList<MandateInput> Read(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT mandate_id, scope, metric, target_multiplier, deadline, baseline_from, baseline_to FROM mandates WHERE target_multiplier > 0 ORDER BY mandate_id";
        using var reader = command.ExecuteReader();
        var list = new List<MandateInput>();
        while (reader.Read())
            list.Add(new MandateInput(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3))
            {
                Deadline = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4),
                BaselineFrom = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5),
                BaselineTo = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateOnly>(6),
            });
        return [.. list.OrderBy(m => m.MandateId, StringComparer.Ordinal)];
    }
}
