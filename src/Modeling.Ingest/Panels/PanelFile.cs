using System.Globalization;
using System.Text;
using Modeling.Ingest.Csv;

namespace Modeling.Ingest.Panels;

/// <summary>What a column of a panel file must hold.</summary>
public enum PanelValueKind
{
    /// <summary>Any text (a unit label).</summary>
    Label,
    /// <summary>A whole number greater than 0 (a period).</summary>
    Period,
    /// <summary>A whole number greater than 0, or 0/empty for never treated (a first-treated period).</summary>
    Cohort,
    /// <summary>A finite number.</summary>
    Number,
}

/// <summary>One column a caller needs from a panel file, and what it must hold.</summary>
public sealed record PanelColumnRequest(string Name, PanelValueKind Kind);

/// <summary>
/// The requested columns of a panel file, typed, one entry per row kept: labels, whole numbers and numbers by column
/// name. Rows marked <c>suppressed</c> (panel files written for people, small groups) are left out and counted.
/// </summary>
public sealed record PanelTable(
    int Rows,
    IReadOnlyDictionary<string, string[]> Labels,
    IReadOnlyDictionary<string, int[]> WholeNumbers,
    IReadOnlyDictionary<string, double[]> Numbers,
    int Suppressed);

/// <summary>A panel file that cannot be read as asked; the message names file, line, column, value and expectation.</summary>
public sealed class PanelFileException(string message) : Exception(message);

/// <summary>
/// Reads a panel or cross-section CSV a data scientist brings to <c>estimate</c> (analyze's own panel.csv among them),
/// schema first: only the columns asked for, each parsed as its kind with invariant culture, with Ingest's RFC 4180
/// reader (quoted fields may hold commas and line breaks). The first bad cell stops the read with a message naming
/// file, line, column, value and what was expected.
/// </summary>
public static class PanelFile
{
    /// <summary>The column that marks rows of groups too small to show.</summary>
    public const string SuppressedColumn = "suppressed";

    public static PanelTable Read(string path, IReadOnlyList<PanelColumnRequest> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (!File.Exists(path)) throw new PanelFileException(Messages.PanelFileMissing(path));
        using var stream = File.OpenRead(path);
        using var reader = new CsvRecordReader(stream);
        if (reader.NotUtf8 is { } problem) throw new PanelFileException(Messages.PanelFileNotUtf8(path, problem));
        if (reader.IsEmpty) throw new PanelFileException(Messages.PanelFileEmpty(path));
        var header = reader.Header.ToList();
        int Index(string column) => header.IndexOf(column) is var i and >= 0
            ? i : throw new PanelFileException(Messages.PanelFileMissingColumn(path, column, header));
        int[] index = [.. columns.Select(c => Index(c.Name))];
        int suppressedAt = header.IndexOf(SuppressedColumn);

        var labels = columns.Select(_ => new List<string>()).ToArray();
        var whole = columns.Select(_ => new List<int>()).ToArray();
        var numbers = columns.Select(_ => new List<double>()).ToArray();
        int rows = 0, suppressed = 0;
        var record = new RawRecord();
        while (reader.Read(record))
        {
            long line = record.Line;
            if (record.Malformed is { } why) throw new PanelFileException(Messages.PanelFileMalformed(path, line, why));
            if (record.FieldCount != header.Count) throw new PanelFileException(Messages.PanelFileFieldCount(path, line, record.FieldCount, header.Count));
            if (suppressedAt >= 0 && IsSuppressed(path, line, Text(record, suppressedAt)))
            {
                suppressed++;
                continue;
            }
            for (int k = 0; k < columns.Count; k++)
            {
                string value = Text(record, index[k]);
                switch (columns[k].Kind)
                {
                    case PanelValueKind.Label: labels[k].Add(value); break;
                    case PanelValueKind.Number: numbers[k].Add(Number(path, line, columns[k].Name, value)); break;
                    default: whole[k].Add(WholeNumber(path, line, columns[k].Name, value, columns[k].Kind == PanelValueKind.Cohort)); break;
                }
            }
            rows++;
        }
        if (rows == 0)
            throw new PanelFileException(suppressed > 0 ? Messages.PanelFileAllSuppressed(path, suppressed) : Messages.PanelFileEmpty(path));
        var byKind = columns.Select((c, k) => (c, k)).ToArray();
        return new PanelTable(rows,
            byKind.Where(x => x.c.Kind == PanelValueKind.Label).ToDictionary(x => x.c.Name, x => labels[x.k].ToArray(), StringComparer.Ordinal),
            byKind.Where(x => x.c.Kind is PanelValueKind.Period or PanelValueKind.Cohort).ToDictionary(x => x.c.Name, x => whole[x.k].ToArray(), StringComparer.Ordinal),
            byKind.Where(x => x.c.Kind == PanelValueKind.Number).ToDictionary(x => x.c.Name, x => numbers[x.k].ToArray(), StringComparer.Ordinal),
            suppressed);
    }

    private static string Text(RawRecord record, int field) => Encoding.UTF8.GetString(record.Field(field));

    /// <summary>The <c>suppressed</c> flag: true or false (empty counts as false); anything else is an error.</summary>
    private static bool IsSuppressed(string path, long line, string value)
    {
        if (value.Length == 0 || value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        throw new PanelFileException(Messages.PanelFileBadValue(path, line, SuppressedColumn, value, "true or false"));
    }

    private static int WholeNumber(string path, long line, string column, string value, bool cohort)
    {
        if (cohort && value.Length == 0) return 0;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v == Math.Floor(v) && Math.Abs(v) < int.MaxValue
            && (v > 0 || (cohort && v == 0)))
            return (int)v;
        throw new PanelFileException(Messages.PanelFileBadValue(path, line, column, value,
            cohort ? "a whole number > 0, or 0/empty for never treated" : "a whole number > 0"));
    }

    private static double Number(string path, long line, string column, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new PanelFileException(Messages.PanelFileBadValue(path, line, column, value, "a finite number"));
}
