using System.Globalization;

namespace Modeling.Panel;

/// <summary>
/// A file that appears whole or not at all: written to a hidden temporary file beside it and renamed into place when
/// complete. If writing fails (a full disk, say), the temporary file is removed and a file already at the path is left
/// as it was, so a reader or the next monthly job never finds half a panel or half a results.json.
/// </summary>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with the temporary path, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!,
            "." + Path.GetFileName(full) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The original failure is the one to report.
            }
            throw;
        }
    }
}
