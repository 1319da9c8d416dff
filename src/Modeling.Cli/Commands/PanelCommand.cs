using System.CommandLine;
using Modeling.Ingest;
using Modeling.Ingest.Output;
using Modeling.Panel;
using PanelMessages = Modeling.Panel.Messages;

namespace Modeling.Cli.Commands;

/// <summary>
/// <c>modeling panel --data DIR --out FILE [--period month|week] [--adoption-threshold X] [--min-group-size N] [--key-file F]</c>:
/// build and write only the team × period panel (CONTRACT §2), CSV or Parquet by the extension of FILE, small groups
/// suppressed.
/// </summary>
internal static class PanelCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The data folder (CONTRACT §1).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The panel file to write: .csv or .parquet.", Required = true }.MustBeFile();
        var period = SharedOptions.Period();
        var threshold = SharedOptions.AdoptionThreshold();
        var minGroupSize = MinGroupSizeOption.Create("the panel file");
        var keyFile = SharedOptions.KeyFile();
        var command = new Command("panel", "Build and write only the team × period panel (CSV or Parquet by extension).")
        {
            data, output, period, threshold, keyFile, minGroupSize,
        };
        command.SetAction(parse =>
        {
            var options = new PanelOptions(parse.GetValue(period), parse.GetValue(threshold),
                parse.GetValue(minGroupSize));
            return Run(parse.GetValue(data)!.FullName, parse.GetValue(output)!.FullName, options,
                ValidateCommand.ResolveKey(parse.GetValue(keyFile)?.FullName), stdout, stderr);
        });
        return command;
    }

    private static int Run(string dataFolder, string outputFile, PanelOptions options, Ingest.Pseudonyms.PseudonymKey key, TextWriter stdout, TextWriter stderr)
    {
        var extension = Path.GetExtension(outputFile).ToLowerInvariant();
        if (extension is not (".csv" or ".parquet"))
            throw new UserFacingException(PanelMessages.UnsupportedPanelFile(outputFile), ExitCodes.BadInput);
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UserFacingException(e.Message.Split(Environment.NewLine)[0], ExitCodes.BadInput);
        }
        TeamPanel panel;
        try
        {
            panel = PanelPipeline.Run(new PipelineOptions(dataFolder, options, key)
            {
                Progress = stderr.WriteLine,
                Staged = report => ReportText.Write(stderr, report),
            }).Panel;
        }
        catch (DataFolderException e)
        {
            if (e.PartialReport is { } partial) ReportText.Write(stderr, partial);
            throw new UserFacingException(e.Message, ExitCodes.BadInput);
        }
        stderr.WriteLine(PanelMessages.Built(panel));
        if (panel.UnavailableOutcomes.Count > 0) stderr.WriteLine(PanelMessages.UnavailableOutcomesNote(panel.UnavailableOutcomes));
        if (panel.Diagnostics != PanelDiagnostics.None) stderr.WriteLine(PanelMessages.DiagnosticsNote(panel.Diagnostics));

        if (Path.GetDirectoryName(outputFile) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        PanelFiles.Write(panel, outputFile);
        stderr.WriteLine(PanelMessages.Written(outputFile));
        return ExitCodes.Success;
    }
}
