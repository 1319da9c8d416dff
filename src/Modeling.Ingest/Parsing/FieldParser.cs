using System.Buffers.Text;

namespace Modeling.Ingest.Parsing;

/// <summary>Parsers for the CONTRACT §1 value formats, straight from UTF-8 bytes (no strings, no culture).</summary>
internal static class FieldParser
{
    /// <summary><c>YYYY-MM-DD</c>, a real calendar date (2025-02-30 fails).</summary>
    public static bool TryDate(ReadOnlySpan<byte> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return false;
        if (!TryDigits(s[..4], out var y) || !TryDigits(s.Slice(5, 2), out var m) || !TryDigits(s.Slice(8, 2), out var d)) return false;
        if (y < 1 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        date = new DateOnly(y, m, d);
        return true;
    }

    /// <summary>
    /// ISO-8601 date-time with an offset or Z: <c>YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM|±HH)</c>
    /// (a space instead of T is accepted). Converted to UTC. A value without offset is rejected: its zone is unknown.
    /// </summary>
    public static bool TryTimestamp(ReadOnlySpan<byte> s, out DateTime utc)
    {
        utc = default;
        if (s.Length < 17 || !TryDate(s[..10], out var date) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return false;
        if (s[13] != ':' || !TryDigits(s.Slice(11, 2), out var hh) || !TryDigits(s.Slice(14, 2), out var mm)) return false;
        var p = 16;
        var ss = 0;
        long fractionTicks = 0;
        if (p < s.Length && s[p] == ':')
        {
            if (s.Length < p + 3 || !TryDigits(s.Slice(p + 1, 2), out ss)) return false;
            p += 3;
            if (p < s.Length && (s[p] == '.' || s[p] == ','))
            {
                p++;
                var digits = 0;
                long scale = TimeSpan.TicksPerSecond;
                while (p < s.Length && IsDigit(s[p]))
                {
                    if (digits < 7) { scale /= 10; fractionTicks += (s[p] - '0') * scale; }
                    digits++;
                    p++;
                }
                if (digits == 0) return false;
            }
        }
        if (hh > 23 || mm > 59 || ss > 59) return false;
        if (p >= s.Length) return false; // no offset
        TimeSpan offset;
        if (s[p] == 'Z' || s[p] == 'z')
        {
            if (p + 1 != s.Length) return false;
            offset = TimeSpan.Zero;
        }
        else if (s[p] == '+' || s[p] == '-')
        {
            var rest = s[(p + 1)..];
            int oh, om = 0;
            if (rest.Length == 2 && TryDigits(rest, out oh)) { }
            else if (rest.Length == 4 && TryDigits(rest[..2], out oh) && TryDigits(rest[2..], out om)) { }
            else if (rest.Length == 5 && rest[2] == ':' && TryDigits(rest[..2], out oh) && TryDigits(rest[3..], out om)) { }
            else return false;
            if (oh > 18 || om > 59) return false;
            offset = new TimeSpan(oh, om, 0);
            if (s[p] == '-') offset = -offset;
        }
        else return false;
        var local = date.ToDateTime(new TimeOnly(hh, mm, ss)).Ticks + fractionTicks;
        var ticks = local - offset.Ticks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>Result of reading a count: a value, a negative number, or not a whole number at all.</summary>
    public enum CountResult { Ok, Negative, Invalid }

    /// <summary>A whole number that fits in 32 bits; negative numbers are told apart (rule negative_count).</summary>
    public static CountResult TryCount(ReadOnlySpan<byte> s, out int value)
    {
        // Plain digits, the usual form, without the general parser (up to 9 digits cannot overflow).
        if (s.Length is > 0 and <= 9 && TryDigits(s, out value)) return CountResult.Ok;
        if (Utf8Parser.TryParse(s, out long v, out var consumed) && consumed == s.Length && s.Length > 0)
        {
            if (v < 0) { value = 0; return CountResult.Negative; }
            if (v <= int.MaxValue) { value = (int)v; return CountResult.Ok; }
        }
        value = 0;
        return CountResult.Invalid;
    }

    /// <summary><c>true</c>/<c>false</c>/<c>1</c>/<c>0</c> (true/false in any letter case).</summary>
    public static bool TryBoolean(ReadOnlySpan<byte> s, out bool value)
    {
        value = false;
        if (s.Length == 1)
        {
            if (s[0] == '1') { value = true; return true; }
            return s[0] == '0';
        }
        if (System.Text.Ascii.EqualsIgnoreCase(s, "true"u8)) { value = true; return true; }
        return System.Text.Ascii.EqualsIgnoreCase(s, "false"u8);
    }

    /// <summary>A finite decimal number, invariant format.</summary>
    public static bool TryDouble(ReadOnlySpan<byte> s, out double value) =>
        Utf8Parser.TryParse(s, out value, out var consumed) && consumed == s.Length && s.Length > 0 && double.IsFinite(value);

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool TryDigits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var b in s)
        {
            if (!IsDigit(b)) return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }
}
