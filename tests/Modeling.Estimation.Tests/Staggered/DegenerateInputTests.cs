using Modeling.Estimation.Data;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Staggered;

namespace Modeling.Estimation.Tests.Staggered;

/// <summary>Degenerate input gets a clear EstimationException whose text is exactly the one in <see cref="StaggeredDidMessages"/>.</summary>
public sealed class DegenerateInputTests
{
    /// <summary>A balanced panel: one unit per cohort entry, periods 1..periods, outcome = unit + 0.1·t + (t ≥ g).</summary>
    private static PanelData Panel(int[] cohorts, int periods = 4, Func<int, int, double>? outcome = null,
        Dictionary<string, Func<int, int, double>>? covariates = null)
    {
        var unit = new List<int>(); var time = new List<int>(); var y = new List<double>(); var g = new List<int>();
        var cov = covariates?.ToDictionary(kv => kv.Key, _ => new List<double>());
        for (int i = 0; i < cohorts.Length; i++)
            for (int t = 1; t <= periods; t++)
            {
                unit.Add(i); time.Add(t); g.Add(cohorts[i]);
                y.Add(outcome?.Invoke(i, t) ?? i + 0.1 * t + (cohorts[i] > 0 && t >= cohorts[i] ? 1 : 0) + 0.01 * ((i * 7 + t * 3) % 5));
                if (covariates is not null) foreach (var (name, f) in covariates) cov![name].Add(f(i, t));
            }
        return new PanelData(unit, time, y, Enumerable.Range(0, cohorts.Length).Select(i => $"u{i}").ToArray(), g,
            covariates: cov?.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value), outcomeName: "y");
    }

    private static void Throws(string expected, Action fit) => Assert.Equal(expected, Assert.Throws<EstimationException>(fit).Message);

    private static readonly StaggeredDid Estimator = new() { Bootstrap = null };

    [Fact]
    public void A_working_small_panel_fits() => Assert.Equal(3, Estimator.Fit(Panel([0, 0, 3, 3])).GroupTime.Count);

    [Fact]
    public void No_never_treated_units_with_never_treated_controls() =>
        Throws(StaggeredDidMessages.NoNeverTreated, () => Estimator.Fit(Panel([2, 2, 3, 3])));

    [Fact]
    public void The_exact_text_of_the_never_treated_message() =>
        Assert.Equal("The staggered DiD with never-treated controls needs at least one never-treated unit (cohort 0). Got none; use ControlGroup.NotYetTreated or add never-treated units.",
            StaggeredDidMessages.NoNeverTreated);

    [Theory]
    [InlineData(ControlGroup.NeverTreated)]
    [InlineData(ControlGroup.NotYetTreated)]
    public void A_single_cohort_without_controls(ControlGroup control) =>
        Throws("The panel has a single cohort (first treated in period 3) and no never-treated units: there are no controls to compare it with.",
            () => (Estimator with { ControlGroup = control }).Fit(Panel([3, 3, 3])));

    [Fact]
    public void Not_yet_treated_controls_that_are_never_observed()
    {
        // Cohorts 2 and 3, no never-treated: did keeps periods before 3; the cohort-3 units are unobserved there.
        var p = Panel([2, 2, 3, 3], periods: 3);
        var keep = Enumerable.Range(0, p.Count).Where(r => !(p.Cohort![r] == 3 && p.Time[r] < 3)).ToArray();
        var gappy = new PanelData(keep.Select(r => p.Unit[r]).ToArray(), keep.Select(r => p.Time[r]).ToArray(),
            keep.Select(r => p.Outcome[r]).ToArray(), p.UnitLabels, keep.Select(r => p.Cohort![r]).ToArray());
        Throws(StaggeredDidMessages.NoNotYetTreatedControls, () => (Estimator with { ControlGroup = ControlGroup.NotYetTreated }).Fit(gappy));
    }

    [Fact]
    public void Fewer_than_two_clusters() =>
        Throws("The staggered DiD needs at least 2 clusters (units). Got 1 instead.", () => Estimator.Fit(Panel([3])));

    [Fact]
    public void All_zero_outcome() =>
        Throws("The outcome 'y' is 0 in every row: there is no variation to estimate an effect from.",
            () => Estimator.Fit(Panel([0, 0, 3, 3], outcome: (_, _) => 0)));

    [Fact]
    public void NaN_outcome() =>
        Throws("The outcome 'y' must be a finite number. Got NaN at row 6 (unit 'u1', period 3) instead.",
            () => Estimator.Fit(Panel([0, 0, 3, 3], outcome: (i, t) => i == 1 && t == 3 ? double.NaN : i + t)));

    [Fact]
    public void Infinite_covariate() =>
        Throws("The covariate 'size' must be a finite number. Got Infinity at row 9 (unit 'u2', period 2) instead.",
            () => (Estimator with { Covariates = ["size"] }).Fit(Panel([0, 0, 3, 3],
                covariates: new() { ["size"] = (i, t) => i == 2 && t == 2 ? double.PositiveInfinity : i })));

    [Fact]
    public void Cohort_not_constant_within_a_unit()
    {
        var p = Panel([0, 0, 3, 3]);
        var cohort = p.Cohort!.ToArray();
        cohort[10] = 4;   // unit u2, period 3
        Throws("The cohort must be constant within a unit. Unit 'u2' has cohort 3 at row 8 and 4 at row 10.", () => Estimator.Fit(p.WithCohort(cohort)));
    }

    [Fact]
    public void No_pre_period_for_any_cohort() =>
        Throws("No cohort has a pre-treatment period: every cohort is first treated at or before period 1 + 0 anticipation period(s).",
            () => Estimator.Fit(Panel([0, 0, 1, 1])));

    [Fact]
    public void No_pre_period_once_anticipation_is_allowed() =>
        Throws("No cohort has a pre-treatment period: every cohort is first treated at or before period 1 + 1 anticipation period(s).",
            () => (Estimator with { Anticipation = 1 }).Fit(Panel([0, 0, 2, 2])));

    [Fact]
    public void No_treated_cohort() =>
        Throws(StaggeredDidMessages.NoTreatedCohort, () => Estimator.Fit(Panel([0, 0, 9])));

    [Fact]
    public void Missing_cohort_column()
    {
        var p = Panel([0, 0, 3, 3]);
        var noCohort = new PanelData(p.Unit, p.Time, p.Outcome, p.UnitLabels);
        Throws(StaggeredDidMessages.MissingCohort, () => Estimator.Fit(noCohort));
    }

    [Fact]
    public void Unknown_covariate() =>
        Throws("The covariate 'size' is not in the panel. Available covariates: [].", () => (Estimator with { Covariates = ["size"] }).Fit(Panel([0, 0, 3, 3])));

    [Fact]
    public void Duplicate_rows()
    {
        var p = Panel([0, 0, 3, 3]);
        var dup = new PanelData(p.Unit.Append(1).ToArray(), p.Time.Append(2).ToArray(), p.Outcome.Append(5.0).ToArray(), p.UnitLabels, p.Cohort!.Append(0).ToArray());
        Throws("Unit 'u1' has two rows for period 2 (rows 5 and 16); the panel must have one row per unit and period.", () => Estimator.Fit(dup));
    }

    [Fact]
    public void Log_scale_needs_positive_outcomes() =>
        Throws("The outcome 'y' must be greater than 0 on the log scale. Got 0 at row 0 (unit 'u0', period 1) instead; use EffectScale.Ratio for counts with zeros.",
            () => (Estimator with { Scale = EffectScale.Log }).Fit(Panel([0, 0, 3, 3], outcome: (i, t) => i + t - 1)));

    [Fact]
    public void Invalid_options()
    {
        var p = Panel([0, 0, 3, 3]);
        Throws("The 'ConfidenceLevel' parameter of StaggeredDid must be in (0, 1). Got 1.5 instead.", () => (Estimator with { ConfidenceLevel = 1.5 }).Fit(p));
        Throws("The 'Anticipation' parameter of StaggeredDid must be 0 or more periods. Got -1 instead.", () => (Estimator with { Anticipation = -1 }).Fit(p));
        Throws("The 'Draws' parameter of Bootstrap must be at least 100. Got 10 instead.", () => (Estimator with { Bootstrap = new Bootstrap(Draws: 10) }).Fit(p));
    }

    [Fact]
    public void Units_treated_in_the_first_period_are_dropped_and_counted()
    {
        var r = Estimator.Fit(Panel([0, 0, 1, 3, 3]));
        Assert.Equal(1, r.DroppedUnitCount);
        Assert.Equal(4, r.UnitCount);
    }
}
