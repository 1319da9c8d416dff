namespace Modeling.Ingest.Csv;

/// <summary>
/// Tells from a file's first bytes that it is not UTF-8 text at all, so that it is refused as a whole rather than read as
/// rows of garbage ("required column 'date' is missing"): UTF-16/UTF-32 byte order marks, zip and gzip signatures, NUL
/// bytes (UTF-16 text and binary files have them; CSV text never does). A UTF-8 byte order mark is fine.
/// </summary>
internal static class Utf8Sniffing
{
    /// <summary>Bytes looked at for NUL bytes.</summary>
    public const int SniffedBytes = 1 << 16;

    // UTF-32 LE starts like UTF-16 LE (FF FE 00 00).
    private static ReadOnlySpan<byte> Utf16Le => [0xFF, 0xFE];
    private static ReadOnlySpan<byte> Utf16Be => [0xFE, 0xFF];
    private static ReadOnlySpan<byte> Utf32Be => [0x00, 0x00, 0xFE, 0xFF];
    private static ReadOnlySpan<byte> Gzip => [0x1F, 0x8B];

    /// <summary>What is wrong (one of the Messages.Found… texts), or null when the start looks like UTF-8 text.</summary>
    public static string? Problem(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith(Utf16Le) || start.StartsWith(Utf16Be) || start.StartsWith(Utf32Be))
            return Messages.FoundUtf16Or32;
        if (start.StartsWith("PK\x03\x04"u8) || start.StartsWith("PK\x05\x06"u8) || start.StartsWith("PK\x07\x08"u8)) return Messages.FoundZip;
        if (start.StartsWith(Gzip)) return Messages.FoundGzip;
        if (start[..Math.Min(start.Length, SniffedBytes)].Contains((byte)0)) return Messages.FoundNulBytes;
        return null;
    }
}
