using Modeling.Estimation.Data;
using Modeling.Estimation.Staggered;
using MathNet.Numerics.LinearAlgebra;

namespace Modeling.Estimation.Tests.Staggered;

/// <summary>
/// Options without published numbers (not-yet-treated controls, universal base period, covariates) checked against
/// independent test-only computations on mpdta (../shared/refdata/README.md).
/// </summary>
public sealed class OracleTests
{
    // Unconditional ATT(g,t) is exact arithmetic on means: the estimator must agree to rounding.
    private const double Exact = 1e-12;

    [Theory]
    [InlineData(ControlGroup.NeverTreated, BasePeriod.Varying)]
    [InlineData(ControlGroup.NotYetTreated, BasePeriod.Varying)]
    [InlineData(ControlGroup.NeverTreated, BasePeriod.Universal)]
    [InlineData(ControlGroup.NotYetTreated, BasePeriod.Universal)]
    public void Every_cell_equals_the_naive_two_by_two(ControlGroup control, BasePeriod basePeriod)
    {
        var panel = PanelCsv.Mpdta();
        var result = new StaggeredDid { ControlGroup = control, BasePeriod = basePeriod, Bootstrap = null }.Fit(panel);
        Assert.Equal(basePeriod == BasePeriod.Varying ? 12 : 15, result.GroupTime.Count);
        foreach (var cell in result.GroupTime)
        {
            if (cell.IsReference)
            {
                Assert.Equal(BasePeriod.Universal, basePeriod);
                Assert.Equal(cell.Cohort - 1, cell.Period);
                Assert.Equal(0, cell.Estimate);
                continue;
            }
            int expectedBase = basePeriod == BasePeriod.Universal || cell.IsPostTreatment ? cell.Cohort - 1 : cell.Period - 1;
            Assert.Equal(expectedBase, cell.BasePeriod);
            var naive = NaiveDid.TwoByTwo(panel, cell.Cohort, cell.Period, cell.BasePeriod, control == ControlGroup.NotYetTreated);
            Assert.Equal(naive.Att, cell.Estimate, Exact);
            Assert.Equal(naive.Treated, cell.TreatedCount);
            Assert.Equal(naive.Controls, cell.ControlCount);
        }
    }

    /// <summary>One anticipation period: post cells compare with g−2; cohort 2004 has no such period and is left out (as did).</summary>
    [Theory]
    [InlineData(ControlGroup.NeverTreated)]
    [InlineData(ControlGroup.NotYetTreated)]
    public void Anticipation_moves_the_base_period_back(ControlGroup control)
    {
        var panel = PanelCsv.Mpdta();
        var result = new StaggeredDid { ControlGroup = control, Anticipation = 1, Bootstrap = null }.Fit(panel);
        Assert.Equal([2006, 2007], result.GroupTime.Select(c => c.Cohort).Distinct());
        foreach (var cell in result.GroupTime)
        {
            Assert.Equal(cell.IsPostTreatment ? cell.Cohort - 2 : cell.Period - 1, cell.BasePeriod);
            var naive = NaiveDid.TwoByTwo(panel, cell.Cohort, cell.Period, cell.BasePeriod, control == ControlGroup.NotYetTreated, anticipation: 1);
            Assert.Equal(naive.Att, cell.Estimate, Exact);
            Assert.Equal(naive.Controls, cell.ControlCount);
        }
    }

    /// <summary>did's min_e/max_e and balance_e; event-time effects are cohort-size weighted means of the cells (20 and 40 counties).</summary>
    [Fact]
    public void Event_window_and_balanced_event_study()
    {
        var panel = PanelCsv.Mpdta();
        var window = new StaggeredDid { MinEventTime = -1, MaxEventTime = 2, Bootstrap = null }.Fit(panel);
        Assert.Equal([-1, 0, 1, 2], window.Dynamic.Elements.Select(e => e.Key!.Value));
        Assert.Equal((window.Dynamic[0].Estimate + window.Dynamic[1].Estimate + window.Dynamic[2].Estimate) / 3, window.Dynamic.Overall.Estimate, Exact);

        var balanced = new StaggeredDid { BalanceEventTime = 1, Bootstrap = null }.Fit(panel);
        // Cohorts seen at least one period after treatment: 2004 (e = 0..3) and 2006 (e = -2..1); window e <= 1.
        Assert.Equal([-2, -1, 0, 1], balanced.Dynamic.Elements.Select(e => e.Key!.Value));
        double expected = (20 * balanced[2004, 2004].Estimate + 40 * balanced[2006, 2006].Estimate) / 60;
        Assert.Equal(expected, balanced.Dynamic[0].Estimate, Exact);
        Assert.Equal((20 * balanced[2004, 2005].Estimate + 40 * balanced[2006, 2007].Estimate) / 60, balanced.Dynamic[1].Estimate, Exact);
    }

    [Fact]
    public void Not_yet_treated_uses_later_cohorts_as_controls()
    {
        var result = new StaggeredDid { ControlGroup = ControlGroup.NotYetTreated, Bootstrap = null }.Fit(PanelCsv.Mpdta());
        // 2004 in 2005: never treated (309) + cohorts 2006 (40) and 2007 (131); in 2006 only 2007 is not yet treated.
        Assert.Equal(309 + 40 + 131, result[2004, 2005].ControlCount);
        Assert.Equal(309 + 131, result[2004, 2006].ControlCount);
        Assert.Equal(309, result[2004, 2007].ControlCount);
    }

    [Fact]
    public void Without_covariates_the_three_methods_coincide()
    {
        var panel = PanelCsv.Mpdta();
        var or = new StaggeredDid { Method = EstimationMethod.OutcomeRegression, Bootstrap = null }.Fit(panel);
        foreach (var method in new[] { EstimationMethod.InverseProbabilityWeighting, EstimationMethod.DoublyRobust })
        {
            var other = new StaggeredDid { Method = method, Bootstrap = null }.Fit(panel);
            for (int j = 0; j < or.GroupTime.Count; j++)
            {
                Assert.Equal(or.GroupTime[j].Estimate, other.GroupTime[j].Estimate, Exact);
                Assert.Equal(or.GroupTime[j].Effect.StandardError, other.GroupTime[j].Effect.StandardError, 1e-12);
            }
        }
    }

    /// <summary>OR with lpop: ATT = mean over treated of ΔY − x'β, β the OLS of ΔY on (1, lpop) among controls (normal equations here).</summary>
    [Fact]
    public void Outcome_regression_with_a_covariate_equals_normal_equations()
    {
        var panel = PanelCsv.Mpdta();
        var result = new StaggeredDid { Method = EstimationMethod.OutcomeRegression, Covariates = ["lpop"], Bootstrap = null }.Fit(panel);
        foreach (var cell in result.GroupTime)
        {
            var (dy, x, treated) = Cell(panel, cell.Cohort, cell.Period, cell.BasePeriod);
            var xc = Matrix<double>.Build.DenseOfRowArrays(x.Where((_, i) => !treated[i]).ToArray());
            var yc = Vector<double>.Build.DenseOfEnumerable(dy.Where((_, i) => !treated[i]));
            var beta = (xc.Transpose() * xc).Solve(xc.Transpose() * yc);
            double att = Enumerable.Range(0, dy.Length).Where(i => treated[i]).Average(i => dy[i] - (beta[0] + beta[1] * x[i][1]));
            Assert.Equal(att, cell.Estimate, 1e-10);
        }
    }

    /// <summary>IPW with lpop: logit by plain Newton iterations here, then Hajek-weighted difference of mean changes.</summary>
    [Fact]
    public void Inverse_probability_weighting_equals_an_independent_logit_and_hajek_weights()
    {
        var panel = PanelCsv.Mpdta();
        var result = new StaggeredDid { Method = EstimationMethod.InverseProbabilityWeighting, Covariates = ["lpop"], Bootstrap = null }.Fit(panel);
        foreach (var cell in result.GroupTime)
        {
            var (dy, x, treated) = Cell(panel, cell.Cohort, cell.Period, cell.BasePeriod);
            double b0 = 0, b1 = 0;
            for (int it = 0; it < 50; it++)
            {
                double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
                for (int i = 0; i < dy.Length; i++)
                {
                    double p = 1 / (1 + Math.Exp(-(b0 + b1 * x[i][1])));
                    double r = (treated[i] ? 1 : 0) - p, v = p * (1 - p);
                    g0 += r; g1 += r * x[i][1];
                    h00 += v; h01 += v * x[i][1]; h11 += v * x[i][1] * x[i][1];
                }
                double det = h00 * h11 - h01 * h01;
                b0 += (h11 * g0 - h01 * g1) / det;
                b1 += (-h01 * g0 + h00 * g1) / det;
            }
            double sumT = 0, nT = 0, sumC = 0, wC = 0;
            for (int i = 0; i < dy.Length; i++)
            {
                if (treated[i]) { sumT += dy[i]; nT++; continue; }
                double p = 1 / (1 + Math.Exp(-(b0 + b1 * x[i][1])));
                double w = p / (1 - p);
                sumC += w * dy[i]; wC += w;
            }
            Assert.Equal(sumT / nT - sumC / wC, cell.Estimate, 1e-9);
        }
    }

    /// <summary>
    /// Influence functions are derivatives: for these weighted estimators n·∂θ/∂wᵢ = ψᵢ at unit weights. Checked by central
    /// differences on one unit's weight for cells, the weighted aggregations (their wif term included) and all methods.
    /// </summary>
    [Theory]
    [InlineData(EstimationMethod.OutcomeRegression)]
    [InlineData(EstimationMethod.InverseProbabilityWeighting)]
    [InlineData(EstimationMethod.DoublyRobust)]
    public void Influence_functions_are_weight_derivatives(EstimationMethod method)
    {
        var panel = PanelCsv.Mpdta();
        var estimator = new StaggeredDid { Method = method, Covariates = ["lpop"], Bootstrap = null };
        var baseFit = estimator.Fit(panel);
        int n = baseFit.UnitCount;
        var probeUnits = new[] { 0, 1, 2 }.Concat(new[] { 2004, 2006, 2007, 0 }
            .Select(g => Enumerable.Range(0, panel.Count).First(r => panel.Cohort![r] == g)).Select(r => panel.Unit[r])).Distinct();
        const double h = 1e-4;
        foreach (int unit in probeUnits)
        {
            var plus = estimator.Fit(WithUnitWeight(panel, unit, 1 + h));
            var minus = estimator.Fit(WithUnitWeight(panel, unit, 1 - h));
            void Check(Func<StaggeredDidResult, StaggeredEstimate> pick)
            {
                double derivative = n * (pick(plus).Estimate - pick(minus).Estimate) / (2 * h);
                Assert.Equal(pick(baseFit).InfluenceFunction[unit], derivative, 1e-6 + 1e-5 * Math.Abs(derivative));
            }
            foreach (var (g, t) in new[] { (2004, 2005), (2006, 2007), (2007, 2005), (2007, 2007) }) Check(r => r[g, t]);
            Check(r => r.Simple.Overall);
            Check(r => r.Dynamic[1]);
            Check(r => r.Dynamic.Overall);
            Check(r => r.Group.Overall);
            Check(r => r.Calendar[2006]);
            Check(r => r.Calendar.Overall);
        }
    }

    private static PanelData WithUnitWeight(PanelData p, int unit, double weight) =>
        new(p.Unit, p.Time, p.Outcome, p.UnitLabels, p.Cohort, null,
            p.Covariates.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value),
            Enumerable.Range(0, p.Count).Select(r => p.Unit[r] == unit ? weight : 1.0).ToArray(), p.OutcomeName);

    private static (double[] Dy, double[][] X, bool[] Treated) Cell(PanelData panel, int g, int t, int basePeriod)
    {
        var y = new Dictionary<(int, int), double>();
        var lpop = new Dictionary<(int, int), double>();
        var cohort = new Dictionary<int, int>();
        for (int r = 0; r < panel.Count; r++)
        {
            y[(panel.Unit[r], panel.Time[r])] = panel.Outcome[r];
            lpop[(panel.Unit[r], panel.Time[r])] = panel.Covariates["lpop"][r];
            cohort[panel.Unit[r]] = panel.Cohort![r];
        }
        var units = cohort.Where(kv => kv.Value == g || kv.Value == 0).Select(kv => kv.Key).Order().ToArray();
        return (units.Select(u => y[(u, t)] - y[(u, basePeriod)]).ToArray(),
                units.Select(u => new[] { 1.0, lpop[(u, basePeriod)] }).ToArray(),
                units.Select(u => cohort[u] == g).ToArray());
    }
}
