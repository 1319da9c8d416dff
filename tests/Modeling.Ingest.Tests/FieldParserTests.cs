using System.Text;
using Modeling.Ingest.Parsing;

namespace Modeling.Ingest.Tests;

public class FieldParserTests
{
    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2025-02-29", false)]
    [InlineData("2025-02-30", false)]
    [InlineData("2025-13-01", false)]
    [InlineData("2025-1-01", false)]
    [InlineData("01/02/2025", false)]
    [InlineData("", false)]
    public void Dates(string text, bool valid) => Assert.Equal(valid, FieldParser.TryDate(Encoding.UTF8.GetBytes(text), out _));

    [Theory]
    [InlineData("2025-03-01T14:05:00Z", "2025-03-01T14:05:00.0000000Z")]
    [InlineData("2025-03-01T14:05:00+02:00", "2025-03-01T12:05:00.0000000Z")]
    [InlineData("2025-03-01T00:30-0130", "2025-03-01T02:00:00.0000000Z")]
    [InlineData("2025-03-01 14:05:00.1234567Z", "2025-03-01T14:05:00.1234567Z")]
    [InlineData("2025-03-01T14:05:00.123456789+00", "2025-03-01T14:05:00.1234567Z")]
    public void Timestamps_are_converted_to_utc(string text, string expectedUtc)
    {
        Assert.True(FieldParser.TryTimestamp(Encoding.UTF8.GetBytes(text), out var utc));
        Assert.Equal(expectedUtc, utc.ToString("O"));
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData("2025-03-01T14:05:00")] // no offset: zone unknown
    [InlineData("2025-03-01")]
    [InlineData("2025-02-30T14:05:00Z")]
    [InlineData("2025-03-01T24:00:00Z")]
    [InlineData("2025-03-01T14:05:00ZZ")]
    public void Timestamps_without_offset_or_impossible_are_invalid(string text) =>
        Assert.False(FieldParser.TryTimestamp(Encoding.UTF8.GetBytes(text), out _));

    [Theory]
    [InlineData("0", "Ok", 0)]
    [InlineData("2147483647", "Ok", int.MaxValue)]
    [InlineData("-3", "Negative", 0)]
    [InlineData("2147483648", "Invalid", 0)]
    [InlineData("3.0", "Invalid", 0)]
    [InlineData("three", "Invalid", 0)]
    public void Counts(string text, string expected, int value)
    {
        Assert.Equal(expected, FieldParser.TryCount(Encoding.UTF8.GetBytes(text), out var v).ToString());
        Assert.Equal(value, v);
    }

    [Theory]
    [InlineData("true", true, true)]
    [InlineData("FALSE", true, false)]
    [InlineData("1", true, true)]
    [InlineData("0", true, false)]
    [InlineData("maybe", false, false)]
    [InlineData("yes", false, false)]
    public void Booleans(string text, bool valid, bool value)
    {
        Assert.Equal(valid, FieldParser.TryBoolean(Encoding.UTF8.GetBytes(text), out var v));
        Assert.Equal(value, v);
    }
}
