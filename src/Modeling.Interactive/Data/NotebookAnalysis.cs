using Modeling.Analysis;
using Modeling.Interactive.Charting;
using Modeling.Results;

namespace Modeling.Interactive.Data;

/// <summary>
/// Runs the whole <c>analyze</c> job (<see cref="Analysis"/>) from a notebook, in process, and writes report.html as the
/// CLI does. The report is drawn by Plotly.NET, which cannot load beside a notebook kernel's FSharp.Core 10.0
/// (notebooks/README.md), so only that rendering runs in the chart renderer's load context, from results.json.
/// </summary>
public static class NotebookAnalysis
{
    /// <summary>
    /// Writes rejects/, diagnostics.csv, panel.csv, results.json and report.html into the options' output folder and
    /// returns what results.json holds.
    /// </summary>
    public static ResultsDocument Run(AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        new Analysis.Analysis(options).Run();
        var resultsPath = Path.Combine(options.OutputFolder, Analysis.Analysis.ResultsFileName);
        var reportPath = Path.Combine(options.OutputFolder, "report.html");
        ChartRendererHost.WriteReport(resultsPath, reportPath);
        options.Progress?.Invoke(Analysis.Messages.Written(reportPath));
        return ResultsJson.Parse(File.ReadAllText(resultsPath)); // as written: numbers rounded as in the file
    }
}
