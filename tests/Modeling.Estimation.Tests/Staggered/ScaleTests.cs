using Modeling.Estimation.Data;
using Modeling.Estimation.Staggered;

namespace Modeling.Estimation.Tests.Staggered;

/// <summary>Multipliers (DESIGN.md "The scale matters"): CS on logs, and the ratio-of-means form for counts with zeros.</summary>
public sealed class ScaleTests
{
    [Fact]
    public void Log_scale_reproduces_did_on_log_outcomes_and_exponentiates()
    {
        // mpdta's lemp is log employment: exp(lemp) on the log scale must give did's published ATT(g,t).
        var p = PanelCsv.Mpdta();
        var levels = p.WithOutcome(p.Outcome.Select(Math.Exp).ToArray(), "emp");
        var r = new StaggeredDid { Scale = EffectScale.Log, Bootstrap = null }.Fit(levels);
        foreach (var (g, t, att, _) in MpdtaReferenceTests.Published)
        {
            var cell = r[g, t];
            Assert.Equal(att, cell.Estimate, 1e-4);
            Assert.Equal(Math.Exp(cell.Estimate), cell.Multiplier!.Value, 1e-12);
            Assert.Equal(Math.Exp(cell.Effect.CiLow), cell.Multiplier.CiLow, 1e-12);
            Assert.Equal(Math.Exp(cell.Effect.CiHigh), cell.Multiplier.CiHigh, 1e-12);
        }
        Assert.Equal(Math.Exp(-0.0772), r.Dynamic.Overall.Multiplier!.Value, 1e-4);
    }

    /// <summary>
    /// Noiseless check: untreated outcomes with additive parallel trends, treated outcomes ×1.5 after adoption. Then each
    /// level ATT is 0.5 × the treated counterfactual mean and every ratio-of-means multiplier is exactly 1.5.
    /// </summary>
    [Fact]
    public void Ratio_of_means_recovers_a_known_multiplier_exactly()
    {
        var panel = Simulate(units: 60, periods: 6, multiplier: 1.5, noise: 0, seed: 1, counts: false);
        var r = new StaggeredDid { Scale = EffectScale.Ratio, Bootstrap = null }.Fit(panel);
        foreach (var cell in r.GroupTime.Where(c => c.IsPostTreatment)) Assert.Equal(1.5, cell.Multiplier!.Value, 1e-10);
        foreach (var cell in r.GroupTime.Where(c => !c.IsPostTreatment)) Assert.Equal(1.0, cell.Multiplier!.Value, 1e-10);
        Assert.Equal(1.5, r.Simple.Overall.Multiplier!.Value, 1e-10);
        Assert.Equal(1.5, r.Dynamic.Overall.Multiplier!.Value, 1e-10);
        Assert.Equal(1.5, r.Group.Overall.Multiplier!.Value, 1e-10);
        Assert.Equal(1.5, r.Calendar.Overall.Multiplier!.Value, 1e-10);
    }

    /// <summary>Poisson counts with many zeros (means 0.3–3), true multiplier 1.3: the ratio form is estimable and covers it.</summary>
    [Fact]
    public void Ratio_of_means_works_for_counts_with_zeros()
    {
        var panel = Simulate(units: 3000, periods: 6, multiplier: 1.3, noise: 1, seed: 5, counts: true);
        Assert.Contains(0.0, panel.Outcome);
        var r = new StaggeredDid { Scale = EffectScale.Ratio, Bootstrap = null }.Fit(panel);
        var m = r.Simple.Overall.Multiplier!;
        Assert.InRange(1.3, m.CiLow, m.CiHigh);
        Assert.InRange(m.Value, 1.2, 1.4);
        // The interval is symmetric on the log scale.
        Assert.Equal(Math.Log(m.Value) - Math.Log(m.CiLow), Math.Log(m.CiHigh) - Math.Log(m.Value), 1e-12);
        Assert.True(m.PValue < 0.05);
    }

    [Fact]
    public void Level_scale_reports_no_multiplier()
    {
        var r = new StaggeredDid { Bootstrap = null }.Fit(PanelCsv.Mpdta());
        Assert.Null(r.Simple.Overall.Multiplier);
    }

    /// <summary>
    /// Units with size aᵢ ~ U(0.5, 3); untreated mean aᵢ + 0.2·t (additive trends: parallel in levels); cohorts 3, 5 or
    /// never (0); treated mean × multiplier from adoption on. Counts are Poisson draws of the mean, else the mean itself
    /// plus optional Gaussian noise.
    /// </summary>
    internal static PanelData Simulate(int units, int periods, double multiplier, double noise, int seed, bool counts)
    {
        var rng = new Random(seed);
        var unit = new List<int>(); var time = new List<int>(); var y = new List<double>(); var cohort = new List<int>();
        int[] cohorts = [0, 3, 5];
        for (int i = 0; i < units; i++)
        {
            double a = 0.5 + 2.5 * rng.NextDouble();
            int g = cohorts[i % 3];
            for (int t = 1; t <= periods; t++)
            {
                double mean = a + 0.2 * t;
                if (g > 0 && t >= g) mean *= multiplier;
                double value = counts ? Poisson(rng, mean * (0.1 + 0.9 * noise)) : mean + noise * (rng.NextDouble() - 0.5);
                unit.Add(i); time.Add(t); y.Add(value); cohort.Add(g);
            }
        }
        return new PanelData(unit, time, y, Enumerable.Range(0, units).Select(i => $"team-{i:D4}").ToArray(), cohort, outcomeName: "prs");
    }

    private static double Poisson(Random rng, double lambda)
    {
        double l = Math.Exp(-lambda), p = 1;
        int k = 0;
        do { k++; p *= rng.NextDouble(); } while (p > l);
        return k - 1;
    }
}
