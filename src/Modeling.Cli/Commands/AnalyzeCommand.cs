using System.CommandLine;
using Modeling.Analysis;
using Modeling.Ingest;
using Modeling.Panel;

namespace Modeling.Cli.Commands;

/// <summary>
/// <c>modeling analyze --data DIR --out DIR [--period month|week] [--adoption-threshold X] [--min-group-size N] [--seed N] [--key-file F]</c>:
/// the main job (CONTRACT §2), writing rejects/, panel.csv and results.json into --out.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The data folder (CONTRACT §1).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder for results.json, panel.csv and rejects/.", Required = true }.MustBeFolder();
        var period = SharedOptions.Period();
        var threshold = SharedOptions.AdoptionThreshold();
        var seed = SharedOptions.Seed();
        var minGroupSize = MinGroupSizeOption.Create("panel.csv, results.json and the report");
        var keyFile = SharedOptions.KeyFile();
        var skipMachineLearning = new Option<bool>("--skip-ml")
        {
            Description = "Leave out the ML.NET models (double machine learning, counterfactual model): a quicker run, or the causal part timed alone.",
        };
        var command = new Command("analyze", "Read, validate, build the panel, fit every estimator, judge the mandates; write results.json.")
        {
            data, output, period, threshold, seed, keyFile, skipMachineLearning, minGroupSize,
        };
        command.SetAction(parse =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var options = new AnalysisOptions(parse.GetValue(data)!.FullName, parse.GetValue(output)!.FullName,
                parse.GetValue(period), parse.GetValue(threshold), parse.GetValue(seed),
                parse.GetValue(keyFile)?.FullName)
            {
                // Each progress line carries the time since the start, so a batch log shows where the time goes.
                Progress = line => stderr.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:F1} s] {line}")),
                IncludeMachineLearning = !parse.GetValue(skipMachineLearning),
                MinGroupSize = parse.GetValue(minGroupSize),
            };
            try
            {
                var result = new Analysis.Analysis(options).Run();
                // The leadership report is a rendering of results.json alone.
                var reportPath = Path.Combine(options.OutputFolder, Reporting.ImpactReport.FileName);
                Reporting.ImpactReport.WriteHtml(Path.Combine(options.OutputFolder, Analysis.Analysis.ResultsFileName), reportPath);
                options.Progress!(Analysis.Messages.Written(reportPath));
                // Warnings may quote mandate ids, scopes and other input text: escaped, they cannot drive the terminal.
                foreach (var warning in result.Diagnostics?.Warnings ?? []) stderr.WriteLine($"warning: {Ingest.Output.ShownText.Escape(warning)}");
                if (result.Data is { } read) WriteFileSummary(stderr, read);
                stdout.WriteLine(Path.Combine(options.OutputFolder, Analysis.Analysis.ResultsFileName));
                return ExitCodes.Success;
            }
            catch (DataFolderException e)
            {
                throw new UserFacingException(e.Message, ExitCodes.BadInput);
            }
        });
        return command;
    }

    /// <summary>The end of the run on stderr: a loud line per file with more than 1 % of its rows rejected, then one line per file.</summary>
    private static void WriteFileSummary(TextWriter stderr, Results.DataSummary read)
    {
        var files = read.RowsRead.Keys.Select(file => (File: file, Read: read.RowsRead[file], Used: read.RowsUsed.GetValueOrDefault(file),
            Rejected: read.RowsRejected.GetValueOrDefault(file), Lines: read.LinesRead?.GetValueOrDefault(file))).ToList();
        foreach (var f in files)
            if (f.Rejected > f.Read * FileReport.HighRejectShare)
                stderr.WriteLine(Ingest.Messages.ManyRowsRejected(f.File, f.Rejected, f.Read));
        foreach (var f in files) stderr.WriteLine(Ingest.Messages.FileSummary(f.File, f.Read, f.Used, f.Rejected, f.Lines));
    }
}
