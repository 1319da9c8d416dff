using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.Tests.MachineLearning;

/// <summary>E-values against the published examples.</summary>
public class EValueTests
{
    [Fact]
    public void Breastfeeding_example_of_VanderWeele_and_Ding_2017()
    {
        // VanderWeele & Ding (2017), Ann Intern Med 167:268, worked example: RR 3.9 (95% CI 1.8–8.7) → E-value 7.2 for
        // the estimate and 3.0 for the lower limit. Exact values: 3.9 + √(3.9·2.9) = 7.2630, 1.8 + √(1.8·0.8) = 3.0.
        var e = EValue.ForRatio(3.9, 1.8, 8.7);
        Assert.Equal(7.2630, e.Point, 4);
        Assert.Equal(3.0, e.ConfidenceLimit, 10);
    }

    [Fact]
    public void Protective_ratio_is_inverted_first_as_in_R_EValue()
    {
        // R package EValue, evalues.RR(0.80, lo = 0.71, hi = 0.91): point 1.81, CI 1.43 (documentation example).
        var e = EValue.ForRatio(0.80, 0.71, 0.91);
        Assert.Equal(1.809, e.Point, 3);
        Assert.Equal(1.429, e.ConfidenceLimit, 3);
    }

    [Fact]
    public void An_interval_containing_1_has_confidence_limit_E_value_1()
    {
        var e = EValue.ForRatio(1.2, 0.9, 1.6);
        Assert.Equal(1.0, e.ConfidenceLimit);
        Assert.Equal(1.0, EValue.Of(1.0));
    }

    [Fact]
    public void Non_positive_ratios_are_refused_with_a_clear_message()
    {
        var error = Assert.Throws<EstimationException>(() => EValue.ForRatio(0, 0.5, 2));
        Assert.Equal("The E-value needs a positive multiplier. Got 0 instead.", error.Message);
        error = Assert.Throws<EstimationException>(() => EValue.ForRatio(1.5, -0.1, 2));
        Assert.Equal("The E-value needs a positive lower confidence limit. Got -0.1 instead.", error.Message);
    }
}
