using System.Security.Cryptography;
using System.Text;

namespace Modeling.Runs;

/// <summary>One input file: path relative to the data folder ('/' separators), size and SHA-256 (hex, lower case).</summary>
public sealed record InputFile(string Path, long Bytes, string Sha256);

/// <summary>
/// Fingerprints the data folder: every file in it (recursively; hidden files and the runs folder, if nested, excluded)
/// with its SHA-256, which anyone can check with <c>sha256sum</c>. Hashing streams, at disk speed.
/// </summary>
public static class InputFiles
{
    public static IReadOnlyList<InputFile> Hash(string dataFolder, string? excludeFolder = null)
    {
        var root = Path.GetFullPath(dataFolder);
        var exclude = excludeFolder is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(excludeFolder)) + Path.DirectorySeparatorChar;
        var files = new List<InputFile>();
        foreach (var path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden }))
        {
            if (exclude is not null && path.StartsWith(exclude, StringComparison.Ordinal)) continue;
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.Split('/').Any(part => part.StartsWith('.'))) continue;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var hash = SHA256.HashData(stream);
            files.Add(new InputFile(relative, stream.Length, Convert.ToHexStringLower(hash)));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>
    /// One SHA-256 over the inputs, the parameters and the tool version: equal fingerprints mean the run would be rebuilt
    /// identically, so it is up to date.
    /// </summary>
    public static string Fingerprint(IReadOnlyList<InputFile> inputs, IEnumerable<KeyValuePair<string, string>> parameters, string toolVersion)
    {
        var text = new StringBuilder();
        text.Append("tool\t").Append(toolVersion).Append('\n');
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) text.Append("param\t").Append(name).Append('\t').Append(value).Append('\n');
        foreach (var f in inputs) text.Append("file\t").Append(f.Path).Append('\t').Append(f.Sha256).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
