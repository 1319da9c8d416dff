namespace Modeling.Ingest.Files;

/// <summary>One input file found for a table; <paramref name="Vendor"/> names the vendor subfolder it came from, if any.</summary>
internal sealed record InputFile(string Table, string Path, string RelativeName, FileFormat Format, string? Vendor = null);

/// <summary>Finds the CONTRACT §1 files in a data folder and stops with a clear message when the folder cannot be used.</summary>
internal static class DataFolder
{
    private static readonly string[] Required = ["teams", "roster"];
    private static readonly string[] JsonExtensions = [".ndjson", ".jsonl", ".json"];

    /// <summary>The vendor subfolders of CONTRACT §1 (each mapped onto ai_usage rows with its tool), in reading order.</summary>
    public static readonly (string Folder, string[] Extensions, FileFormat Format)[] Vendors =
    [
        ("copilot", JsonExtensions, FileFormat.CopilotNdjson),
        ("amazon_q", [".csv"], FileFormat.Csv),
        ("claude_code", JsonExtensions, FileFormat.VendorJson),
        ("cursor", JsonExtensions, FileFormat.VendorJson),
    ];

    /// <summary>Copilot's user-teams reports (team memberships per user and day), told by their file name.</summary>
    public const string CopilotUserTeams = "copilot_user_teams";

    private static bool IsUserTeams(string vendor, string path) =>
        vendor == "copilot" && (Path.GetFileName(path).Contains("user-teams", StringComparison.OrdinalIgnoreCase)
            || Path.GetFileName(path).Contains("user_teams", StringComparison.OrdinalIgnoreCase));

    public static (IReadOnlyList<InputFile> Tables, IReadOnlyList<InputFile> VendorFiles, IReadOnlyList<string> Ignored) Discover(string folder)
    {
        if (!Directory.Exists(folder)) throw new DataFolderException(Messages.FolderMissing(folder));
        var entries = Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var vendorFiles = new List<InputFile>();
        foreach (var (name, extensions, format) in Vendors)
        {
            var dir = Path.Combine(folder, name);
            if (!Directory.Exists(dir)) continue;
            vendorFiles.AddRange(Directory.GetFiles(dir)
                .Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .Select(f => IsUserTeams(name, f)
                    ? new InputFile("roster", f, name + "/" + Path.GetFileName(f), format, CopilotUserTeams)
                    : new InputFile("ai_usage", f, name + "/" + Path.GetFileName(f), format, name)));
        }
        // Memberships first: the usage read after them then knows these engineers' teams.
        vendorFiles = [.. vendorFiles.Where(f => f.Vendor == CopilotUserTeams), .. vendorFiles.Where(f => f.Vendor != CopilotUserTeams)];
        if (entries.Count == 0 && vendorFiles.Count == 0) throw new DataFolderException(Messages.FolderEmpty(folder));

        // A folder named like an input file is not an absent file: say so rather than read the data without it.
        var folders = Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var schema in Schemas.InReadingOrder)
            foreach (var name in new[] { schema.Table + ".csv", schema.Table + ".parquet" })
                if (folders.Contains(name)) throw new DataFolderException(Messages.IsFolder(name));

        var tables = new List<InputFile>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in Schemas.InReadingOrder)
        {
            var csv = schema.Table + ".csv";
            var parquet = schema.Table + ".parquet";
            var hasCsv = entries.Contains(csv);
            var hasParquet = entries.Contains(parquet);
            if (hasCsv && hasParquet) throw new DataFolderException(Messages.BothFormats(schema.Table));
            if (hasCsv || hasParquet)
            {
                var name = hasCsv ? csv : parquet;
                used.Add(name);
                tables.Add(new InputFile(schema.Table, Path.Combine(folder, name), name, hasCsv ? FileFormat.Csv : FileFormat.Parquet));
                continue;
            }
            // A file named after the table in another format (teams.xlsx, ai_usage.json) is a structural problem, not an absence.
            var other = entries.FirstOrDefault(e => Path.GetFileNameWithoutExtension(e) == schema.Table);
            if (other is not null) throw new DataFolderException(Messages.WrongFormat(other, schema.Table));
        }
        foreach (var table in Required)
            if (tables.All(t => t.Table != table))
                throw new DataFolderException(Messages.RequiredFileMissing(folder, table));
        if (tables.All(t => t.Table != "ai_usage") && vendorFiles.All(f => f.Table != "ai_usage")) throw new DataFolderException(Messages.AiUsageMissing(folder));
        var ignored = entries.Where(e => !used.Contains(e)).ToList();
        return (tables, vendorFiles, ignored);
    }
}
