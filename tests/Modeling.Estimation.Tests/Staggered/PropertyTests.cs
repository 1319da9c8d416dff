using Modeling.Estimation.Data;
using Modeling.Estimation.Staggered;

namespace Modeling.Estimation.Tests.Staggered;

/// <summary>Statistical and contract invariances of the staggered DiD (STYLE.md practice 8), on mpdta.</summary>
public sealed class PropertyTests
{
    private static readonly StaggeredDid Estimator = new() { Covariates = ["lpop"], Bootstrap = new Bootstrap(Draws: 200, Seed: 7) };

    [Fact]
    public void Relabelling_units_changes_nothing_but_the_index_of_the_influence_function()
    {
        var panel = PanelCsv.Mpdta();
        int u = panel.UnitCount;
        // Reverse the unit indices; labels travel with their units.
        var newIndex = Enumerable.Range(0, u).Select(i => u - 1 - i).ToArray();
        var labels = new string[u];
        for (int i = 0; i < u; i++) labels[newIndex[i]] = panel.UnitLabels[i];
        var relabelled = new PanelData(panel.Unit.Select(i => newIndex[i]).ToArray(), panel.Time, panel.Outcome, labels, panel.Cohort,
            covariates: Covariates(panel), outcomeName: panel.OutcomeName);
        var a = Estimator.Fit(panel);
        var b = Estimator.Fit(relabelled);
        AssertSameNumbers(a, b);
        for (int i = 0; i < u; i++) Assert.Equal(a.Dynamic.Overall.InfluenceFunction[i], b.Dynamic.Overall.InfluenceFunction[newIndex[i]]);
    }

    [Fact]
    public void Row_order_does_not_matter()
    {
        var panel = PanelCsv.Mpdta();
        var order = Enumerable.Range(0, panel.Count).OrderBy(r => (r * 7919) % panel.Count).ToArray();
        var shuffled = new PanelData(order.Select(r => panel.Unit[r]).ToArray(), order.Select(r => panel.Time[r]).ToArray(),
            order.Select(r => panel.Outcome[r]).ToArray(), panel.UnitLabels, order.Select(r => panel.Cohort![r]).ToArray(),
            covariates: new Dictionary<string, IReadOnlyList<double>> { ["lpop"] = order.Select(r => panel.Covariates["lpop"][r]).ToArray() },
            outcomeName: panel.OutcomeName);
        AssertSameNumbers(Estimator.Fit(panel), Estimator.Fit(shuffled));
    }

    [Fact]
    public void Adding_a_constant_to_the_outcome_leaves_effects_and_standard_errors_unchanged()
    {
        var panel = PanelCsv.Mpdta();
        var a = Estimator.Fit(panel);
        var b = Estimator.Fit(panel.WithOutcome(panel.Outcome.Select(y => y + 1000).ToArray(), "lemp+1000"));
        foreach (var (x, y) in a.GroupTime.Zip(b.GroupTime))
        {
            Assert.Equal(x.Estimate, y.Estimate, 1e-9);
            Assert.Equal(x.Effect.StandardError, y.Effect.StandardError, 1e-9);
        }
        Assert.Equal(a.Dynamic.Overall.Estimate, b.Dynamic.Overall.Estimate, 1e-9);
        Assert.Equal(a.PreTrend!.PValue, b.PreTrend!.PValue, 1e-6);
    }

    [Fact]
    public void Same_seed_same_bootstrap_other_seed_other_draws()
    {
        var panel = PanelCsv.Mpdta();
        var a = Estimator.Fit(panel);
        var b = Estimator.Fit(panel);
        AssertSameNumbers(a, b);
        var c = (Estimator with { Bootstrap = new Bootstrap(Draws: 200, Seed: 8) }).Fit(panel);
        Assert.Equal(a.Simple.Overall.Effect.StandardError, c.Simple.Overall.Effect.StandardError);
        Assert.NotEqual(a.Simple.Overall.BootstrapStandardError, c.Simple.Overall.BootstrapStandardError);
    }

    [Fact]
    public void Fit_does_not_change_its_input()
    {
        var panel = PanelCsv.Load(Path.Combine(Modeling.Tests.TestPaths.RefData, "mpdta.csv"), "countyreal", "year", "lemp", "first.treat", "lpop");
        var outcome = panel.Outcome.ToArray();
        var lpop = panel.Covariates["lpop"].ToArray();
        var cohort = panel.Cohort!.ToArray();
        Estimator.Fit(panel);
        Assert.Equal(outcome, panel.Outcome);
        Assert.Equal(lpop, panel.Covariates["lpop"]);
        Assert.Equal(cohort, panel.Cohort!);
    }

    [Fact]
    public void Uniform_bands_are_wider_than_pointwise_intervals()
    {
        var r = Estimator.Fit(PanelCsv.Mpdta());
        Assert.True(r.GroupTimeUniformCriticalValue > r.GroupTime[0].Effect.CriticalValue);
        foreach (var e in r.Dynamic.Elements)
        {
            Assert.NotNull(e.UniformBand);
            Assert.Equal(e.Estimate - r.Dynamic.UniformCriticalValue!.Value * e.BootstrapStandardError!.Value, e.UniformBand!.Low, 1e-12);
        }
    }

    internal static Dictionary<string, IReadOnlyList<double>> Covariates(PanelData p) =>
        p.Covariates.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value);

    private static void AssertSameNumbers(StaggeredDidResult a, StaggeredDidResult b)
    {
        Assert.Equal(a.GroupTime.Count, b.GroupTime.Count);
        foreach (var (x, y) in a.GroupTime.Zip(b.GroupTime))
        {
            Assert.Equal((x.Cohort, x.Period), (y.Cohort, y.Period));
            Assert.Equal(x.Estimate, y.Estimate);
            Assert.Equal(x.Effect.StandardError, y.Effect.StandardError);
            Assert.Equal(x.BootstrapStandardError, y.BootstrapStandardError);
        }
        foreach (var (x, y) in new[] { (a.Simple, b.Simple), (a.Dynamic, b.Dynamic), (a.Group, b.Group), (a.Calendar, b.Calendar) })
        {
            Assert.Equal(x.Overall.Estimate, y.Overall.Estimate);
            Assert.Equal(x.Overall.Effect.StandardError, y.Overall.Effect.StandardError);
            Assert.Equal(x.Overall.BootstrapStandardError, y.Overall.BootstrapStandardError);
            Assert.Equal(x.UniformCriticalValue, y.UniformCriticalValue);
            Assert.Equal(x.Elements.Select(e => e.Estimate), y.Elements.Select(e => e.Estimate));
        }
        Assert.Equal(a.PreTrend, b.PreTrend);
    }
}
