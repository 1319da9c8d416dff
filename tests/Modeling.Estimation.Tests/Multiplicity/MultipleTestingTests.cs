using Modeling.Estimation.Inference;

namespace Modeling.Estimation.Tests.Multiplicity;

public sealed class MultipleTestingTests
{
    [Fact]
    public void Holm_matches_r_p_adjust()
    {
        // R 4.2.2: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2, 0.04), "holm") = 0.05, 0.12, 0.12, 0.03, 0.20, 0.12
        Assert.Equal([0.05, 0.12, 0.12, 0.03, 0.2, 0.12], MultipleTesting.Holm([0.01, 0.04, 0.03, 0.005, 0.2, 0.04]).Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Holm_of_one_test_is_the_test_and_adjusted_values_never_exceed_one()
    {
        Assert.Equal([0.03], MultipleTesting.Holm([0.03]));
        Assert.Equal([1.0, 1.0], MultipleTesting.Holm([0.6, 0.7]));
        Assert.Empty(MultipleTesting.Holm([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MultipleTesting.Holm([0.1, double.NaN]));
    }
}
