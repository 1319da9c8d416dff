using System.Globalization;
using System.Text;

namespace Modeling.Ingest.Output;

/// <summary>
/// The one way input text is echoed to a person (messages, diagnostics, diagnostics.csv, rejects' reasons): control
/// characters and text-direction overrides are shown escaped, so a value can neither drive a terminal (ESC sequences)
/// nor reorder what is read around it (bidi overrides), and every message stays on one line.
/// </summary>
public static class ShownText
{
    /// <summary>
    /// <paramref name="text"/> with line breaks and tabs as <c>\n</c>, <c>\r</c>, <c>\t</c>; other C0 controls and DEL as
    /// <c>\xHH</c>; C1 controls, U+2028/U+2029 and the bidi controls U+202A–U+202E, U+2066–U+2069 as <c>\uHHHH</c>.
    /// </summary>
    public static string Escape(string text)
    {
        var i = 0;
        while (i < text.Length && !NeedsEscape(text[i])) i++;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c)) { sb.Append(c); continue; }
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < '\u0080' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c < ' ' || c is >= '\u007f' and <= '\u009f' || c is '\u2028' or '\u2029' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069';
}
