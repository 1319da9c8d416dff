namespace Modeling.Simulation.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.Empty(new SimulationOptions().Validate());

    [Fact]
    public void Every_problem_is_listed_with_the_allowed_range()
    {
        var problems = new SimulationOptions { Teams = 3, Months = 5, TrueMultiplier = 0, NeverAdoptingShare = 0.95 }.Validate();
        Assert.Equal(
        [
            "The '--teams' option of simulate must be at least 4. Got 3 instead.",
            "The '--months' option of simulate must be at least 6. Got 5 instead.",
            "The '--true-multiplier' option of simulate must be greater than 0. Got 0 instead.",
            "The '--never-adopting-share' option of simulate must be between 0.05 and 0.9. Got 0.95 instead.",
        ], problems);
    }

    [Fact]
    public void The_adoption_window_leaves_pre_and_post_periods()
    {
        var o = new SimulationOptions { Months = 36 };
        Assert.Equal(7, o.FirstAdoptionMonthIndex);
        Assert.Equal(33, o.LastAdoptionMonthIndex);
        var shortest = new SimulationOptions { Months = 6 };
        Assert.Equal(3, shortest.FirstAdoptionMonthIndex);
        Assert.Equal(3, shortest.LastAdoptionMonthIndex);
    }

    [Fact]
    public void Middle_cohort_reaches_the_true_multiplier_after_the_ramp()
    {
        double k = EffectModel.CohortFactor(10, 4, 16);
        Assert.Equal(1.0, k, 12);
        Assert.Equal(1.3, EffectModel.MergedPrMultiplier(1.3, k, EffectModel.RampMonths - 1), 12);
        Assert.Equal(1.3, EffectModel.MergedPrMultiplier(1.3, k, 20), 12);
        Assert.Equal(Math.Pow(1.3, 0.25), EffectModel.MergedPrMultiplier(1.3, k, 0), 12);
        Assert.Equal(1.0, EffectModel.MergedPrMultiplier(1.3, k, -1), 12);
        Assert.Equal(1.2, EffectModel.CohortFactor(4, 4, 16), 12);
        Assert.Equal(0.8, EffectModel.CohortFactor(16, 4, 16), 12);
    }
}
