using Modeling.Estimation.Data;
using Modeling.Estimation.GoodmanBacon;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Tests.Regression;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Estimation.Tests.GoodmanBacon;

public sealed class BaconDecompositionTests
{
    private static BaconDecompositionResult Castle()
    {
        var t = TestData.Castle();
        return new BaconDecomposition().Fit(TestData.Panel(t, "state", "year", "l_homicide", cohort: TestData.CastleCohort(t)));
    }

    [Fact]
    public void Castle_matches_the_bacondecomp_vignette()
    {
        // bacondecomp vignette (CRAN 0.1.1, "bacon.html"): bacon(l_homicide ~ post, data = castle, id_var = "state", time_var = "year")
        //   Earlier vs Later Treated  weight 0.05976  avg_est -0.00554
        //   Later vs Earlier Treated  weight 0.03190  avg_est  0.07032
        //   Treated vs Untreated      weight 0.90834  avg_est  0.08796
        //   "Weighted sum of decomposition = 0.0818"
        // Printed to 5 decimals, so the tolerance is half a unit in the last place.
        var r = Castle();
        var byType = r.ByType.ToDictionary(s => s.Type);
        Assert.Equal(3, byType.Count);
        void Check(BaconComparisonType type, double weight, double estimate)
        {
            Assert.Equal(weight, byType[type].Weight, 0.000005);
            Assert.Equal(estimate, byType[type].AverageEstimate, 0.000005);
        }
        Check(BaconComparisonType.EarlierVsLaterTreated, 0.05976, -0.00554);
        Check(BaconComparisonType.LaterVsEarlierTreated, 0.03190, 0.07032);
        Check(BaconComparisonType.TreatedVsUntreated, 0.90834, 0.08796);
        Assert.Equal(0.0818, r.WeightedSum, 0.00005);
    }

    [Fact]
    public void Castle_weights_sum_to_one_and_reproduce_twfe()
    {
        var r = Castle();
        Assert.Equal(1.0, r.Comparisons.Sum(c => c.Weight), 1e-12);
        Assert.Equal(r.TwfeEstimate, r.WeightedSum, 1e-10);
        // 5 timing groups: 5 vs never + 10 pairs × 2 directions.
        Assert.Equal(25, r.Comparisons.Count);
    }

    [Fact]
    public void Mpdta_reproduces_the_static_twfe_of_the_oracle()
    {
        var t = TestData.Mpdta();
        var r = new BaconDecomposition().Fit(TestData.Panel(t, "countyreal", "year", "lemp", cohort: t.Ints("first.treat")));
        Assert.Equal(r.TwfeEstimate, r.WeightedSum, 1e-10);
        TestData.Close(TestData.OracleCase("mpdta_ols").Array("estimate")[0], r.WeightedSum, 1e-9, "mpdta TWFE");
    }

    /// <summary>Random balanced panel with never-treated, always-treated, late (after the panel) and staggered cohorts.</summary>
    private static PanelData RandomPanel(int seed)
    {
        var rng = new Random(seed);
        int units = 20 + rng.Next(40), periods = 4 + rng.Next(8);
        int[] choices = [0, 1, 2, 3, periods, periods + 2, 2 + rng.Next(periods - 2)];
        var cohorts = Enumerable.Range(0, units).Select(u => choices[u % choices.Length]).ToArray();
        var unit = new List<int>(); var time = new List<int>(); var y = new List<double>(); var cohort = new List<int>();
        for (int u = 0; u < units; u++)
            for (int t = 1; t <= periods; t++)
            {
                unit.Add(u); time.Add(t); cohort.Add(cohorts[u]);
                double effect = cohorts[u] != 0 && t >= cohorts[u] ? 1 + 0.3 * (t - cohorts[u]) * rng.NextDouble() : 0;
                y.Add(u * 0.1 + 0.2 * t + effect + rng.NextDouble());
            }
        return new PanelData(unit, time, y, [.. Enumerable.Range(0, units).Select(u => $"u{u}")], cohort);
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void Weighted_sum_equals_twfe_and_weights_sum_to_the_treatment_variance(int seed)
    {
        var panel = RandomPanel(seed);
        var r = new BaconDecomposition().Fit(panel);
        Assert.Equal(1.0, r.Comparisons.Sum(c => c.Weight), 1e-12);
        Assert.Equal(r.TwfeEstimate, r.WeightedSum, 1e-10);
        Assert.Equal(new Twfe().Fit(panel).Treatment!.Estimate, r.TwfeEstimate, 1e-10);
        Assert.Contains(r.Comparisons, c => c.Type == BaconComparisonType.LaterVsAlwaysTreated);

        // Theorem 1: Σ unnormalised weights = variance of the double-demeaned treatment (balanced panel).
        var d = Twfe.AdoptionIndicator(panel.Time, panel.Cohort!);
        int n = d.Length;
        var unitMean = panel.Unit.Select((u, i) => (u, d[i])).GroupBy(x => x.u).ToDictionary(g => g.Key, g => g.Average(x => x.Item2));
        var timeMean = panel.Time.Select((t, i) => (t, d[i])).GroupBy(x => x.t).ToDictionary(g => g.Key, g => g.Average(x => x.Item2));
        double grand = d.Average();
        double variance = Enumerable.Range(0, n).Sum(i => Math.Pow(d[i] - unitMean[panel.Unit[i]] - timeMean[panel.Time[i]] + grand, 2)) / n;
        Assert.Equal(variance, r.TreatmentVariance, 1e-12);
    }

    [Fact]
    public void Degenerate_inputs_have_clear_messages()
    {
        var unbalanced = new PanelData([0, 0, 1, 1, 1], [1, 2, 1, 2, 3], [1, 2, 3, 4, 5], ["a", "b"], [2, 2, 0, 0, 0]);
        Assert.Equal("The Goodman-Bacon decomposition needs a balanced panel, but unit 'a' has 2 observations for 3 periods.",
            Assert.Throws<EstimationException>(() => new BaconDecomposition().Fit(unbalanced)).Message);
        var weighted = new PanelData([0, 0, 1, 1], [1, 2, 1, 2], [1, 2, 3, 4], ["a", "b"], [2, 2, 0, 0], weight: [1, 1, 2, 2]);
        Assert.Equal("The Goodman-Bacon decomposition is defined for the unweighted TWFE regression; remove the weights.",
            Assert.Throws<EstimationException>(() => new BaconDecomposition().Fit(weighted)).Message);
        var noTiming = new PanelData([0, 0, 1, 1], [1, 2, 1, 2], [1, 2, 3, 4], ["a", "b"], [0, 0, 0, 0]);
        Assert.Equal("The Goodman-Bacon decomposition needs at least one adoption cohort inside the panel and one comparison group (never treated or adopting at another time).",
            Assert.Throws<EstimationException>(() => new BaconDecomposition().Fit(noTiming)).Message);
    }
}
