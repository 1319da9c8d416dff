using System.Diagnostics;

namespace Modeling.Reporting;

/// <summary>
/// Prints a report page to PDF with headless Chromium (Debian package <c>chromium</c>). Networking is switched off
/// for the browser (every host name resolves to nothing and the proxy is a closed local port), so the PDF shows
/// exactly what the offline page shows.
/// </summary>
public static class PdfPrinter
{
    /// <summary>Environment variable naming the Chromium executable, when it is not on the usual paths.</summary>
    public const string ChromiumVariable = "MODELING_CHROMIUM";

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    /// <summary>The Chromium executable, or null when none is installed.</summary>
    public static string? FindChromium()
    {
        string? configured = Environment.GetEnvironmentVariable(ChromiumVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        return Candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>The switches that keep the browser off the network; shared with the browser tests.</summary>
    public static IReadOnlyList<string> OfflineArguments { get; } =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    ];

    /// <summary>Prints <paramref name="htmlPath"/> to <paramref name="pdfPath"/>.</summary>
    /// <exception cref="PdfPrintException">Chromium is missing, fails, times out or writes nothing.</exception>
    public static void Print(string htmlPath, string pdfPath, int timeoutSeconds = 120)
    {
        string chromium = FindChromium() ?? throw new PdfPrintException(
            Messages.ChromiumMissing(Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } v ? $"{ChromiumVariable}={v}" : string.Join(", ", Candidates)),
            chromiumMissing: true);
        string pdf = Path.GetFullPath(pdfPath);
        string? folder = Path.GetDirectoryName(pdf);
        if (folder is not null) Directory.CreateDirectory(folder);
        if (File.Exists(pdf)) File.Delete(pdf);
        string profile = Path.Combine(Path.GetTempPath(), "modeling-chromium-" + Guid.NewGuid().ToString("N"));
        var arguments = new List<string>(OfflineArguments)
        {
            $"--user-data-dir={profile}", "--window-size=794,1123", "--virtual-time-budget=15000",
            "--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
        };
        try
        {
            var (exitCode, stderr) = Run(chromium, arguments, timeoutSeconds);
            if (exitCode != 0) throw new PdfPrintException(Messages.ChromiumFailed(exitCode, Tail(stderr)), chromiumMissing: false);
            if (!File.Exists(pdf) || new FileInfo(pdf).Length == 0) throw new PdfPrintException(Messages.PdfNotWritten(pdf), chromiumMissing: false);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Runs Chromium with a time limit; returns its exit code and standard error.</summary>
    internal static (int ExitCode, string Stderr) Run(string chromium, IEnumerable<string> arguments, int timeoutSeconds, Action<string>? stdout = null)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new PdfPrintException(Messages.ChromiumFailed(-1, "the process did not start"), chromiumMissing: false);
        var errorTask = process.StandardError.ReadToEndAsync();
        var outputTask = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new PdfPrintException(Messages.ChromiumTimedOut(timeoutSeconds), chromiumMissing: false);
        }
        process.WaitForExit();
        stdout?.Invoke(outputTask.GetAwaiter().GetResult());
        return (process.ExitCode, errorTask.GetAwaiter().GetResult());
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains("dbus", StringComparison.Ordinal)).TakeLast(3);
        return string.Join(" | ", lines);
    }
}
