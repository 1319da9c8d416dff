using System.Globalization;
using System.Text;
using Modeling.Ingest.Csv;
using Modeling.Ingest.Files;

namespace Modeling.Ingest.Panels;

/// <summary>What a column of a panel file must hold.</summary>
public enum PanelValueKind
{
    /// <summary>Any text (a unit label).</summary>
    Label,
    /// <summary>A period: a whole number ≥ 0, a month <c>YYYY-MM</c>, an ISO week <c>YYYY-Www</c> or a date (see <see cref="PanelTimeAxis"/>). One per request.</summary>
    Period,
    /// <summary>A first-treated period written like the <see cref="Period"/> column, or 0, empty, NA or Inf for never treated.</summary>
    Cohort,
    /// <summary>A finite number.</summary>
    Number,
}

/// <summary>
/// One column a caller needs from a panel file, and what it must hold. A number column with a
/// <paramref name="MissingReason"/> may be missing in a row (empty, <c>NA</c>, <c>NaN</c> or <c>NULL</c>, as R and pandas
/// write it): the row is then left out and counted under that reason; without one a missing value is an error.
/// </summary>
public sealed record PanelColumnRequest(string Name, PanelValueKind Kind, string? MissingReason = null);

/// <summary>
/// The requested columns of a panel file, typed, one entry per row kept: labels, whole numbers (periods and cohorts, see
/// <see cref="TimeAxis"/>) and numbers by column name. <see cref="Dropped"/> counts the rows left out by reason: rows
/// marked <c>suppressed</c> (panel files written for people, small groups) and rows with a missing value.
/// </summary>
public sealed record PanelTable(
    int Rows,
    IReadOnlyDictionary<string, string[]> Labels,
    IReadOnlyDictionary<string, int[]> WholeNumbers,
    IReadOnlyDictionary<string, double[]> Numbers,
    IReadOnlyDictionary<string, long> Dropped,
    PanelTimeAxis TimeAxis,
    IReadOnlyList<long> Lines)
{
    /// <summary>Where kept row <paramref name="row"/> is in the file, for messages: its CSV line or Parquet row.</summary>
    public string Where(int row) => Messages.PanelFileAt(Lines[row], IsParquet);

    /// <summary>Whether the file was Parquet (rows, not lines).</summary>
    public bool IsParquet { get; init; }
}

/// <summary>How a panel file is read: the CSV delimiter, detected from the header line when null.</summary>
public sealed record PanelFileOptions(char? Delimiter = null);

/// <summary>A panel file that cannot be read as asked; the message names file, line, column, value and expectation.</summary>
public sealed class PanelFileException(string message) : Exception(message);

/// <summary>
/// Reads a panel or cross-section file a data scientist brings to <c>estimate</c> (analyze's own panel.csv among them),
/// schema first: only the columns asked for, each parsed as its kind with invariant culture. CSV is read with Ingest's
/// RFC 4180 reader (quoted fields may hold delimiters and line breaks), its delimiter (comma, semicolon or tab) detected
/// from the header line unless given; Parquet (recognised by its magic bytes) through DuckDB, as the data folder's files
/// are. The first bad cell stops the read with a message naming file, line, column, value and what was expected.
/// </summary>
public static class PanelFile
{
    /// <summary>The column that marks rows of groups too small to show.</summary>
    public const string SuppressedColumn = "suppressed";

    /// <summary>The reason rows marked suppressed are counted under in <see cref="PanelTable.Dropped"/>.</summary>
    public const string SuppressedReason = "suppressed";

    public static PanelTable Read(string path, IReadOnlyList<PanelColumnRequest> columns, PanelFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count(c => c.Kind == PanelValueKind.Period) > 1 || columns.Count(c => c.Kind == PanelValueKind.Cohort) > 1)
            throw new ArgumentException("At most one period column and one cohort column.", nameof(columns));
        if (!File.Exists(path)) throw new PanelFileException(Messages.PanelFileMissing(path));
        using var source = Open(path, options ?? new PanelFileOptions());
        bool parquet = source is ParquetRecordSource;
        var header = source.Header.ToList();
        int Index(string column) => header.IndexOf(column) is var i and >= 0
            ? i : throw new PanelFileException(Messages.PanelFileMissingColumn(path, column, header));
        int[] index = [.. columns.Select(c => Index(c.Name))];
        int suppressedAt = header.IndexOf(SuppressedColumn);
        // The period column is read first in each row: its first value decides how cohorts are written.
        int[] order = [.. Enumerable.Range(0, columns.Count).OrderBy(k => columns[k].Kind == PanelValueKind.Period ? 0 : 1)];

        var labels = columns.Select(_ => new List<string>()).ToArray();
        var whole = columns.Select(_ => new List<long>()).ToArray();
        var numbers = columns.Select(_ => new List<double>()).ToArray();
        var dropped = new Dictionary<string, long>(StringComparer.Ordinal) { [SuppressedReason] = 0 };
        foreach (var reason in columns.Select(c => c.MissingReason).OfType<string>()) dropped[reason] = 0;
        var time = new PanelTimeParser();
        var lines = new List<long>();
        string At(RawRecord r) => Messages.PanelFileAt(r.Line, parquet);
        int rows = 0;
        var record = new RawRecord();
        var labelCache = new LabelCache();
        while (source.Read(record))
        {
            if (record.Malformed is { } why) throw new PanelFileException(Messages.PanelFileMalformed(path, At(record), why));
            if (record.FieldCount != header.Count) throw new PanelFileException(Messages.PanelFileFieldCount(path, At(record), record.FieldCount, header.Count));
            if (suppressedAt >= 0 && IsSuppressed(path, At(record), record.Field(suppressedAt)))
            {
                dropped[SuppressedReason]++;
                continue;
            }
            string? missing = null;
            for (int k = 0; k < columns.Count && missing is null; k++)
                if (columns[k].MissingReason is { } reason && IsMissing(record.Field(index[k]))) missing = reason;
            if (missing is not null)
            {
                dropped[missing]++;
                continue;
            }
            foreach (int k in order)
            {
                var value = record.Field(index[k]);
                switch (columns[k].Kind)
                {
                    case PanelValueKind.Label: labels[k].Add(labelCache.Get(value)); break;
                    case PanelValueKind.Number:
                        numbers[k].Add(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                            ? v : throw new PanelFileException(Messages.PanelFileBadValue(path, At(record), columns[k].Name, Encoding.UTF8.GetString(value), "a finite number")));
                        break;
                    default:
                        bool cohort = columns[k].Kind == PanelValueKind.Cohort;
                        whole[k].Add(time.Parse(value, cohort)
                            ?? throw new PanelFileException(Messages.PanelFileBadValue(path, At(record), columns[k].Name, Encoding.UTF8.GetString(value), time.Expectation(cohort))));
                        break;
                }
            }
            lines.Add(record.Line);
            rows++;
        }
        if (rows == 0)
            throw new PanelFileException(dropped.Values.Sum() is > 0 and var left
                ? dropped[SuppressedReason] == left ? Messages.PanelFileAllSuppressed(path, left)
                    : Messages.PanelFileNothingLeft(path, left, dropped.Where(d => d.Value > 0).Select(d => d.Key))
                : Messages.PanelFileEmpty(path));

        int periodAt = Array.FindIndex(columns.ToArray(), c => c.Kind == PanelValueKind.Period);
        int cohortAt = Array.FindIndex(columns.ToArray(), c => c.Kind == PanelValueKind.Cohort);
        long[] times = periodAt >= 0 ? [.. whole[periodAt]] : [];
        long[]? cohorts = cohortAt >= 0 ? [.. whole[cohortAt]] : null;
        var axis = time.Finish(times, cohorts);
        var wholeByName = new Dictionary<string, int[]>(StringComparer.Ordinal);
        if (periodAt >= 0) wholeByName[columns[periodAt].Name] = [.. times.Select(v => checked((int)v))];
        if (cohortAt >= 0) wholeByName[columns[cohortAt].Name] = [.. cohorts!.Select(v => checked((int)v))];
        var byKind = columns.Select((c, k) => (c, k)).ToArray();
        return new PanelTable(rows,
            byKind.Where(x => x.c.Kind == PanelValueKind.Label).ToDictionary(x => x.c.Name, x => labels[x.k].ToArray(), StringComparer.Ordinal),
            wholeByName,
            byKind.Where(x => x.c.Kind == PanelValueKind.Number).ToDictionary(x => x.c.Name, x => numbers[x.k].ToArray(), StringComparer.Ordinal),
            dropped,
            axis,
            lines) { IsParquet = parquet };
    }

    /// <summary>A Parquet file (magic bytes <c>PAR1</c>) or a UTF-8 CSV file with the given or detected delimiter.</summary>
    private static IRecordSource Open(string path, PanelFileOptions options)
    {
        // The file's first bytes, read once: Parquet's magic, else the CSV header line the delimiter is detected from.
        var head = new byte[64 * 1024];
        int length;
        using (var probe = File.OpenRead(path)) length = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (length >= 4 && head.AsSpan(0, 4).SequenceEqual("PAR1"u8))
        {
            try
            {
                return new ParquetRecordSource(path, path);
            }
            catch (DataFolderException e) when (e.InnerException is { } cause)
            {
                throw new PanelFileException(Messages.PanelFileParquet(path, cause.Message.Split('\n')[0].Trim()));
            }
        }
        var stream = File.OpenRead(path);
        try
        {
            byte delimiter = options.Delimiter is { } given ? checked((byte)given) : DetectDelimiter(head.AsSpan(0, length));
            var reader = new CsvRecordReader(stream, delimiter: delimiter);
            if (reader.NotUtf8 is { } problem) throw new PanelFileException(Messages.PanelFileNotUtf8(path, problem));
            if (reader.IsEmpty) throw new PanelFileException(Messages.PanelFileEmpty(path));
            return reader;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The delimiter of the header line in <paramref name="head"/>: whichever of comma, semicolon and tab occurs most
    /// often outside quotes (a comma when none does, a one-column file).
    /// </summary>
    private static byte DetectDelimiter(ReadOnlySpan<byte> head)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        bool quoted = false;
        foreach (byte b in head)
        {
            if (b == (byte)'"') quoted = !quoted;
            else if (quoted) continue;
            else if (b is (byte)'\n' or (byte)'\r') break;
            else if (b == (byte)',') commas++;
            else if (b == (byte)';') semicolons++;
            else if (b == (byte)'\t') tabs++;
        }
        return semicolons > commas && semicolons >= tabs ? (byte)';' : tabs > commas && tabs > semicolons ? (byte)'\t' : (byte)',';
    }

    /// <summary>Empty, NA, NaN or NULL (any case), as R and pandas write a missing value.</summary>
    private static bool IsMissing(ReadOnlySpan<byte> value) =>
        value.Length == 0 || Ascii.EqualsIgnoreCase(value, "NA"u8) || Ascii.EqualsIgnoreCase(value, "NaN"u8) || Ascii.EqualsIgnoreCase(value, "NULL"u8);

    /// <summary>The <c>suppressed</c> flag: true or false (empty counts as false); anything else is an error.</summary>
    private static bool IsSuppressed(string path, string line, ReadOnlySpan<byte> value)
    {
        if (value.Length == 0 || Ascii.EqualsIgnoreCase(value, "false"u8)) return false;
        if (Ascii.EqualsIgnoreCase(value, "true"u8)) return true;
        throw new PanelFileException(Messages.PanelFileBadValue(path, line, SuppressedColumn, Encoding.UTF8.GetString(value), "true or false"));
    }

    /// <summary>One string per distinct label (a unit's label repeats on every one of its rows).</summary>
    private sealed class LabelCache
    {
        private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);
        private char[] _buffer = new char[256];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            if (_buffer.Length < utf8.Length) _buffer = new char[utf8.Length * 2];
            int n = Encoding.UTF8.GetChars(utf8, _buffer);
            var lookup = _labels.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(_buffer.AsSpan(0, n), out var label)) return label;
            label = new string(_buffer, 0, n);
            _labels[label] = label;
            return label;
        }
    }
}
