using System.CommandLine;
using Modeling.Reporting;

namespace Modeling.Cli.Commands;

/// <summary>
/// <c>modeling report --results FILE --out FILE [--pdf FILE]</c>: re-render the leadership report from any
/// results.json (CONTRACT §2); with --pdf also print it through headless Chromium.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var results = new Option<FileInfo>("--results") { Description = "The results.json written by 'modeling analyze'.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The HTML file to write (self-contained, works offline).", Required = true }.MustBeFile();
        var pdf = new Option<FileInfo?>("--pdf") { Description = "Also print the report to this PDF file (needs Chromium: apt-get install -y chromium)." }.MustBeFile();
        var command = new Command("report", "Render the impact report (HTML, optionally PDF) from a results.json.") { results, output, pdf };
        command.SetAction(parse =>
        {
            string resultsPath = parse.GetValue(results)!.FullName;
            string htmlPath = parse.GetValue(output)!.FullName;
            try
            {
                ImpactReport.WriteHtml(resultsPath, htmlPath);
            }
            catch (ReportInputException e)
            {
                throw new UserFacingException(e.Message, ExitCodes.BadInput);
            }
            stdout.WriteLine(htmlPath);
            if (parse.GetValue(pdf) is { } pdfFile)
            {
                stderr.WriteLine($"printing {pdfFile.FullName} with headless Chromium");
                try
                {
                    PdfPrinter.Print(htmlPath, pdfFile.FullName);
                }
                catch (PdfPrintException e)
                {
                    // A missing browser is an environment the user can fix (2); a browser that fails is ours (1).
                    throw new UserFacingException(e.Message, e.ChromiumMissing ? ExitCodes.BadInput : ExitCodes.InternalError);
                }
                stdout.WriteLine(pdfFile.FullName);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
