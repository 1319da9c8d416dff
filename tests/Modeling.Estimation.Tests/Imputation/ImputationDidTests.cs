using System.Text.Json;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Tests.Regression;

namespace Modeling.Estimation.Tests.Imputation;

/// <summary>
/// Imputation estimator against Fixtures/imputation_oracle.R (dense model matrices in R, lm/glm fits on untreated
/// rows). Tolerance 1e-6 relative on estimates and SEs.
/// </summary>
public sealed class ImputationDidTests
{
    private const double Tolerance = 1e-6;

    private static JsonElement Oracle(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.FixturePath("imputation_oracle.json")));
        return doc.RootElement.GetProperty("cases").GetProperty(name).Clone();
    }

    private static void AssertMatches(string name, Inference.Effect effect, int clusters)
    {
        var o = Oracle(name);
        TestData.Close(o.GetProperty("estimate").GetDouble(), effect.Estimate, Tolerance, name + " estimate");
        TestData.Close(o.GetProperty("std_error").GetDouble(), effect.StandardError, Tolerance, name + " SE");
        Assert.Equal(o.GetProperty("n_clusters").GetInt32(), clusters);
    }

    private static PanelData Mpdta()
    {
        var t = TestData.Mpdta();
        return TestData.Panel(t, "countyreal", "year", "lemp", cohort: t.Ints("first.treat"));
    }

    private static PanelData Counts()
    {
        var t = TestData.CountPanel();
        return TestData.Panel(t, "unit", "period", "y", cohort: t.Ints("cohort"));
    }

    [Fact]
    public void Mpdta_linear_form_matches_overall_and_by_horizon()
    {
        var r = new ImputationDid { Form = ImputationForm.Linear }.Fit(Mpdta());
        AssertMatches("mpdta_linear", r.Overall, r.ClusterCount);
        Assert.Equal(Oracle("mpdta_linear").GetProperty("n_untreated").GetInt32(), r.UntreatedObservations);
        Assert.Equal(291, r.ImputedObservations);
        AssertMatches("mpdta_linear_e0", r.ByHorizon.Single(h => h.RelativeTime == 0).Effect, r.ClusterCount);
        AssertMatches("mpdta_linear_e3", r.ByHorizon.Single(h => h.RelativeTime == 3).Effect, r.ClusterCount);
    }

    [Fact]
    public void Log_form_on_exponentiated_outcome_equals_linear_form_on_the_log()
    {
        var panel = Mpdta();
        var linear = new ImputationDid { Form = ImputationForm.Linear }.Fit(panel);
        var log = new ImputationDid { Form = ImputationForm.Log }.Fit(panel.WithOutcome([.. panel.Outcome.Select(Math.Exp)], "emp"));
        Assert.Equal(linear.Overall.Estimate, log.Overall.Estimate, 1e-10);
        Assert.Equal(linear.Overall.StandardError, log.Overall.StandardError, 1e-10);
        Assert.Equal(Math.Exp(log.Overall.Estimate), log.Multiplier.Value, 14);
    }

    [Fact]
    public void Count_poisson_form_matches_and_recovers_the_simulated_multiplier()
    {
        var r = new ImputationDid { Form = ImputationForm.Poisson }.Fit(Counts());
        AssertMatches("count_poisson", r.Overall, r.ClusterCount);
        AssertMatches("count_poisson_e2", r.ByHorizon.Single(h => h.RelativeTime == 2).Effect, r.ClusterCount);
        Assert.Equal(Oracle("count_poisson").GetProperty("n_untreated").GetInt32(), r.UntreatedObservations);
        // make_count_panel.R: true multiplier exp(0.3) ≈ 1.35; the 95% interval covers it.
        Assert.InRange(Math.Exp(0.3), r.Multiplier.CiLow, r.Multiplier.CiHigh);
    }

    [Fact]
    public void Count_linear_form_matches()
    {
        var r = new ImputationDid { Form = ImputationForm.Linear }.Fit(Counts());
        AssertMatches("count_linear", r.Overall, r.ClusterCount);
    }

    [Fact]
    public void Leave_out_variance_matches_the_oracle_and_uses_t_on_adopting_units_minus_one()
    {
        var linear = new ImputationDid { Form = ImputationForm.Linear, Variance = ImputationVariance.LeaveUnitOut }.Fit(Mpdta());
        AssertMatches("mpdta_linear_leave_out", linear.Overall, linear.ClusterCount);
        AssertMatches("mpdta_linear_e3_leave_out", linear.ByHorizon.Single(h => h.RelativeTime == 3).Effect, linear.ClusterCount);
        Assert.Equal(Oracle("mpdta_linear_leave_out").GetProperty("n_adopting").GetInt32(), linear.AdoptingUnits);
        Assert.Equal(linear.AdoptingUnits - 1, linear.Overall.DegreesOfFreedom);
        // The t critical value: qt(0.975, df) in R for the adopting units of mpdta (191 − 1 = 190 → 1.972528).
        Assert.Equal(1.972528, linear.Overall.CriticalValue, 5);

        var poisson = new ImputationDid { Form = ImputationForm.Poisson, Variance = ImputationVariance.LeaveUnitOut }.Fit(Counts());
        AssertMatches("count_poisson_leave_out", poisson.Overall, poisson.ClusterCount);
        AssertMatches("count_poisson_e2_leave_out", poisson.ByHorizon.Single(h => h.RelativeTime == 2).Effect, poisson.ClusterCount);
        // Leave-out residuals carry each unit's whole error: never a smaller variance than the single average's.
        var around = new ImputationDid { Form = ImputationForm.Poisson }.Fit(Counts());
        Assert.Equal(around.Overall.Estimate, poisson.Overall.Estimate, 14);
        Assert.True(poisson.Overall.StandardError > around.Overall.StandardError);
    }

    [Fact]
    public void A_window_averages_only_its_adopted_periods_and_leaves_the_fit_and_horizons_alone()
    {
        // Linear form: the overall effect is the mean of the imputed differences, so over event times ≥ 1 it is the
        // observation-weighted mean of the horizon estimates from 1 on.
        var all = new ImputationDid { Form = ImputationForm.Linear }.Fit(Mpdta());
        var late = new ImputationDid { Form = ImputationForm.Linear, Window = new AdoptedWindow(FirstEventTime: 1) }.Fit(Mpdta());
        var kept = all.ByHorizon.Where(h => h.RelativeTime >= 1).ToArray();
        Assert.Equal(kept.Sum(h => h.Effect.Estimate * h.Observations) / kept.Sum(h => h.Observations), late.Overall.Estimate, 12);
        Assert.Equal(all.ByHorizon.Select(h => h.Effect.Estimate), late.ByHorizon.Select(h => h.Effect.Estimate));
        // A deadline before every adoption leaves nothing to average.
        Assert.Equal(Messages.EmptyAdoptedWindow(0, 2003),
            Assert.Throws<EstimationException>(() => new ImputationDid { Form = ImputationForm.Linear, Window = new AdoptedWindow(0, 2003) }.Fit(Mpdta())).Message);
    }

    [Fact]
    public void Leave_out_variance_refuses_a_single_adopting_unit()
    {
        var one = new PanelData([0, 0, 0, 1, 1, 1, 2, 2, 2], [1, 2, 3, 1, 2, 3, 1, 2, 3], [1, 2, 4, 2, 3, 3, 1, 1, 2], ["a", "b", "c"],
            [3, 3, 3, 0, 0, 0, 0, 0, 0]);
        Assert.Equal(Messages.LeaveOutNeedsTwoAdoptingUnits(1),
            Assert.Throws<EstimationException>(() => new ImputationDid { Form = ImputationForm.Linear, Variance = ImputationVariance.LeaveUnitOut }.Fit(one)).Message);
    }

    [Fact]
    public void Degenerate_inputs_have_clear_messages()
    {
        var allTreated = new PanelData([0, 0, 1, 1], [1, 2, 1, 2], [1, 2, 3, 4], ["a", "b"], [1, 1, 1, 1]);
        Assert.Equal("The imputation estimator needs untreated observations (never-treated units or periods before adoption) to fit the fixed effects.",
            Assert.Throws<EstimationException>(() => new ImputationDid().Fit(allTreated)).Message);
        var zero = new PanelData([0, 0, 1, 1], [1, 2, 1, 2], [1, 0, 3, 4], ["a", "b"], [2, 2, 0, 0]);
        Assert.Equal("The log form needs a positive outcome, but 'y' is 0 at row 1.",
            Assert.Throws<EstimationException>(() => new ImputationDid { Form = ImputationForm.Log }.Fit(zero)).Message);
        var late = new PanelData([0, 0, 1, 1, 2, 2], [1, 2, 1, 2, 1, 2], [1, 2, 3, 4, 5, 7], ["a", "b", "c"], [1, 1, 0, 0, 0, 0]); // a is treated throughout
        Assert.Equal("No treated observation has both its unit and its period among the untreated observations, so no outcome without treatment can be imputed.",
            Assert.Throws<EstimationException>(() => new ImputationDid { Form = ImputationForm.Linear }.Fit(late)).Message);
    }
}
