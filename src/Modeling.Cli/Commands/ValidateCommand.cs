using System.CommandLine;
using Modeling.Ingest;
using Modeling.Ingest.Output;
using Modeling.Ingest.Pseudonyms;

namespace Modeling.Cli.Commands;

/// <summary><c>modeling validate --data DIR [--out DIR] [--key-file F]</c>: check the inputs only (CONTRACT §2).</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The data folder (CONTRACT §1).", Required = true };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Write diagnostics.csv and the rejected rows (rejects/) here." }.MustBeFolder();
        var keyFile = SharedOptions.KeyFile();
        var command = new Command("validate", "Check the input files only; exit 0 when usable, 2 when not.") { data, output, keyFile };
        command.SetAction(parse =>
        {
            var options = new IngestOptions(ResolveKey(parse.GetValue(keyFile)?.FullName))
            {
                OutputFolder = parse.GetValue(output)?.FullName,
            };
            return Run(parse.GetValue(data)!.FullName, options, stderr);
        });
        return command;
    }

    internal static PseudonymKey ResolveKey(string? keyFile)
    {
        try
        {
            return PseudonymKey.Resolve(keyFile);
        }
        catch (DataFolderException e)
        {
            throw new UserFacingException(e.Message, ExitCodes.BadInput);
        }
    }

    private static int Run(string dataFolder, IngestOptions options, TextWriter stderr)
    {
        IngestReport report;
        try
        {
            report = Ingestion.Validate(dataFolder, options);
        }
        catch (DataFolderException e)
        {
            if (e.PartialReport is { } partial) ReportText.Write(stderr, partial);
            throw new UserFacingException(e.Message, ExitCodes.BadInput);
        }
        ReportText.Write(stderr, report);
        stderr.WriteLine(Messages.SummaryUsable);
        return ExitCodes.Success;
    }
}
