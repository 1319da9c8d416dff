using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Modeling.Runs;

/// <summary>An input file as the manifest records it: identity (hash) and the rows the run read, used, rejected, cut off.</summary>
public sealed record ManifestInput(InputFile File, long? RowsRead, long? RowsUsed, long? RowsRejected, long? RowsAfterAsOf);

/// <summary>A file of the run folder with its SHA-256, so a copied or archived run can be verified.</summary>
public sealed record ManifestOutput(string Path, long Bytes, string Sha256);

/// <summary>
/// manifest.json of a run: what went in (input hashes and row counts, parameters, seed), what did it (tool and package
/// versions), how long each stage took, and how it ended. Written last into the run's temporary folder; a run folder
/// only exists once it is complete, so <see cref="Status"/> is "complete" and <see cref="ExitStatus"/> 0 in every
/// published run.
/// </summary>
public sealed record RunManifest(
    string AsOf,
    string Status,
    int ExitStatus,
    string Fingerprint,
    string ToolVersion,
    IReadOnlyList<KeyValuePair<string, string>> Packages,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    int Seed,
    IReadOnlyList<ManifestInput> Inputs,
    IReadOnlyList<ManifestOutput> Outputs,
    IReadOnlyList<KeyValuePair<string, double>> TimingsSeconds,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Host,
    int Pid,
    string? PreviousRun,
    bool Forced)
{
    public const string FileName = "manifest.json";
    public const string CompleteStatus = "complete";
    public const int SchemaVersion = 1;

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteString("as_of", AsOf);
            w.WriteString("status", Status);
            w.WriteNumber("exit_status", ExitStatus);
            w.WriteString("fingerprint", Fingerprint);
            w.WriteStartObject("tool");
            w.WriteString("name", "modeling");
            w.WriteString("version", ToolVersion);
            w.WriteEndObject();
            WriteStrings(w, "packages", Packages);
            WriteStrings(w, "parameters", Parameters);
            w.WriteNumber("seed", Seed);
            w.WriteStartArray("inputs");
            foreach (var i in Inputs)
            {
                w.WriteStartObject();
                w.WriteString("file", i.File.Path);
                w.WriteNumber("bytes", i.File.Bytes);
                w.WriteString("sha256", i.File.Sha256);
                WriteCount(w, "rows_read", i.RowsRead);
                WriteCount(w, "rows_used", i.RowsUsed);
                WriteCount(w, "rows_rejected", i.RowsRejected);
                WriteCount(w, "rows_after_as_of", i.RowsAfterAsOf);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("outputs");
            foreach (var o in Outputs)
            {
                w.WriteStartObject();
                w.WriteString("file", o.Path);
                w.WriteNumber("bytes", o.Bytes);
                w.WriteString("sha256", o.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("timings_seconds");
            foreach (var (stage, seconds) in TimingsSeconds) w.WriteNumber(stage, Math.Round(seconds, 3));
            w.WriteEndObject();
            w.WriteString("started_at", StartedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("finished_at", FinishedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("host", Host);
            w.WriteNumber("pid", Pid);
            if (PreviousRun is null) w.WriteNull("previous_run");
            else w.WriteString("previous_run", PreviousRun);
            w.WriteBoolean("forced", Forced);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in pairs) w.WriteString(k, v);
        w.WriteEndObject();
    }

    private static void WriteCount(Utf8JsonWriter w, string name, long? n)
    {
        if (n is long v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>The fields the job reads back (status, fingerprint); null when the file is missing or not a manifest.</summary>
    public static (string Status, string Fingerprint)? TryReadStatus(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            return (root.GetProperty("status").GetString() ?? "", root.GetProperty("fingerprint").GetString() ?? "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Informational version of the analysis code (as results.json "tool").</summary>
    public static string CurrentToolVersion() => InformationalVersion(typeof(Analysis.Analysis).Assembly);

    /// <summary>
    /// The packages the analysis runs on: every assembly referenced by a Modeling.* assembly that is not part of the
    /// shared framework, with its informational version, plus the .NET runtime and OS.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> CurrentPackages()
    {
        var frameworkDir = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory());
        var seen = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([typeof(Analysis.Analysis).Assembly, typeof(RunManifest).Assembly]);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var assembly = pending.Dequeue();
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is not { } name || !visited.Add(name)) continue;
                Assembly loaded;
                try
                {
                    loaded = Assembly.Load(reference);
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    continue;
                }
                if (string.IsNullOrEmpty(loaded.Location) || Path.GetFullPath(loaded.Location).StartsWith(frameworkDir, StringComparison.Ordinal)) continue;
                seen[name] = InformationalVersion(loaded);
                if (name.StartsWith("Modeling.", StringComparison.Ordinal)) pending.Enqueue(loaded);
            }
        }
        seen[".NET"] = Environment.Version.ToString();
        seen["os"] = RuntimeInformation.OSDescription;
        return [.. seen];
    }

    private static string InformationalVersion(Assembly assembly)
    {
        // With its "+<commit>" suffix when the build has one: a new commit may change results, so it rebuilds.
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
