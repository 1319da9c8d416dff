using System.Buffers.Text;
using System.Text;

namespace Modeling.Simulation.Generation;

/// <summary>
/// A growable UTF-8 CSV buffer with culture-free, allocation-free formatting of the few value types the files hold.
/// Every value is followed by a comma; <see cref="EndRow"/> turns the last comma into a newline.
/// Values are plain ASCII without commas or quotes, so no CSV quoting is needed.
/// </summary>
internal sealed class RowBuffer
{
    private byte[] _bytes;
    private int _length;

    public RowBuffer(int capacity = 1 << 16) => _bytes = new byte[capacity];

    public int Length => _length;
    public long Rows { get; private set; }
    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public void Clear()
    {
        _length = 0;
        Rows = 0;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + count));
        return _bytes.AsSpan(_length);
    }

    private void Comma() => _bytes[_length++] = (byte)',';

    /// <summary>An ASCII text value (ids, names, enums).</summary>
    public RowBuffer Text(string value)
    {
        var span = Reserve(value.Length + 1);
        for (int i = 0; i < value.Length; i++) span[i] = (byte)value[i];
        _length += value.Length;
        Comma();
        return this;
    }

    /// <summary>Pre-encoded bytes of a value.</summary>
    public RowBuffer Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(Reserve(value.Length + 1));
        _length += value.Length;
        Comma();
        return this;
    }

    public RowBuffer Empty()
    {
        Reserve(1);
        Comma();
        return this;
    }

    public RowBuffer Int(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(21), out int written);
        _length += written;
        Comma();
        return this;
    }

    public RowBuffer Bool(bool value) => Bytes(value ? "true"u8 : "false"u8);

    /// <summary>A date as YYYY-MM-DD from a day number.</summary>
    public RowBuffer Date(int dayNumber)
    {
        var span = Reserve(11);
        WriteDate(span, DateOnly.FromDayNumber(dayNumber));
        _length += 10;
        Comma();
        return this;
    }

    /// <summary>
    /// An instant (seconds since 0001-01-01 UTC, i.e. day number × 86400 + seconds of day) as ISO-8601 with
    /// <c>Z</c> (offset 0) or with the given offset in minutes, e.g. 2024-03-05T16:23:11+02:00.
    /// </summary>
    public RowBuffer Timestamp(long utcSeconds, int offsetMinutes)
    {
        long local = utcSeconds + offsetMinutes * 60L;
        int day = (int)(local / 86400);
        int secondOfDay = (int)(local - day * 86400L);
        var span = Reserve(26);
        WriteDate(span, DateOnly.FromDayNumber(day));
        span[10] = (byte)'T';
        Two(span[11..], secondOfDay / 3600);
        span[13] = (byte)':';
        Two(span[14..], secondOfDay / 60 % 60);
        span[16] = (byte)':';
        Two(span[17..], secondOfDay % 60);
        if (offsetMinutes == 0)
        {
            span[19] = (byte)'Z';
            _length += 20;
        }
        else
        {
            int abs = Math.Abs(offsetMinutes);
            span[19] = offsetMinutes > 0 ? (byte)'+' : (byte)'-';
            Two(span[20..], abs / 60);
            span[22] = (byte)':';
            Two(span[23..], abs % 60);
            _length += 25;
        }
        Comma();
        return this;
    }

    public void EndRow()
    {
        _bytes[_length - 1] = (byte)'\n';
        Rows++;
    }

    /// <summary>Writes a header line from column names.</summary>
    public static byte[] Header(IEnumerable<string> columns) => Encoding.UTF8.GetBytes(string.Join(',', columns) + "\n");

    private static void WriteDate(Span<byte> span, DateOnly date)
    {
        int y = date.Year;
        span[0] = (byte)('0' + y / 1000);
        span[1] = (byte)('0' + y / 100 % 10);
        span[2] = (byte)('0' + y / 10 % 10);
        span[3] = (byte)('0' + y % 10);
        span[4] = (byte)'-';
        Two(span[5..], date.Month);
        span[7] = (byte)'-';
        Two(span[8..], date.Day);
    }

    private static void Two(Span<byte> span, int value)
    {
        span[0] = (byte)('0' + value / 10);
        span[1] = (byte)('0' + value % 10);
    }
}
