using System.Text.Json;
using Modeling.Reporting;

namespace Modeling.Interactive.Charts;

/// <summary>
/// Writes the leadership report (report.html) from a results.json with Modeling.Reporting, inside the renderer's own
/// AssemblyLoadContext (Plotly.NET needs its FSharp.Core 10.1); called by reflection with strings only.
/// </summary>
public static class ReportRenderer
{
    /// <summary>The entry point: a JSON array [results.json path, report.html path] in, the report's path out.</summary>
    public static string WriteHtml(string pathsJson)
    {
        var paths = JsonSerializer.Deserialize<string[]>(pathsJson);
        if (paths is not [var results, var report])
            throw new ArgumentException("The 'pathsJson' parameter of WriteHtml must hold [results path, report path].", nameof(pathsJson));
        ImpactReport.WriteHtml(results, report);
        return report;
    }
}
