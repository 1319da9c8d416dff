using System.Globalization;
using Modeling.Results;

namespace Modeling.Analysis;

/// <summary>The as-of cut-off of a retrain as results.json states it (the rows after it are counted by the panel pipeline).</summary>
public static class AsOfCutoff
{
    /// <summary>The as-of label of a cut-off day.</summary>
    public static string Label(DateOnly asOf) =>
        asOf.Day == DateTime.DaysInMonth(asOf.Year, asOf.Month)
            ? asOf.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The "run" block of a retrain: the as-of label and the rows the pipeline counted after the cut-off.</summary>
    public static RunInfo Summary(DateOnly asOf, IReadOnlyList<KeyValuePair<string, long>> rowsAfterAsOf) =>
        new() { AsOf = Label(asOf), RowsAfterAsOf = rowsAfterAsOf.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal) };
}
