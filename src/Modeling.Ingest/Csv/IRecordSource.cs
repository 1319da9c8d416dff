namespace Modeling.Ingest.Csv;

/// <summary>A stream of records with a header: a CSV file, or a Parquet file presented the same way.</summary>
internal interface IRecordSource : IDisposable
{
    /// <summary>Column names from the header (line 1), in file order.</summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>Reads the next record into <paramref name="record"/>; false at the end.</summary>
    bool Read(RawRecord record);

    /// <summary>Physical lines read so far, the header included (for Parquet: rows + 1, as if a header were line 1).</summary>
    long LinesRead { get; }
}
