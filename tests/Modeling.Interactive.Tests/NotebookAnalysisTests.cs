using Modeling.Analysis;
using Modeling.Interactive.Data;
using Modeling.Reporting;
using Modeling.Results;
using Modeling.Tests;

namespace Modeling.Interactive.Tests;

public class NotebookAnalysisTests
{
    [Fact]
    public void The_notebook_run_writes_what_the_job_writes_and_the_report_the_cli_would()
    {
        var data = Path.Combine(TestPaths.DataSamples, "clean");
        var notebookFolder = TestPaths.NewTempFolder();
        var directFolder = TestPaths.NewTempFolder();
        AnalysisOptions Options(string output) => new(data, output, Seed: 7) { BootstrapDraws = 100, IncludeMachineLearning = false };

        var progress = new List<string>();
        var notebook = NotebookAnalysis.Run(Options(notebookFolder) with { Progress = progress.Add });
        new Analysis.Analysis(Options(directFolder)).Run();

        string results = File.ReadAllText(Path.Combine(directFolder, Analysis.Analysis.ResultsFileName));
        Assert.Equal(results, File.ReadAllText(Path.Combine(notebookFolder, Analysis.Analysis.ResultsFileName)));
        Assert.Equal(ResultsJson.ToBytes(ResultsJson.Parse(results)), ResultsJson.ToBytes(notebook));
        // report.html is drawn in the renderer's own load context, from results.json alone: the same page as the CLI's.
        Assert.Equal(ImpactReport.Render(results), File.ReadAllText(Path.Combine(notebookFolder, ImpactReport.FileName)));
        Assert.Contains(Analysis.Messages.Written(Path.Combine(notebookFolder, ImpactReport.FileName)), progress);
        Assert.NotEmpty(notebook.Mandates);
    }
}
