using System.Security.Cryptography;

namespace Modeling.Ingest.Pseudonyms;

/// <summary>
/// Turns a raw engineer id into its pseudonym: <c>"eng_"</c> + the first 16 lowercase hex characters of
/// HMAC-SHA256(key, UTF-8 bytes of the id). The same key gives the same pseudonym in every run.
/// </summary>
public sealed class Pseudonymizer(PseudonymKey key)
{
    public const string Prefix = "eng_";
    private readonly byte[] _key = key.Bytes.ToArray();

    /// <summary>Pseudonym of an id given as UTF-8 bytes (ids are opaque: no trimming, no case folding).</summary>
    public string Pseudonymize(ReadOnlySpan<byte> rawIdUtf8)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, rawIdUtf8, mac);
        return Prefix + Convert.ToHexStringLower(mac[..8]);
    }

    /// <summary>Pseudonym of an id given as text.</summary>
    public string Pseudonymize(string rawId) => Pseudonymize(System.Text.Encoding.UTF8.GetBytes(rawId));
}
