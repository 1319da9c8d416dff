using Modeling.Analysis;
using Modeling.Results;
using Modeling.Interactive.Data;
using Modeling.Tests;

namespace Modeling.Interactive.Tests;

public class NotebookAnalysisTests
{
    [Fact]
    public void The_isolated_run_hands_back_the_same_result_as_an_in_process_run()
    {
        var data = Path.Combine(TestPaths.DataSamples, "clean");
        var isolatedFolder = TestPaths.NewTempFolder();
        var directFolder = TestPaths.NewTempFolder();
        AnalysisOptions Options(string output) => new(data, output, Seed: 7) { BootstrapDraws = 100, IncludeMachineLearning = false };

        var isolated = NotebookAnalysis.Run(Options(isolatedFolder));
        var direct = new Analysis.Analysis(Options(directFolder)).Run();

        // results.json is the product: the result that crossed the load-context boundary serialises to the same bytes.
        Assert.Equal(ResultsJson.ToBytes(direct), ResultsJson.ToBytes(isolated));
        Assert.Equal(File.ReadAllBytes(Path.Combine(directFolder, Analysis.Analysis.ResultsFileName)),
            File.ReadAllBytes(Path.Combine(isolatedFolder, Analysis.Analysis.ResultsFileName)));
        Assert.True(File.Exists(Path.Combine(isolatedFolder, "report.html")));
        Assert.NotEmpty(isolated.Mandates);
    }
}
