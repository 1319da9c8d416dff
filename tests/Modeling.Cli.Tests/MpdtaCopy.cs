using Modeling.Tests;

namespace Modeling.Cli.Tests;

/// <summary>Edited copies of R did's mpdta (refdata, read in place), for the estimate tests that need a variant of it.</summary>
internal static class MpdtaCopy
{
    public static string Original => Path.Combine(TestPaths.RefData, "mpdta.csv");

    /// <summary>The index of a column of mpdta by its name (the header's quotes removed).</summary>
    public static int Column(string name) =>
        Array.IndexOf(File.ReadLines(Original).First().Split(',').Select(h => h.Trim('"')).ToArray(), name);

    /// <summary>
    /// Writes <paramref name="fileName"/> in a fresh folder: every line of mpdta (0 = the header) split into its fields and
    /// passed to <paramref name="edit"/>, which returns the fields to write or null to leave the line out.
    /// </summary>
    public static string Write(string fileName, Func<string[], int, string[]?> edit)
    {
        var path = Path.Combine(TestPaths.NewTempFolder("mpdta-copy"), fileName);
        File.WriteAllLines(path, File.ReadAllLines(Original).Select((line, i) => edit(line.Split(','), i)).OfType<string[]>().Select(f => string.Join(',', f)));
        return path;
    }
}
