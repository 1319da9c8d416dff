using MathNet.Numerics.Distributions;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;

namespace Modeling.Estimation.Tests.Imputation;

/// <summary>Placebo (Conley–Taber) inference for imputation estimates that rest on few adopting units.</summary>
public sealed class ImputationPlaceboTests
{
    /// <summary>
    /// Counts y ~ Poisson(exp(α_u + 0.02·t) · effect after adoption), α_u ~ N(log 8, 0.3), periods 1..20; the first
    /// <paramref name="adopting"/> units adopt in periods 8..14, the other <paramref name="controls"/> never.
    /// </summary>
    private static PanelData Panel(int adopting, int controls, double effect, int seed)
    {
        var random = new Random(seed);
        var unit = new List<int>();
        var time = new List<int>();
        var y = new List<double>();
        var cohort = new List<int>();
        for (int u = 0; u < adopting + controls; u++)
        {
            double alpha = Math.Log(8) + 0.3 * Normal.Sample(random, 0, 1);
            int g = u < adopting ? 8 + u % 7 : PanelData.NeverTreated;
            for (int t = 1; t <= 20; t++)
            {
                double eta = alpha + 0.02 * t + (g != PanelData.NeverTreated && t >= g ? Math.Log(effect) : 0);
                unit.Add(u);
                time.Add(t);
                y.Add(Poisson.Sample(random, Math.Exp(eta)));
                cohort.Add(g);
            }
        }
        return new PanelData(unit, time, y, [.. Enumerable.Range(0, adopting + controls).Select(u => $"u{u:00}")], cohort, outcomeName: "y");
    }

    [Fact]
    public void One_adopting_unit_is_compared_with_every_never_adopted_unit_given_its_adoption_period()
    {
        var panel = Panel(adopting: 1, controls: 41, effect: 1.5, seed: 3);
        var result = new ImputationPlacebo().Fit(panel);
        Assert.Equal(41, result.Draws);
        Assert.Equal(0, result.FailedDraws);

        // By hand: each never-adopted unit in turn adopts in period 8, the others are its controls.
        var cohort = panel.Cohort!;
        var controlRows = Enumerable.Range(0, panel.Count).Where(i => cohort[i] == PanelData.NeverTreated).ToArray();
        var errors = Enumerable.Range(1, 41).Select(placeboUnit =>
            new ImputationDid().Fit(panel.Rows(controlRows, i => panel.Unit[i] == placeboUnit ? 8 : PanelData.NeverTreated)!).Overall.Estimate)
            .Order().ToArray();
        double estimate = new ImputationDid().Fit(panel).Overall.Estimate;
        Assert.Equal(estimate, result.Actual.Overall.Estimate, 14);
        // r = ⌊42 · 0.025⌋ = 1: the interval runs between the largest and the smallest placebo error.
        Assert.Equal(estimate - errors[^1], result.CiLow!.Value, 12);
        Assert.Equal(estimate - errors[0], result.CiHigh!.Value, 12);
        Assert.Equal((1.0 + errors.Count(e => Math.Abs(e) >= Math.Abs(estimate))) / 42, result.PValue!.Value, 14);
        Assert.InRange(Math.Log(1.5), result.CiLow.Value, result.CiHigh.Value);
        Assert.Equal(errors, result.Errors);
        // 80 % power: the largest error (the rejection bound) minus the errors' 20th percentile (R's type 7 quantile).
        // With 41 errors the type 7 quantile at 0.2 sits exactly on the 9th smallest: (41 − 1) · 0.2 = 8.
        Assert.Equal(errors[^1] - errors[8], result.MinimumDetectableEffect!.Value, 12);
    }

    [Fact]
    public void Too_few_never_adopted_units_give_no_interval_and_fit_no_placebo()
    {
        var result = new ImputationPlacebo().Fit(Panel(adopting: 1, controls: 20, effect: 1, seed: 1));
        Assert.False(result.HasInterval);
        Assert.Equal(0, result.Draws);
        Assert.Equal(20, result.ControlUnits);
        Assert.Equal(39, ImputationPlacebo.DrawsNeeded(0.95));
        Assert.Equal(19, ImputationPlacebo.DrawsNeeded(0.90));
    }

    [Fact]
    public void Several_adopting_units_draw_seeded_sets_and_the_same_seed_gives_the_same_interval()
    {
        var panel = Panel(adopting: 4, controls: 30, effect: 1.3, seed: 5);
        var a = new ImputationPlacebo { Seed = 11 }.Fit(panel);
        var b = new ImputationPlacebo { Seed = 11 }.Fit(panel);
        var c = new ImputationPlacebo { Seed = 12 }.Fit(panel);
        Assert.Equal(199, a.Draws); // C(30, 4) = 27,405 sets: 199 drawn
        Assert.Equal((a.CiLow, a.CiHigh, a.PValue), (b.CiLow, b.CiHigh, b.PValue));
        Assert.NotEqual(a.CiLow, c.CiLow);
        Assert.True(a.CiLow < a.Actual.Overall.Estimate && a.Actual.Overall.Estimate < a.CiHigh);
    }

    [Fact]
    public void Under_the_null_a_single_unit_interval_covers_at_least_at_its_level()
    {
        // 40 organisations, one adopting unit and 40 never-adopted each (exact level 1 − 2/41 = 95.1 %). A cluster-robust
        // interval on the same data covers far less often: its treated part is exactly zero.
        int covered = 0, clusterCovered = 0;
        for (int seed = 1; seed <= 40; seed++)
        {
            var panel = Panel(adopting: 1, controls: 40, effect: 1, seed: 100 + seed);
            var r = new ImputationPlacebo().Fit(panel);
            if (r.CiLow <= 0 && 0 <= r.CiHigh) covered++;
            var e = r.Actual.Overall;
            if (e.CiLow <= 0 && 0 <= e.CiHigh) clusterCovered++;
        }
        Assert.True(covered >= 36, $"placebo intervals covered the truth in {covered} of 40");
        Assert.True(clusterCovered < covered, $"cluster-robust {clusterCovered} of 40, placebo {covered} of 40");
    }
}
