using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Modeling.Analysis;
using Modeling.Results;

namespace Modeling.Interactive.Data;

/// <summary>
/// Runs the whole <c>analyze</c> job (<see cref="Analysis"/>) from a notebook. The job writes report.html with
/// Plotly.NET, which cannot load beside a notebook kernel's FSharp.Core 10.0 (notebooks/README.md); so the job runs in
/// an <see cref="IsolatedLoadContext"/> holding this assembly's own dependencies, exactly as the CLI runs it, and its
/// <see cref="ResultsDocument"/> comes back as results.json text, read by the kernel's own <see cref="ResultsJson"/>. Outside a kernel (tests, apps)
/// it runs the same way.
/// </summary>
public static class NotebookAnalysis
{
    private static readonly Lazy<Func<string, string>> Isolated = new(() =>
        new IsolatedLoadContext("Modeling.Interactive.Analysis", typeof(NotebookAnalysis).Assembly.Location)
            .StaticFunction(typeof(NotebookAnalysis).FullName!, nameof(RunHere)), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Writes rejects/, diagnostics.csv, panel.csv, results.json and report.html into the options' output folder and
    /// returns what results.json holds. <see cref="AnalysisOptions.Progress"/> is not called (delegates do not cross).
    /// </summary>
    public static ResultsDocument Run(AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ResultsJson.Parse(Isolated.Value(JsonSerializer.Serialize(options, Json)));
    }

    /// <summary>The entry point inside the isolated context: options JSON in, results.json text out.</summary>
    internal static string RunHere(string optionsJson) =>
        System.Text.Encoding.UTF8.GetString(ResultsJson.ToBytes(new Analysis.Analysis(JsonSerializer.Deserialize<AnalysisOptions>(optionsJson, Json)!).Run()));

    /// <summary>The options by their constructor and init properties; delegates (progress callbacks) left out.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var property in info.Properties.Where(p => typeof(Delegate).IsAssignableFrom(p.PropertyType)).ToList())
                        info.Properties.Remove(property);
                },
            },
        },
    };
}
