using Modeling.Estimation.Data;
using Modeling.Estimation.Tests.Regression;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Tests;

namespace Modeling.Estimation.Tests.TwoWayFixedEffects;

/// <summary>Card &amp; Krueger and the statistical invariances of TWFE (STYLE.md practice 8).</summary>
public sealed class TwfePropertyTests
{
    private static CsvTable CardKrueger() =>
        CsvTable.Read(Path.Combine(TestPaths.RefData, "card_krueger_1994_long.csv"));

    /// <summary>Plain 2×2 difference of means: (treated after − before) − (control after − before).</summary>
    private static double DidOfMeans(double[] y, bool[] treated, bool[] after)
    {
        double M(bool g, bool a)
        {
            var v = y.Where((_, i) => treated[i] == g && after[i] == a).ToArray();
            return v.Average();
        }
        return M(true, true) - M(true, false) - (M(false, true) - M(false, false));
    }

    [Fact]
    public void Card_krueger_state_level_twfe_is_the_published_did()
    {
        var t = CardKrueger();
        var rows = t.Where(i => !double.IsNaN(t.Doubles("fte")[i]));
        var nj = rows.Ints("nj");
        var d = rows.Ints("d");
        // Units are the two states, periods the two waves; cohort = wave 2 for New Jersey.
        var panel = new PanelData(nj, [.. d.Select(x => x + 1)], rows.Doubles("fte"), ["PA", "NJ"],
            cohort: [.. nj.Select(x => x == 1 ? 2 : 0)], outcomeName: "fte");
        var result = new Twfe().Fit(panel);
        // Card & Krueger (1994) Table 3 / refdata README: DiD +2.75 from these rows (the paper prints 2.76 from rounded means).
        Assert.Equal(2.75, result.Treatment!.Estimate, 0.005);
        // Exactly the difference of the four means.
        Assert.Equal(DidOfMeans(rows.Doubles("fte"), [.. nj.Select(x => x == 1)], [.. d.Select(x => x == 1)]), result.Treatment.Estimate, 1e-10);
        Assert.Equal(2, result.ClusterCount);
    }

    [Fact]
    public void Card_krueger_store_level_twfe_equals_within_store_did_on_the_balanced_stores()
    {
        var t = CardKrueger();
        var fte = t.Doubles("fte");
        var id = t.Ints("id");
        var complete = id.Where((_, i) => !double.IsNaN(fte[i])).GroupBy(x => x).Where(g => g.Count() == 2).Select(g => g.Key).ToHashSet();
        var rows = t.Where(i => complete.Contains(id[i]));
        var ids = rows.Ints("id");
        var labels = ids.Distinct().Order().ToArray();
        // Waves 0/1 become periods 1/2 (labels must be > 0); New Jersey stores adopt in period 2.
        var panel = new PanelData([.. ids.Select(x => Array.IndexOf(labels, x))], [.. rows.Ints("d").Select(x => x + 1)], rows.Doubles("fte"),
            [.. labels.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            [.. rows.Ints("nj").Select(x => x == 1 ? 2 : 0)], outcomeName: "fte");
        var result = new Twfe().Fit(panel);
        var expected = DidOfMeans(rows.Doubles("fte"), [.. rows.Ints("nj").Select(x => x == 1)], [.. rows.Ints("d").Select(x => x == 1)]);
        Assert.Equal(expected, result.Treatment!.Estimate, 1e-10);
        Assert.Equal(complete.Count, result.ClusterCount);
    }

    private static PanelData RandomTwoPeriodPanel(int seed, int units)
    {
        var rng = new Random(seed);
        var unit = new List<int>(); var time = new List<int>(); var y = new List<double>(); var cohort = new List<int>();
        var treated = Enumerable.Range(0, units).Select(u => u < 2 || (u >= 3 && rng.NextDouble() < 0.4)).ToArray(); // ≥ 2 treated, unit 2 control
        for (int u = 0; u < units; u++)
            for (int t = 1; t <= 2; t++)
            {
                unit.Add(u); time.Add(t); cohort.Add(treated[u] ? 2 : 0);
                y.Add(rng.NextDouble() * 10 - 5 + u * 0.3 + (treated[u] && t == 2 ? 1.5 : 0));
            }
        return new PanelData(unit, time, y, [.. Enumerable.Range(0, units).Select(u => $"u{u}")], cohort);
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)]
    [InlineData(6)] [InlineData(7)] [InlineData(8)] [InlineData(9)] [InlineData(10)]
    public void Two_period_twfe_equals_the_2x2_did(int seed)
    {
        var panel = RandomTwoPeriodPanel(seed, 7 + seed * 5);
        var result = new Twfe().Fit(panel);
        var expected = DidOfMeans([.. panel.Outcome], [.. panel.Cohort!.Select(c => c != 0)], [.. panel.Time.Select(t => t == 2)]);
        Assert.Equal(expected, result.Treatment!.Estimate, 1e-10);
    }

    private static PanelData Counts()
    {
        var t = TestData.CountPanel();
        return TestData.Panel(t, "unit", "period", "y", cohort: t.Ints("cohort"), covariates: ["x"]);
    }

    [Theory]
    [InlineData(TwfeModel.Ols)]
    [InlineData(TwfeModel.Poisson)]
    public void Row_order_and_unit_relabelling_do_not_change_the_estimate(TwfeModel model)
    {
        var panel = Counts();
        var options = new Twfe { Model = model, Covariates = ["x"] };
        var baseline = options.Fit(panel);

        var rng = new Random(7);
        var order = Enumerable.Range(0, panel.Count).OrderBy(_ => rng.Next()).ToArray();
        var relabel = Enumerable.Range(0, panel.UnitCount).OrderBy(_ => rng.Next()).ToArray();
        var shuffled = new PanelData(
            [.. order.Select(i => relabel[panel.Unit[i]])], [.. order.Select(i => panel.Time[i])], [.. order.Select(i => panel.Outcome[i])],
            [.. Enumerable.Range(0, panel.UnitCount).Select(u => panel.UnitLabels[Array.IndexOf(relabel, u)])],
            [.. order.Select(i => panel.Cohort![i])], null,
            new Dictionary<string, IReadOnlyList<double>> { ["x"] = [.. order.Select(i => panel.Covariates["x"][i])] });
        var result = options.Fit(shuffled);
        Assert.Equal(baseline.Treatment!.Estimate, result.Treatment!.Estimate, 1e-10);
        Assert.Equal(baseline.Treatment.StandardError, result.Treatment.StandardError, 1e-10);
        Assert.Equal(baseline.DroppedUnits.Order(StringComparer.Ordinal), result.DroppedUnits.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Shifting_the_outcome_leaves_ols_unchanged_and_scaling_counts_leaves_poisson_unchanged()
    {
        var panel = Counts();
        var ols = new Twfe().Fit(panel);
        var shifted = new Twfe().Fit(panel.WithOutcome([.. panel.Outcome.Select(v => v + 123.4)], "y"));
        Assert.Equal(ols.Treatment!.Estimate, shifted.Treatment!.Estimate, 1e-9);
        Assert.Equal(ols.Treatment.StandardError, shifted.Treatment.StandardError, 1e-9);

        var poisson = new Twfe { Model = TwfeModel.Poisson }.Fit(panel);
        var scaled = new Twfe { Model = TwfeModel.Poisson }.Fit(panel.WithOutcome([.. panel.Outcome.Select(v => v * 3.5)], "y"));
        Assert.Equal(poisson.Treatment!.Estimate, scaled.Treatment!.Estimate, 1e-9);
        Assert.Equal(poisson.Treatment.StandardError, scaled.Treatment.StandardError, 1e-9);
    }

    [Fact]
    public void Fitting_twice_gives_identical_results_and_leaves_the_input_alone()
    {
        var panel = Counts();
        var before = panel.Outcome.ToArray();
        var options = new Twfe { Model = TwfeModel.Poisson, Covariates = ["x"], Specification = TwfeSpecification.EventStudy };
        var a = options.Fit(panel);
        var b = options.Fit(panel);
        Assert.Equal(a.Coefficients.Select(c => c.Effect), b.Coefficients.Select(c => c.Effect));
        Assert.Equal(before, panel.Outcome);
    }
}
