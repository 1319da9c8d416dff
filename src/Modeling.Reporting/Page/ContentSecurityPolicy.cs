using System.Security.Cryptography;
using System.Text;

namespace Modeling.Reporting.Page;

/// <summary>
/// The page's Content-Security-Policy, as a <c>&lt;meta&gt;</c> in its head: nothing may load from the network (the page
/// is self-contained), and the only scripts that run are the page's own inline ones, named by their SHA-256 hashes, so an
/// injected script element or event-handler attribute would not run even if escaping ever failed. Styles stay inline
/// (plotly.js sets them from script).
/// </summary>
internal static class ContentSecurityPolicy
{
    private const string ScriptOpen = "<script";
    private const string ScriptClose = "</script>";

    /// <summary>
    /// The meta element allowing exactly <paramref name="scripts"/> (the texts of the script elements the page generated,
    /// not whatever script elements <paramref name="markup"/> holds). Fails when the markup holds any other script
    /// element: text that escaped into markup would then show as a report that does not render, never as a live script.
    /// </summary>
    public static string Meta(string markup, IReadOnlyCollection<string> scripts)
    {
        var found = InlineScripts(markup).ToList();
        if (!found.SequenceEqual(scripts, StringComparer.Ordinal))
            throw new InvalidOperationException($"The report holds {found.Count} script elements where it generated {scripts.Count}: some text was not escaped.");
        var hashes = scripts.Select(Hash).Distinct().Order(StringComparer.Ordinal);
        var policy = "default-src 'none'; script-src " + string.Join(" ", hashes)
            + "; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'";
        return $"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n";
    }

    /// <summary>The text of every script element in <paramref name="markup"/> (in order), exactly as the browser hashes it.</summary>
    public static IEnumerable<string> InlineScripts(string markup)
    {
        var at = 0;
        while ((at = markup.IndexOf(ScriptOpen, at, StringComparison.Ordinal)) >= 0)
        {
            var start = markup.IndexOf('>', at) + 1;
            var end = markup.IndexOf(ScriptClose, start, StringComparison.Ordinal);
            if (start <= 0 || end < 0) throw new InvalidOperationException("A script element of the report is not closed.");
            yield return markup[start..end];
            at = end + ScriptClose.Length;
        }
    }

    private static string Hash(string script) => "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script))) + "'";
}
