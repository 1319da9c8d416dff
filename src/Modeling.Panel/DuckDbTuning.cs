using DuckDB.NET.Data;

namespace Modeling.Panel;

/// <summary>
/// DuckDB settings for the panel build on a shared machine. Measured (see tests' PanelBenchmark): with the staging
/// tables in a file-backed database (compressed on disk, paged through the buffer pool) the 2,100-team build stays
/// far below 4 GB; in an in-memory database the 30 M usage rows alone take ~2 GB uncompressed.
/// </summary>
/// <param name="Threads">Worker threads (the standard machine has 2 cores).</param>
/// <param name="MemoryLimit">DuckDB's buffer-pool limit, e.g. "3GB"; DuckDB spills to <paramref name="TempDirectory"/> above it.</param>
/// <param name="TempDirectory">Where DuckDB spills; null keeps DuckDB's default (next to a file database).</param>
public sealed record DuckDbTuning(int Threads = 2, string MemoryLimit = "3GB", string? TempDirectory = null)
{
    /// <summary>
    /// Applies the settings to a connection. preserve_insertion_order = false lets DuckDB aggregate and write without
    /// keeping row order (the panel sorts its own output). DuckDB-specific SET statements, isolated here.
    /// </summary>
    public void Apply(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SET threads = {Threads}; SET memory_limit = '{MemoryLimit.Replace("'", "''", StringComparison.Ordinal)}'; SET preserve_insertion_order = false;"
            + (TempDirectory is null ? "" : $" SET temp_directory = '{TempDirectory.Replace("'", "''", StringComparison.Ordinal)}';");
        command.ExecuteNonQuery();
    }
}
