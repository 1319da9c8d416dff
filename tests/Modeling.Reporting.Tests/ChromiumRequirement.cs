namespace Modeling.Reporting.Tests;

/// <summary>
/// Browser tests need Chromium. On a machine without it they are reported as skipped with the reason, so README's test
/// command passes on a fresh machine with only the .NET SDK; CI (.ci/run installs Chromium) sets
/// <see cref="RequiredVariable"/>=1, which turns a missing Chromium into a failure so the browser tests always run there.
/// </summary>
internal static class ChromiumRequirement
{
    public const string RequiredVariable = "MODELING_REQUIRE_CHROMIUM";

    /// <summary>The Chromium executable; skips the calling test (or fails it in CI) when there is none.</summary>
    public static string Path
    {
        get
        {
            if (PdfPrinter.FindChromium() is { } chromium) return chromium;
            const string install = "Chromium is needed for the browser tests: apt-get install -y chromium (or set MODELING_CHROMIUM)";
            if (Environment.GetEnvironmentVariable(RequiredVariable) == "1")
                throw new InvalidOperationException($"{install}; {RequiredVariable}=1 requires them to run.");
            Skip.If(true, install + ".");
            return "";
        }
    }
}
