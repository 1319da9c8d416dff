namespace Modeling.Reporting;

/// <summary>Every user-facing text of the reporting stage that is not page prose: errors and fixed notes.</summary>
public static class Messages
{
    public const string NotEstimated = "Not estimated in this run.";

    public static string ResultsFileMissing(string path) =>
        $"The results file '{path}' does not exist. Pass the results.json written by 'modeling analyze' with --results.";

    public static string ChromiumMissing(string searched) =>
        $"Printing a PDF needs Chromium, which was not found (looked for {searched}). Install it (Debian: apt-get install -y chromium) or set MODELING_CHROMIUM to its path.";

    public static string ChromiumFailed(int exitCode, string stderrTail) =>
        $"Chromium exited with code {exitCode} while printing the PDF. Its last output: {stderrTail}";

    public static string ChromiumTimedOut(int seconds) =>
        $"Chromium did not finish printing the PDF within {seconds} seconds.";

    public static string PdfNotWritten(string path) =>
        $"Chromium finished but wrote no PDF at '{path}'.";
}

/// <summary>The results file cannot be rendered (not JSON, not an object, missing); the message says why.</summary>
public sealed class ReportInputException(string message) : Exception(message);

/// <summary>The PDF could not be printed (Chromium missing or failing); the message says what to do.</summary>
public sealed class PdfPrintException(string message, bool chromiumMissing) : Exception(message)
{
    public bool ChromiumMissing { get; } = chromiumMissing;
}
