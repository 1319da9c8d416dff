namespace Modeling.Ingest.Csv;

/// <summary>
/// How far one quoted field may run, so that a stray quote cannot swallow the rest of a file. A quoted field is broken
/// when its closing quote does not come within <see cref="MaxBytes"/> bytes of its opening quote, nor before its
/// <see cref="MaxLineFeeds"/> + 1st line feed, nor before the end of the file; a record whose quoted field spans lines and
/// is followed by text other than a comma or line end (a stray quote closed by a later one) is broken too. A broken record
/// is its first physical line alone (rejected as <c>malformed_csv</c>), and reading resumes on the next line. Any RFC 4180
/// file whose quoted fields hold up to 100 line breaks and 64 KiB each is read exactly as the RFC says.
/// <see cref="CsvRecordReader"/> and <see cref="CsvChunker"/> apply these same rules.
/// </summary>
internal static class QuotedFieldBounds
{
    /// <summary>Line feeds a quoted field may hold.</summary>
    public const int MaxLineFeeds = 100;

    /// <summary>Bytes from a field's opening quote to its closing quote, at most.</summary>
    public const int MaxBytes = 1 << 16;
}
