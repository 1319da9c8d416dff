using System.Globalization;

namespace Modeling.Interactive;

/// <summary>User-facing texts of the notebook extension (one place; tests assert them).</summary>
internal static class Messages
{
    public static string RendererMissing(string path) =>
        $"The chart renderer was not found at {path}. Build src/Modeling.Interactive (dotnet build src/Modeling.Interactive -c Release): " +
        "its build puts the renderer into the charts/ folder beside Modeling.Interactive.dll.";

    public static string NoRows(string what) => $"There are no {what} to chart.";

    public static string MissingColumn(string column, IEnumerable<string> columns) =>
        $"The DataFrame has no column '{column}'; it has {string.Join(", ", columns)}.";

    public static string BadValue(string column, long row, object? value, string expected) =>
        $"Column '{column}', row {row.ToString(CultureInfo.InvariantCulture)}: " +
        (value is null ? "missing value" : $"value '{Convert.ToString(value, CultureInfo.InvariantCulture)}'") + $"; expected {expected}.";
}
