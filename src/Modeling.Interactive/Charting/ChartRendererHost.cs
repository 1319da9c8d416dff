namespace Modeling.Interactive.Charting;

/// <summary>
/// Loads the Plotly.NET chart renderer (charts/Modeling.Interactive.Charts.dll beside this assembly) into an
/// <see cref="IsolatedLoadContext"/> with its own FSharp.Core 10.1, Plotly.NET and Newtonsoft.Json: spec JSON in, HTML out.
/// </summary>
internal static class ChartRendererHost
{
    public const string FolderName = "charts";
    public const string AssemblyFileName = "Modeling.Interactive.Charts.dll";

    private static readonly Lazy<Func<string, string>> Render = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RenderHtml(string specJson) => Render.Value(specJson);

    /// <summary>Where the renderer is expected: a <c>charts</c> folder beside Modeling.Interactive.dll.</summary>
    public static string RendererPath =>
        Path.Combine(Path.GetDirectoryName(typeof(ChartRendererHost).Assembly.Location) ?? ".", FolderName, AssemblyFileName);

    private static Func<string, string> Load()
    {
        var path = RendererPath;
        if (!File.Exists(path)) throw new FileNotFoundException(Messages.RendererMissing(path), path);
        return new IsolatedLoadContext("Modeling.Interactive.Charts", path)
            .StaticFunction("Modeling.Interactive.Charts.ChartRenderer", "RenderHtml");
    }
}
