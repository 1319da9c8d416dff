using Modeling.Estimation.Data;
using Modeling.Estimation.Regression;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Estimation.Tests.TwoWayFixedEffects;

/// <summary>Degenerate input gets a clear message (exact text from <see cref="Messages"/>).</summary>
public sealed class TwfeMessageTests
{
    /// <summary>units × 4 periods; unit u adopts in cohort[u] (0 = never); y = 1 + u + t (+ 2 when treated).</summary>
    private static PanelData Panel(int[] cohorts, Func<int, int, double>? outcome = null)
    {
        var unit = new List<int>(); var time = new List<int>(); var y = new List<double>(); var cohort = new List<int>();
        for (int u = 0; u < cohorts.Length; u++)
            for (int t = 1; t <= 4; t++)
            {
                unit.Add(u); time.Add(t); cohort.Add(cohorts[u]);
                y.Add(outcome?.Invoke(u, t) ?? 1 + u + t + (cohorts[u] != 0 && t >= cohorts[u] ? 2 : 0) + 0.1 * ((u * 7 + t * 3) % 5));
            }
        return new PanelData(unit, time, y, [.. cohorts.Select((_, u) => $"team{u}")], cohort);
    }

    private static string Error(Action act) => Assert.Throws<EstimationException>(act).Message;

    [Fact]
    public void Fewer_than_two_clusters()
    {
        Assert.Equal("Team-clustered standard errors need at least 2 clusters (units). Got 1 instead.",
            Error(() => new Twfe().Fit(Panel([3]))));
    }

    [Fact]
    public void All_zero_outcome_in_poisson()
    {
        Assert.Equal("The outcome 'y' is zero in every observation: a Poisson model has no finite solution.",
            Error(() => new Twfe { Model = TwfeModel.Poisson }.Fit(Panel([0, 3, 2], (_, _) => 0))));
    }

    [Fact]
    public void Negative_count_in_poisson()
    {
        Assert.Equal("Poisson regression needs a non-negative outcome, but 'y' is -1 at row 5.",
            Error(() => new Twfe { Model = TwfeModel.Poisson }.Fit(Panel([0, 3, 2], (u, t) => u == 1 && t == 2 ? -1 : 3))));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Non_finite_outcome(double bad, string shown)
    {
        Assert.Equal($"The 'y' column has the non-finite value {shown} at row 6; every value must be a finite number.",
            Error(() => new Twfe().Fit(Panel([0, 3, 2], (u, t) => u == 1 && t == 3 ? bad : u + t))));
    }

    [Fact]
    public void No_treated_observations()
    {
        Assert.Equal("No observation is treated ('treated' is 0 everywhere): the treatment effect is not identified.",
            Error(() => new Twfe().Fit(Panel([0, 0, 0, 9]))));
    }

    [Fact]
    public void Treatment_collinear_with_fixed_effects()
    {
        // Everyone adopts in period 3 and nobody never does: the indicator is a period dummy.
        Assert.Equal("The treatment 'treated' is collinear with the unit and period fixed effects (for example every unit adopts in the same period and none never does): its effect is not identified.",
            Error(() => new Twfe().Fit(Panel([3, 3, 3]))));
    }

    [Fact]
    public void Missing_cohort_and_covariate()
    {
        var p = Panel([0, 3, 2]);
        var noCohort = new PanelData(p.Unit, p.Time, p.Outcome, p.UnitLabels);
        Assert.Equal("TWFE needs the cohort column (first treated period, 0 = never treated), but the panel has none.",
            Error(() => new Twfe().Fit(noCohort)));
        Assert.Equal("The covariate 'size' is not in the panel. Available: none.",
            Error(() => new Twfe { Covariates = ["size"] }.Fit(p)));
    }

    [Fact]
    public void Covariate_collinear_with_fixed_effects_is_dropped_and_reported()
    {
        var p = Panel([0, 3, 2, 0, 4]);
        var withConstantCovariate = new PanelData(p.Unit, p.Time, p.Outcome, p.UnitLabels, p.Cohort, null,
            new Dictionary<string, IReadOnlyList<double>> { ["team_size"] = [.. p.Unit.Select(u => 5.0 + u)] });
        var result = new Twfe { Covariates = ["team_size"] }.Fit(withConstantCovariate);
        Assert.Equal([new DroppedTerm("team_size", DropReason.CollinearWithFixedEffects)], result.DroppedTerms);
        Assert.Equal([Twfe.TreatedTerm], result.Coefficients.Select(c => c.Term));
    }

    [Fact]
    public void Event_study_without_never_treated_drops_one_more_dummy_and_says_so()
    {
        // Without never-treated units, relative time = period − cohort makes one extra dummy collinear.
        var result = new Twfe { Specification = TwfeSpecification.EventStudy }.Fit(Panel([2, 3, 4, 2, 3]));
        Assert.Single(result.DroppedTerms);
        Assert.Equal(DropReason.CollinearWithRegressors, result.DroppedTerms[0].Reason);
    }

    [Fact]
    public void Poisson_reports_all_zero_units_and_periods_it_drops()
    {
        // team1 is zero throughout; period 1 is zero for every team.
        var p = Panel([0, 0, 3, 2, 0, 4], (u, t) => u == 1 || t == 1 ? 0 : 1 + (u * 5 + t * 3) % 7);
        var result = new Twfe { Model = TwfeModel.Poisson }.Fit(p);
        Assert.Equal(["team1"], result.DroppedUnits);
        Assert.Equal([1], result.DroppedPeriods);
        Assert.Equal(4 + 5, result.DroppedObservationCount);
        Assert.Equal(24 - 9, result.ObservationCount);
    }
}
