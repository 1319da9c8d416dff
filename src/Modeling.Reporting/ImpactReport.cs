using System.Text;
using Modeling.Reporting.Page;
using Modeling.Results;

namespace Modeling.Reporting;

/// <summary>
/// The reporting stage's entry point: renders a results.json (CONTRACT §4) as one self-contained, offline HTML page
/// for leadership. Deterministic: the same results give the same bytes.
/// </summary>
public static class ImpactReport
{
    /// <summary>The file name analyze writes beside results.json (CONTRACT §2).</summary>
    public const string FileName = "report.html";

    /// <summary>Renders the page for a results.json text.</summary>
    /// <exception cref="ReportInputException">The text is not a JSON object, or a field has the wrong type.</exception>
    public static string Render(string resultsJson)
    {
        ResultsDocument results;
        try
        {
            results = ResultsJson.Parse(resultsJson);
        }
        catch (ResultsFormatException e)
        {
            throw new ReportInputException(e.Message);
        }
        return Render(results);
    }

    public static string Render(ResultsDocument results) => new ReportPage(results).Render();

    /// <summary>Reads <paramref name="resultsPath"/> and writes the page to <paramref name="htmlPath"/> (UTF-8, no BOM).</summary>
    public static void WriteHtml(string resultsPath, string htmlPath)
    {
        if (!File.Exists(resultsPath)) throw new ReportInputException(Messages.ResultsFileMissing(resultsPath));
        string html = Render(File.ReadAllText(resultsPath, Encoding.UTF8));
        string? folder = Path.GetDirectoryName(Path.GetFullPath(htmlPath));
        if (folder is not null) Directory.CreateDirectory(folder);
        // Write to a temporary file first so a reader never sees half a report.
        string temporary = htmlPath + ".tmp";
        try
        {
            File.WriteAllText(temporary, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, htmlPath, overwrite: true);
        }
        catch
        {
            // A full disk leaves neither half a report nor the temporary file behind.
            try { File.Delete(temporary); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }
}
