using System.Security.Cryptography;

namespace Modeling.Ingest.Pseudonyms;

/// <summary>
/// The secret key of the keyed hash that turns engineer ids into pseudonyms. It must stay the same across the
/// monthly runs (so pseudonyms are comparable) and never be written into any output.
/// Resolution order: an explicit key file, then the environment variable <see cref="EnvironmentVariable"/> (hex),
/// then the default key file <c>$XDG_CONFIG_HOME/modeling/pseudonym.key</c> (or <c>~/.config/modeling/pseudonym.key</c>),
/// which is created with a fresh random key and permissions 0600 on first use.
/// </summary>
public sealed class PseudonymKey
{
    public const string EnvironmentVariable = "MODELING_PSEUDONYM_KEY";
    private const int MinimumBytes = 16;
    private const int GeneratedBytes = 32;

    private readonly byte[] _key;

    private PseudonymKey(byte[] key, string source)
    {
        _key = key;
        Source = source;
    }

    /// <summary>Where the key came from, for messages (a path or the variable name; never the key).</summary>
    public string Source { get; }

    internal ReadOnlySpan<byte> Bytes => _key;

    /// <summary>A key given directly (tests, embedding).</summary>
    public static PseudonymKey FromHex(string hex, string source = "the given key") => new(ParseHex(hex, source), source);

    /// <summary>Resolves the key as described on the type; <paramref name="getEnvironment"/> is injectable for tests.</summary>
    public static PseudonymKey Resolve(string? keyFile, Func<string, string?>? getEnvironment = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        if (keyFile is not null) return FromFile(keyFile, createIfMissing: true);
        if (getEnvironment(EnvironmentVariable) is { Length: > 0 } hex) return FromHex(hex, EnvironmentVariable);
        return FromFile(DefaultKeyFile(getEnvironment), createIfMissing: true);
    }

    /// <summary>The default key file location: $XDG_CONFIG_HOME/modeling/pseudonym.key or ~/.config/modeling/pseudonym.key.</summary>
    public static string DefaultKeyFile(Func<string, string?>? getEnvironment = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        var config = getEnvironment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "modeling", "pseudonym.key");
    }

    private static PseudonymKey FromFile(string path, bool createIfMissing)
    {
        try
        {
            if (!File.Exists(path) && createIfMissing) Create(path);
            return new PseudonymKey(ParseHex(File.ReadAllText(path).Trim(), path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFolderException(Messages.KeyFileUnreadable(path, e.Message), null, e);
        }
    }

    private static void Create(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(GeneratedBytes));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(hex);
            writer.Write('\n');
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs, so both runs share one key.
        }
    }

    private static byte[] ParseHex(string hex, string source)
    {
        hex = hex.Trim();
        if (hex.Length < 2 * MinimumBytes || hex.Length % 2 != 0) throw new DataFolderException(Messages.BadPseudonymKey(source));
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new DataFolderException(Messages.BadPseudonymKey(source));
        }
    }
}
