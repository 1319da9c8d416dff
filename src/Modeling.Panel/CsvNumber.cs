using System.Buffers;
using System.Globalization;

namespace Modeling.Panel;

/// <summary>
/// A double in panel.csv: the shortest round-trip form (<c>ToString("R")</c>, invariant culture), empty for NaN.
/// Whole numbers below 10^15 (counts, members, ordinals: about half of the panel) are written as integers, which
/// is the same text, several times faster.
/// </summary>
internal static class CsvNumber
{
    // "R" switches to exponent notation at 1E+15; below that, a whole double prints as its integer digits.
    private const double PlainIntegerLimit = 1e15;

    public static void Write(IBufferWriter<byte> output, double value)
    {
        if (double.IsNaN(value)) return;
        var span = output.GetSpan(32);
        int written;
        bool formatted = IsPlainInteger(value)
            ? ((long)value).TryFormat(span, out written, default, CultureInfo.InvariantCulture)
            : value.TryFormat(span, out written, "R", CultureInfo.InvariantCulture);
        if (!formatted) throw new InvalidOperationException($"Could not format {value} for CSV.");
        output.Advance(written);
    }

    private static bool IsPlainInteger(double value) =>
        Math.Abs(value) < PlainIntegerLimit && value == Math.Truncate(value) && !IsNegativeZero(value);

    private static bool IsNegativeZero(double value) => value == 0 && double.IsNegative(value);
}
