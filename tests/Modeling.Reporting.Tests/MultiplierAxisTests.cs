using Modeling.Reporting.Charts;

namespace Modeling.Reporting.Tests;

/// <summary>Multiplier axes label ticks far enough apart never to collide, whatever the range.</summary>
public sealed class MultiplierAxisTests
{
    [Theory]
    [InlineData(0.9, 12)]     // a 10× target beside estimates near 1 (used to give 1× 1.1× 1.25× 1.5× side by side)
    [InlineData(0.95, 1.4)]
    [InlineData(0.2, 3)]
    [InlineData(0.5, 110)]
    public void Ticks_are_at_least_an_eighth_of_the_axis_apart_and_1_is_always_one(double min, double max)
    {
        var axis = ChartKit.MultiplierAxis("m", min, max);
        var ticks = (double[])axis["tickvals"];
        var range = (double[])axis["range"];
        Assert.Contains(1.0, ticks);
        Assert.True(ticks.Length >= 2, string.Join(", ", ticks));
        double gap = (range[1] - range[0]) / 8;
        for (int i = 1; i < ticks.Length; i++)
            Assert.True(Math.Log10(ticks[i]) - Math.Log10(ticks[i - 1]) >= gap - 1e-12, $"{ticks[i - 1]} and {ticks[i]} too close");
        Assert.Equal(ticks.Length, ((string[])axis["ticktext"]).Length);
    }
}
