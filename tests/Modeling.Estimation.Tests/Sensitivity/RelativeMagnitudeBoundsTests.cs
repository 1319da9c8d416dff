using System.Text.Json;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Modeling.Estimation.Data;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Sensitivity;
using Modeling.Estimation.Staggered;
using Modeling.Tests;

namespace Modeling.Estimation.Tests.Sensitivity;

/// <summary>
/// Rambachan–Roth relative-magnitudes bounds against an independent scipy computation (Fixtures/sensitivity/
/// relative_magnitudes_oracle.py: identified sets as linear programs over every polyhedral piece of Δ^RM, CI and
/// breakdowns by brentq), plus properties and a coverage simulation.
/// </summary>
public class RelativeMagnitudeBoundsTests
{
    private static readonly double[] OracleMbars = [0, 0.25, 0.5, 1, 2];

    public static IEnumerable<object[]> OracleCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(OraclePath));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! }).ToArray();
    }

    private static string OraclePath =>
        Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Estimation.Tests", "Fixtures", "sensitivity", "relative_magnitudes_oracle.json");

    [Theory]
    [MemberData(nameof(OracleCases))]
    public void Identified_set_robust_interval_and_breakdowns_match_the_scipy_oracle(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(OraclePath));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        int[] times = [.. c.GetProperty("event_times").EnumerateArray().Select(e => e.GetInt32())];
        double[] beta = [.. c.GetProperty("estimates").EnumerateArray().Select(e => e.GetDouble())];
        var rows = c.GetProperty("covariance").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var sigma = new double[rows.Length, rows.Length];
        for (int i = 0; i < rows.Length; i++) for (int j = 0; j < rows.Length; j++) sigma[i, j] = rows[i][j];
        var target = c.GetProperty("target");
        var bounds = new RelativeMagnitudeBounds
        {
            Mbars = OracleMbars,
            ConfidenceLevel = c.GetProperty("level").GetDouble(),
            Target = target.GetProperty("kind").GetString() == "average"
                ? SensitivityTarget.AverageOfPost
                : SensitivityTarget.AtEventTime(target.GetProperty("event_time").GetInt32()),
        };
        var result = bounds.Fit(new EventStudyEstimates(times, beta, sigma));

        var expected = c.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, result.Rows.Count);
        for (int k = 0; k < expected.Length; k++)
        {
            var e = expected[k];
            var r = result.Rows[k];
            Assert.Equal(e.GetProperty("mbar").GetDouble(), r.Mbar);
            Assert.Equal(e.GetProperty("identified_low").GetDouble(), r.IdentifiedLow, 1e-6);
            Assert.Equal(e.GetProperty("identified_high").GetDouble(), r.IdentifiedHigh, 1e-6);
            Assert.Equal(e.GetProperty("ci_low").GetDouble(), r.CiLow, 1e-6);
            Assert.Equal(e.GetProperty("ci_high").GetDouble(), r.CiHigh, 1e-6);
        }
        AssertBreakdown(c.GetProperty("breakdown_zero"), result.Breakdown);
        AssertBreakdown(c.GetProperty("breakdown_fifth"), result.BreakdownFor(c.GetProperty("fifth_value").GetDouble()));
        AssertBreakdown(c.GetProperty("breakdown_double"), result.BreakdownFor(2 * result.PointEstimate));
    }

    private static void AssertBreakdown(JsonElement expected, SensitivityBreakdown actual)
    {
        if (expected.ValueKind == JsonValueKind.Null) { Assert.Null(actual.Mbar); return; }
        Assert.NotNull(actual.Mbar);
        Assert.False(actual.BeyondSearchLimit);
        Assert.Equal(expected.GetDouble(), actual.Mbar!.Value, 1e-6);
    }

    [Fact]
    public void At_Mbar_zero_without_pre_trend_the_interval_is_the_point_estimate_s_interval()
    {
        var es = Study(pre: [0, 0, 0], post: [0.2, 0.3, 0.25], out var sigma);
        var r = new RelativeMagnitudeBounds { Mbars = [0, 1] }.Fit(es);
        double se = Math.Sqrt(Enumerable.Range(3, 3).Sum(i => Enumerable.Range(3, 3).Sum(j => sigma[i, j])) / 9);
        double z = Normal.InvCDF(0, 1, 0.975);
        Assert.Equal(0.25, r.PointEstimate, 1e-12);
        Assert.Equal(se, r.StandardError, 1e-12);
        var row = r.Rows[0];
        Assert.Equal(0.25, row.IdentifiedLow, 1e-12);
        Assert.Equal(0.25, row.IdentifiedHigh, 1e-12);
        Assert.Equal(0.25 - z * se, row.CiLow, 1e-12);
        Assert.Equal(0.25 + z * se, row.CiHigh, 1e-12);
        // No pre-trend at all: the identified set stays a point for every M̄ (only sampling error widens the interval).
        Assert.Equal(0.25, r.Rows[1].IdentifiedLow, 1e-12);
        Assert.Equal(double.PositiveInfinity, r.IdentifiedBreakdownFor(0));
    }

    [Fact]
    public void Bounds_widen_monotonically_in_Mbar_and_each_interval_contains_its_identified_set()
    {
        var es = Study(pre: [0.03, -0.02, 0.01, 0.015], post: [0.1, 0.2, 0.22, 0.3], out _);
        double[] grid = [.. Enumerable.Range(0, 41).Select(k => k * 0.1)];
        foreach (var target in new[] { SensitivityTarget.AverageOfPost, SensitivityTarget.AtEventTime(0), SensitivityTarget.AtEventTime(3) })
        {
            var r = new RelativeMagnitudeBounds { Mbars = grid, Target = target }.Fit(es);
            for (int k = 1; k < grid.Length; k++)
            {
                var (a, b) = (r.Rows[k - 1], r.Rows[k]);
                Assert.True(b.IdentifiedLow <= a.IdentifiedLow + 1e-15 && b.IdentifiedHigh >= a.IdentifiedHigh - 1e-15);
                Assert.True(b.CiLow <= a.CiLow + 1e-15 && b.CiHigh >= a.CiHigh - 1e-15);
            }
            Assert.All(r.Rows, row => Assert.True(row.CiLow < row.IdentifiedLow && row.IdentifiedHigh < row.CiHigh));
        }
    }

    [Fact]
    public void Breakdown_is_where_the_interval_first_reaches_the_value()
    {
        var es = Study(pre: [0.01, -0.01, 0.02], post: [0.25, 0.3, 0.35], out _);
        var r = new RelativeMagnitudeBounds().Fit(es);
        var zero = r.Breakdown.Mbar!.Value;
        Assert.True(r.At(zero * 0.999).CiLow > 0);
        Assert.True(r.At(zero * 1.001).CiLow < 0);
        // A multiplier target on the log scale: "3x is consistent with the data only if trends differ by more than M̄ = …".
        var threeX = r.BreakdownFor(Math.Log(3));
        Assert.True(r.At(threeX.Mbar!.Value * 0.999).CiHigh < Math.Log(3));
        Assert.True(r.At(threeX.Mbar!.Value * 1.001).CiHigh > Math.Log(3));
        Assert.Null(r.BreakdownFor(r.PointEstimate).Mbar);
        var capped = (new RelativeMagnitudeBounds { BreakdownSearchLimit = 0.01 }).Fit(es).BreakdownFor(Math.Log(3));
        Assert.True(capped.BeyondSearchLimit);
        Assert.Equal(0.01, capped.Mbar);
    }

    [Fact]
    public void Robust_interval_covers_the_true_parameter_at_least_at_the_nominal_rate_under_the_worst_allowed_violation()
    {
        // β = τ + δ with δ ∈ Δ^RM(M̄): pre changes up to m, every post change +M̄·m (the worst direction for the average).
        // 4,000 draws of β̂ ~ N(β, Σ); nominal 95%; Monte Carlo SE ≈ 0.0035, so require ≥ 0.94.
        double[] deltaPre = [0.02, -0.01, 0.015];
        double m = new[] { -0.01 - 0.02, 0.015 + 0.01, -0.015 }.Max(Math.Abs);
        foreach (double mbar in new[] { 0.0, 0.5, 1.0 })
        {
            double[] tau = [0.2, 0.25, 0.3];
            double[] deltaPost = [.. Enumerable.Range(1, 3).Select(k => k * mbar * m)];
            double[] beta = [.. deltaPre, .. tau.Zip(deltaPost, (a, b) => a + b)];
            Study(pre: [0, 0, 0], post: [0, 0, 0], out var sigma);
            var chol = Matrix<double>.Build.DenseOfArray(sigma).Cholesky().Factor;
            var normal = new Normal(0, 1, new Random(7));
            var bounds = new RelativeMagnitudeBounds { Mbars = [mbar] };
            int covered = 0, draws = 4000;
            for (int d = 0; d < draws; d++)
            {
                var noise = chol * Vector<double>.Build.Dense(6, _ => normal.Sample());
                double[] draw = [.. beta.Select((b, i) => b + noise[i])];
                var row = bounds.Fit(new EventStudyEstimates([-4, -3, -2, 0, 1, 2], draw, sigma)).Rows[0];
                if (row.CiLow <= tau.Average() && tau.Average() <= row.CiHigh) covered++;
            }
            Assert.True(covered >= 0.94 * draws, $"M̄ = {mbar}: coverage {covered / (double)draws}");
        }
    }

    [Fact]
    public void Fit_is_deterministic_and_changes_neither_options_nor_input()
    {
        var es = Study(pre: [0.03, -0.02], post: [0.1, 0.2], out var sigma);
        var options = new RelativeMagnitudeBounds();
        var copy = options with { };
        var first = options.Fit(es);
        var second = options.Fit(es);
        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(first.Breakdown, second.Breakdown);
        Assert.Equal(copy, options);
        Assert.Equal([0.03, -0.02, 0.1, 0.2], es.Estimates);
        es.Covariance[0, 0] = 99; // a copy: the study keeps its own
        Assert.Equal(sigma[0, 0], es.Covariance[0, 0]);
    }

    [Fact]
    public void The_reference_period_is_dropped_when_given_as_zero()
    {
        var with = new EventStudyEstimates([-3, -2, -1, 0, 1], [0.01, 0.02, 0, 0.2, 0.3], Diagonal(0.01, 0.01, 0, 0.01, 0.01));
        Assert.Equal([-3, -2, 0, 1], with.EventTimes);
        Assert.Equal(2, with.PreCount);
        Assert.Equal(2, with.PostCount);
    }

    [Fact]
    public void Bad_input_is_rejected_with_the_exact_message()
    {
        void Expect(string message, Action action) => Assert.Equal(message, Assert.Throws<EstimationException>(action).Message);
        Expect("Event times must be consecutive from the earliest to -2 and from 0 to the latest (changes between adjacent periods are bounded). Event time -3 is missing.",
            () => new EventStudyEstimates([-4, -2, 0], [0, 0, 0], Diagonal(1, 1, 1)));
        Expect("Event times must be consecutive from the earliest to -2 and from 0 to the latest (changes between adjacent periods are bounded). Event time 1 is missing.",
            () => new EventStudyEstimates([-2, 0, 2], [0, 0, 0], Diagonal(1, 1, 1)));
        Expect("The relative-magnitudes bounds need at least one pre-adoption estimate (event time -2 or earlier): the largest pre-adoption change sets the scale.",
            () => new EventStudyEstimates([0, 1], [0, 0], Diagonal(1, 1)));
        Expect("Event time -1 is the reference period and must be 0 with variance 0 (or be left out). Got estimate 0.1 and variance 0.",
            () => new EventStudyEstimates([-2, -1, 0], [0, 0.1, 0], Diagonal(1, 0, 1)));
        Expect("The covariance of the event-study estimates must be symmetric, but entries (1, 2) and (2, 1) differ.",
            () => new EventStudyEstimates([-2, 0], [0, 0], new double[,] { { 1, 0.5 }, { 0.4, 1 } }));
        Expect("The variance of the event-study estimate at event time 0 must be at least 0. Got -1 instead.",
            () => new EventStudyEstimates([-2, 0], [0, 0], Diagonal(1, -1)));
        var es = new EventStudyEstimates([-2, 0, 1], [0, 0.1, 0.2], Diagonal(1, 1, 1));
        Expect("Every value of the 'Mbars' parameter of RelativeMagnitudeBounds must be a finite number at least 0. Got -0.5 instead.",
            () => new RelativeMagnitudeBounds { Mbars = [0, -0.5] }.Fit(es));
        Expect("The target event time 5 is not among the post-adoption estimates (0 to 1).",
            () => new RelativeMagnitudeBounds { Target = SensitivityTarget.AtEventTime(5) }.Fit(es));
        Expect("The 'ConfidenceLevel' parameter of RelativeMagnitudeBounds must be in (0, 1). Got 1 instead.",
            () => new RelativeMagnitudeBounds { ConfidenceLevel = 1 }.Fit(es));
    }

    [Fact]
    public void From_staggered_uses_the_dynamic_aggregation_and_its_influence_function_covariance()
    {
        var panel = StaggeredPanel();
        var universal = new StaggeredDid { BasePeriod = BasePeriod.Universal, Bootstrap = null }.Fit(panel);
        var es = EventStudyEstimates.FromStaggered(universal, -3, 2);
        Assert.Equal([-3, -2, 0, 1, 2], es.EventTimes);
        var cov = es.Covariance;
        for (int k = 0; k < es.EventTimes.Count; k++)
        {
            var element = universal.Dynamic[es.EventTimes[k]];
            Assert.Equal(element.Estimate, es.Estimates[k]);
            Assert.Equal(element.Effect.StandardError * element.Effect.StandardError, cov[k, k], 1e-12);
        }
        var varying = new StaggeredDid { Bootstrap = null }.Fit(panel);
        Assert.Equal("The sensitivity analysis needs the event study with a universal base period (every estimate relative to event time -1); refit the staggered DiD with BasePeriod = Universal.",
            Assert.Throws<EstimationException>(() => EventStudyEstimates.FromStaggered(varying, -3, 2)).Message);
    }

    /// <summary>12 units × 8 periods: cohorts 5 and 6 and never treated, a unit trend and noise, effect 0.3 after adoption.</summary>
    private static PanelData StaggeredPanel()
    {
        var rng = new Random(5);
        var unit = new List<int>(); var time = new List<int>(); var y = new List<double>(); var cohort = new List<int>();
        for (int i = 0; i < 12; i++)
        {
            int g = i % 3 == 0 ? 0 : i % 3 == 1 ? 5 : 6;
            for (int t = 1; t <= 8; t++)
            {
                unit.Add(i); time.Add(t); cohort.Add(g);
                y.Add(i * 0.1 + 0.05 * t + (g > 0 && t >= g ? 0.3 : 0) + 0.05 * (rng.NextDouble() - 0.5));
            }
        }
        return new PanelData(unit, time, y, [.. Enumerable.Range(0, 12).Select(i => $"u{i}")], cohort);
    }

    private static double[,] Diagonal(params double[] values)
    {
        var m = new double[values.Length, values.Length];
        for (int i = 0; i < values.Length; i++) m[i, i] = values[i];
        return m;
    }

    /// <summary>Event times −(pre)−1..−2 and 0..post−1 with a fixed, correlated covariance (AR(1)-like, sd 0.03).</summary>
    private static EventStudyEstimates Study(double[] pre, double[] post, out double[,] sigma)
    {
        int n = pre.Length + post.Length;
        sigma = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sigma[i, j] = 0.0009 * Math.Pow(0.4, Math.Abs(i - j));
        int[] times = [.. Enumerable.Range(-pre.Length - 1, pre.Length), .. Enumerable.Range(0, post.Length)];
        return new EventStudyEstimates(times, [.. pre, .. post], sigma);
    }
}
