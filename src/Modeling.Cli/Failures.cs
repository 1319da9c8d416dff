using System.Globalization;
using System.Text;
using Modeling.Ingest.Output;

namespace Modeling.Cli;

/// <summary>
/// What the command says when a job fails for a reason outside its inputs and arguments: a disk that is full, a file
/// system that is read-only, a folder it may not write. These are the user's to fix (exit 2, one line, no stack
/// trace); a scheduler must not retry them as if the job were locked or broken.
/// </summary>
internal static class EnvironmentFailure
{
    // errno values (Linux); .NET reports them as the IOException's HResult on Unix.
    private const int NoSpace = 28, ReadOnly = 30, QuotaExceeded = 122, AccessDenied = 13, NotPermitted = 1;

    /// <summary>The one-line message for an environment failure anywhere in <paramref name="e"/>'s chain, or null.</summary>
    public static string? Describe(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            var text = ShownText.Escape(x.Message);
            var kind = x switch
            {
                IOException io when io.HResult is NoSpace or QuotaExceeded => Kind.Full,
                IOException io when io.HResult == ReadOnly => Kind.ReadOnly,
                IOException io when io.HResult is AccessDenied or NotPermitted => Kind.Denied,
                UnauthorizedAccessException => Kind.Denied,
                // DuckDB (staging, spill files) reports the OS error in its message only.
                _ when x.GetType().Name == "DuckDBException" => FromText(x.Message),
                _ => Kind.None,
            };
            switch (kind)
            {
                case Kind.Full: return $"The disk is full ({text}). Free space there, or write to another folder, and run again.";
                case Kind.ReadOnly: return $"Cannot write there: the file system is read-only ({text}). Pass an output folder you can write to.";
                case Kind.Denied: return $"Permission denied ({text}). Pass an output folder you can write to, or fix its permissions.";
            }
        }
        return null;
    }

    private enum Kind { None, Full, ReadOnly, Denied }

    private static Kind FromText(string message) =>
        message.Contains("No space left on device", StringComparison.Ordinal) || message.Contains("Disk quota exceeded", StringComparison.Ordinal) ? Kind.Full
        : message.Contains("Read-only file system", StringComparison.Ordinal) ? Kind.ReadOnly
        : message.Contains("Permission denied", StringComparison.Ordinal) ? Kind.Denied
        : Kind.None;
}

/// <summary>
/// An internal error (a bug) is one line on stderr; its details (type, message, stack trace) go to
/// <c>modeling-error.log</c> in the command's output folder, or in the temp folder when that cannot be written.
/// </summary>
internal static class ErrorLog
{
    public const string FileName = "modeling-error.log";

    /// <summary>Options naming where a verb writes: a folder (analyze, validate, simulate, retrain) or a file (panel, report, estimate).</summary>
    private static readonly string[] OutputOptions = ["--out", "--runs"];

    /// <summary>Appends the details of <paramref name="e"/>; returns the log's path, or null when none could be written.</summary>
    public static string? Write(string[] args, Exception e)
    {
        var entry = new StringBuilder()
            .Append("--- ").Append(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))
            .Append(" modeling ").Append(args.Length > 0 ? ShownText.Escape(args[0]) : "").Append('\n');
        foreach (var line in e.ToString().Split('\n')) entry.Append(ShownText.Escape(line.TrimEnd('\r'))).Append('\n');
        entry.Append('\n');
        foreach (var folder in Candidates(args))
        {
            try
            {
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, FileName);
                File.AppendAllText(path, entry.ToString(), new UTF8Encoding(false));
                return path;
            }
            catch (Exception x) when (x is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // Try the next place.
            }
        }
        return null;
    }

    /// <summary>The output folder named on the command line (or the folder of an output file), then the temp folder.</summary>
    private static IEnumerable<string> Candidates(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
            foreach (var option in OutputOptions)
            {
                string? value = args[i] == option && i + 1 < args.Length ? args[i + 1]
                    : args[i].StartsWith(option + "=", StringComparison.Ordinal) || args[i].StartsWith(option + ":", StringComparison.Ordinal)
                        ? args[i][(option.Length + 1)..]
                        : null;
                if (string.IsNullOrEmpty(value)) continue;
                var full = Path.GetFullPath(value);
                // An existing folder, or a new path without an extension, is a folder; anything else is a file in a folder.
                if (Directory.Exists(full) || (!File.Exists(full) && Path.GetExtension(full).Length == 0)) yield return full;
                else if (Path.GetDirectoryName(full) is { } parent) yield return parent;
            }
        yield return Path.GetTempPath();
    }
}
