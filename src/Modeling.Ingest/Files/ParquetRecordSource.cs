using System.Data.Common;
using System.Text;
using DuckDB.NET.Data;
using Modeling.Ingest.Csv;

namespace Modeling.Ingest.Files;

/// <summary>
/// A Parquet file read through DuckDB's <c>read_parquet</c>, presented as records of text exactly like a CSV file, so the
/// same row rules apply. Each column is turned into the CONTRACT §1 text form in SQL: dates as YYYY-MM-DD, timestamps as
/// ISO-8601 in UTC with Z (a TIMESTAMP without zone is taken as UTC, Parquet's isAdjustedToUTC convention), booleans as
/// true/false, whole-valued floating point numbers without decimals (pandas writes integer columns with gaps as doubles).
/// The "line" of a row is its row number + 1, as if the header were line 1.
/// </summary>
internal sealed class ParquetRecordSource : IRecordSource
{
    private readonly DuckDBConnection _connection;
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;
    private readonly byte[]?[] _values;
    private long _row;

    public ParquetRecordSource(string path, string displayName)
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        var source = $"read_parquet('{path.Replace("'", "''")}')";
        var columns = new List<(string Name, string Type)>();
        try
        {
            using (var describe = _connection.CreateCommand())
            {
                describe.CommandText = $"DESCRIBE SELECT * FROM {source}";
                using var r = describe.ExecuteReader();
                while (r.Read()) columns.Add((r.GetString(0), r.GetString(1)));
            }
            _command = _connection.CreateCommand();
            _command.CommandText = "SELECT " + string.Join(", ", columns.Select(c => AsText(c.Name, c.Type))) + $" FROM {source}";
            _reader = _command.ExecuteReader();
        }
        catch (Exception e) when (e is DuckDBException or InvalidOperationException)
        {
            _connection.Dispose();
            throw new DataFolderException(Messages.NotParquet(displayName, FirstLine(e.Message)), null, e);
        }
        Header = columns.Select(c => c.Name).ToArray();
        _values = new byte[Header.Count][];
    }

    public IReadOnlyList<string> Header { get; }

    public long LinesRead => _row + 1;

    public bool Read(RawRecord record)
    {
        if (!_reader.Read()) return false;
        for (var i = 0; i < _values.Length; i++)
            _values[i] = _reader.IsDBNull(i) ? null : Encoding.UTF8.GetBytes(_reader.GetString(i));
        record.SetFromValues(_values);
        _row++;
        record.Line = _row + 1;
        return true;
    }

    private static string AsText(string name, string type)
    {
        var c = "\"" + name.Replace("\"", "\"\"") + "\"";
        var t = type.ToUpperInvariant();
        string expression;
        if (t == "DATE") expression = $"strftime({c}, '%Y-%m-%d')";
        else if (t.StartsWith("TIMESTAMP WITH TIME ZONE", StringComparison.Ordinal) || t == "TIMESTAMPTZ")
            expression = $"strftime(timezone('UTC', {c}), '%Y-%m-%dT%H:%M:%S.%fZ')";
        else if (t.StartsWith("TIMESTAMP", StringComparison.Ordinal)) expression = $"strftime(CAST({c} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%fZ')";
        else if (t == "BOOLEAN") expression = $"CASE WHEN {c} THEN 'true' ELSE 'false' END";
        else if (t is "DOUBLE" or "FLOAT" or "REAL")
            expression = $"CASE WHEN isfinite({c}) AND {c} = trunc({c}) AND abs({c}) < 1e15 THEN CAST(CAST({c} AS BIGINT) AS VARCHAR) ELSE CAST({c} AS VARCHAR) END";
        else expression = $"CAST({c} AS VARCHAR)";
        return expression + " AS " + c;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    public void Dispose()
    {
        _reader.Dispose();
        _command.Dispose();
        _connection.Dispose();
    }
}
