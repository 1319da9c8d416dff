using System.Buffers;
using System.Globalization;
using System.Text;
using Modeling.Panel;
using Xunit;

namespace Modeling.Panel.Tests;

/// <summary>panel.csv's numbers must be exactly <c>double.ToString("R")</c> (invariant), whatever path formats them.</summary>
public class CsvNumberTests
{
    public static TheoryData<double> EdgeValues() =>
    [
        0.0, -0.0, 1.0, -1.0, 42.0, 0.1, 1.0 / 3.0, -2.5, 123456789.0, 999999999999999.0, 1e15, -1e15, 1e15 + 2,
        1e16, 1e300, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, long.MaxValue, (double)long.MinValue,
        double.PositiveInfinity, double.NegativeInfinity, 0.5, 4503599627370496.5, 9007199254740993.0, 1e-7, 12.000000000000002,
    ];

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void MatchesRoundTripFormatting(double value) =>
        Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), Format(value));

    [Fact]
    public void MatchesRoundTripFormattingOnRandomValues()
    {
        var random = new Random(20261129);
        for (int i = 0; i < 100_000; i++)
        {
            double value = (i % 4) switch
            {
                0 => random.Next(-1_000_000, 1_000_000),
                1 => random.NextDouble() * 1000,
                2 => Math.Round(random.NextDouble() * 1e6, random.Next(0, 4)),
                _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
            };
            if (double.IsNaN(value)) continue;
            Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), Format(value));
        }
    }

    [Fact]
    public void NaNIsEmpty() => Assert.Equal("", Format(double.NaN));

    private static string Format(double value)
    {
        var output = new ArrayBufferWriter<byte>();
        CsvNumber.Write(output, value);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
