using System.Text.Json;

namespace Modeling.Interactive.Charting;

/// <summary>
/// Loads the Plotly.NET renderers (charts/Modeling.Interactive.Charts.dll beside this assembly) into one
/// <see cref="IsolatedLoadContext"/> with its own FSharp.Core 10.1, Plotly.NET and Newtonsoft.Json: chart spec JSON in,
/// HTML out; results.json in, report.html written.
/// </summary>
internal static class ChartRendererHost
{
    public const string FolderName = "charts";
    public const string AssemblyFileName = "Modeling.Interactive.Charts.dll";

    private static readonly Lazy<IsolatedLoadContext> Context = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Func<string, string>> Chart = new(
        () => Context.Value.StaticFunction("Modeling.Interactive.Charts.ChartRenderer", "RenderHtml"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Func<string, string>> Report = new(
        () => Context.Value.StaticFunction("Modeling.Interactive.Charts.ReportRenderer", "WriteHtml"), LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RenderHtml(string specJson) => Chart.Value(specJson);

    /// <summary>Writes the leadership report for <paramref name="resultsPath"/> to <paramref name="reportPath"/>.</summary>
    public static void WriteReport(string resultsPath, string reportPath) =>
        Report.Value(JsonSerializer.Serialize(new[] { resultsPath, reportPath }));

    /// <summary>Where the renderer is expected: a <c>charts</c> folder beside Modeling.Interactive.dll.</summary>
    public static string RendererPath =>
        Path.Combine(Path.GetDirectoryName(typeof(ChartRendererHost).Assembly.Location) ?? ".", FolderName, AssemblyFileName);

    private static IsolatedLoadContext Load()
    {
        var path = RendererPath;
        if (!File.Exists(path)) throw new FileNotFoundException(Messages.RendererMissing(path), path);
        return new IsolatedLoadContext("Modeling.Interactive.Charts", path);
    }
}
