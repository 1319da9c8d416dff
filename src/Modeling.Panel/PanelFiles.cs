using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace Modeling.Panel;

/// <summary>
/// Writes a <see cref="TeamPanel"/> for users: panel.csv (RFC 4180, UTF-8 without BOM, invariant culture, fixed
/// column order, rows by team_id then period, doubles in shortest round-trip form, missing values empty, booleans
/// true/false) or Parquet (same columns and order, via DuckDB COPY).
/// </summary>
public static class PanelFiles
{
    /// <summary>Writes CSV or Parquet according to the extension (.csv or .parquet, case-insensitive).</summary>
    public static void Write(TeamPanel panel, string path)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".csv") WriteCsv(panel, path);
        else if (extension == ".parquet") WriteParquet(panel, path);
        else throw new ArgumentException(Messages.UnsupportedPanelFile(path), nameof(path));
    }

    public static void WriteCsv(TeamPanel panel, string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        WriteCsv(panel, writer);
    }

    public static void WriteCsv(TeamPanel panel, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(writer);
        writer.NewLine = "\n";
        writer.WriteLine(string.Join(",", panel.Columns.Select(c => Quote(c.Name))));
        var line = new StringBuilder();
        var numeric = panel.Columns.Select(c => c.IsNumeric ? panel.Values(c.Name) : default).ToArray();
        for (int row = 0; row < panel.RowCount; row++)
        {
            line.Clear();
            for (int i = 0; i < panel.Columns.Length; i++)
            {
                if (i > 0) line.Append(',');
                var column = panel.Columns[i];
                switch (column.ValueType)
                {
                    case PanelValueType.Text:
                        line.Append(Quote(panel.Text(column.Name, row)));
                        break;
                    case PanelValueType.Boolean:
                        line.Append(panel.SmallGroup[row] ? "true" : "false");
                        break;
                    default:
                        double value = numeric[i][row];
                        if (!double.IsNaN(value)) line.Append(value.ToString("R", CultureInfo.InvariantCulture));
                        break;
                }
            }
            writer.WriteLine(line);
        }
    }

    /// <summary>Parquet through an in-memory DuckDB: the panel is appended to a table and copied out.</summary>
    public static void WriteParquet(TeamPanel panel, string path)
    {
        ArgumentNullException.ThrowIfNull(panel);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var definitions = string.Join(", ", panel.Columns.Select(c => $"\"{c.Name}\" {SqlType(c.ValueType)}"));
        PanelBuilder.Execute(connection, $"CREATE TABLE panel_out ({definitions})");
        var numeric = panel.Columns.Select(c => c.IsNumeric ? panel.Values(c.Name) : default).ToArray();
        using (var appender = connection.CreateAppender("panel_out"))
            for (int row = 0; row < panel.RowCount; row++)
            {
                var target = appender.CreateRow();
                for (int i = 0; i < panel.Columns.Length; i++)
                {
                    var column = panel.Columns[i];
                    double value = column.IsNumeric ? numeric[i][row] : 0;
                    target = column.ValueType switch
                    {
                        PanelValueType.Text => target.AppendValue(panel.Text(column.Name, row)),
                        PanelValueType.Boolean => target.AppendValue((bool?)panel.SmallGroup[row]),
                        _ when double.IsNaN(value) => target.AppendNullValue(),
                        PanelValueType.Count => target.AppendValue((long?)value),
                        PanelValueType.Integer => target.AppendValue((int?)value),
                        _ => target.AppendValue((double?)value),
                    };
                }
                target.EndRow();
            }
        PanelBuilder.Execute(connection, $"COPY panel_out TO {PanelSql.Literal(Path.GetFullPath(path))} (FORMAT PARQUET)");
    }

    private static string SqlType(PanelValueType type) => type switch
    {
        PanelValueType.Text => "VARCHAR",
        PanelValueType.Boolean => "BOOLEAN",
        PanelValueType.Count => "BIGINT",
        PanelValueType.Integer => "INTEGER",
        _ => "DOUBLE",
    };

    private static string Quote(string? value)
    {
        if (value is null) return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
