using Modeling.Ingest.Pseudonyms;
using Modeling.Tests;
using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

public class PseudonymTests
{
    [Fact]
    public void Pseudonym_is_hmac_sha256_prefix_stable_for_a_key_and_different_for_another()
    {
        // Independent computation of the documented formula.
        var expected = "eng_" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Convert.FromHexString(KeyHex), "alice@example.com"u8.ToArray()))[..16];
        Assert.Equal(expected, P("alice@example.com"));
        Assert.Equal(P("alice@example.com"), new Pseudonymizer(PseudonymKey.FromHex(KeyHex)).Pseudonymize("alice@example.com"));
        var other = new Pseudonymizer(PseudonymKey.FromHex(new string('7', 64)));
        Assert.NotEqual(P("alice@example.com"), other.Pseudonymize("alice@example.com"));
        Assert.Matches("^eng_[0-9a-f]{16}$", P("x"));
    }

    [Fact]
    public void Key_file_is_created_once_with_mode_0600_and_reused()
    {
        var dir = TestPaths.NewTempFolder("key");
        var env = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = dir };
        var first = PseudonymKey.Resolve(null, n => env.GetValueOrDefault(n));
        var path = Path.Combine(dir, "modeling", "pseudonym.key");
        Assert.Equal(path, first.Source);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var second = PseudonymKey.Resolve(null, n => env.GetValueOrDefault(n));
        Assert.Equal(new Pseudonymizer(first).Pseudonymize("a"), new Pseudonymizer(second).Pseudonymize("a"));
        // The environment variable wins over the default file; an explicit file wins over both.
        env[PseudonymKey.EnvironmentVariable] = KeyHex;
        Assert.Equal(P("a"), new Pseudonymizer(PseudonymKey.Resolve(null, n => env.GetValueOrDefault(n))).Pseudonymize("a"));
        Assert.Equal(path, PseudonymKey.Resolve(path, n => env.GetValueOrDefault(n)).Source);
    }

    [Fact]
    public void A_bad_key_is_a_clear_error()
    {
        var e = Assert.Throws<DataFolderException>(() => PseudonymKey.FromHex("abc", PseudonymKey.EnvironmentVariable));
        Assert.Equal("The pseudonym key from MODELING_PSEUDONYM_KEY is not valid: it must be at least 32 hexadecimal characters (16 bytes). Fix or remove it; a new key file is created when none exists.", e.Message);
    }

    [Fact]
    public void No_raw_engineer_id_appears_in_any_output_file_and_runs_are_identical()
    {
        var folder = Folder(
            ("roster.csv", "engineer_id,team_id,valid_from,valid_to,level\nalice@example.com,t1,2024-01-01,,senior\nbob@example.com,t9,2024-01-01,,mid\ncarol@example.com,t1,2024-01-01,x,y,z\n"),
            ("ai_usage.csv", "date,engineer_id,tool,interactions\n2024-03-01,alice@example.com,copilot,5\n2024-03-01,dave@example.com,copilot,-1\n2024-03-01,erin@example.com,copilot,1\n"),
            ("pull_requests.csv", "pr_id,author_id,created_at\np1,frank@example.com,2024-03-01T10:00:00Z\np1,alice@example.com,2024-03-01T10:00:00Z\np2,gina@example.com,bad\n"));
        var out1 = TestPaths.NewTempFolder("out");
        var out2 = TestPaths.NewTempFolder("out");
        Validate(folder, out1);
        Validate(folder, out2);
        var raw = new[] { "alice@", "bob@", "carol@", "dave@", "erin@", "frank@", "gina@", "example.com" };
        var written = Directory.GetFiles(out1, "*", SearchOption.AllDirectories);
        Assert.Equal(["diagnostics.csv", "rejects/ai_usage.csv", "rejects/pull_requests.csv", "rejects/roster.csv"],
            written.Select(f => Path.GetRelativePath(out1, f)).Order(StringComparer.Ordinal));
        foreach (var file in written)
        {
            var text = File.ReadAllText(file);
            foreach (var id in raw) Assert.DoesNotContain(id, text);
            Assert.Equal(text, File.ReadAllText(Path.Combine(out2, Path.GetRelativePath(out1, file))));
        }
        // Carol's row has 6 fields for 5 columns: which field is her id cannot be trusted, so the raw text is withheld.
        Assert.Contains(",,,,,4,\"raw text withheld (its columns cannot be trusted and may hold a personal id); found '6 fields', expected 5 fields, as in the header [wrong_field_count]\"\n",
            File.ReadAllText(Path.Combine(out1, "rejects", "roster.csv")));
        Assert.DoesNotContain(P("carol@example.com"), File.ReadAllText(Path.Combine(out1, "rejects", "roster.csv")));
    }
}
