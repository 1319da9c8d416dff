using System.Text.Json;
using Modeling.Estimation.MachineLearning;
using Modeling.Tests;

namespace Modeling.Estimation.Tests.MachineLearning;

/// <summary>
/// DML with the Linear (OLS) learner against an independent statsmodels computation with the same folds injected:
/// Fixtures/dml/make_dml_oracle.py (statsmodels 0.13.5) → dml_oracle.json, dml_oracle_folds.csv. Data: the 401(k)
/// file with artificial clusters of 10 consecutive rows (992 clusters), 5 folds by cluster, 3 repetitions.
/// Tolerance: relative 1e-6 on θ and SEs (both sides solve least squares in double precision; the covariates
/// include incomes of order 1e5, so agreement is ~1e-9 in practice).
/// </summary>
public class DmlOracleTests
{
    private static string Fixture(string name) =>
        Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Estimation.Tests", "Fixtures", "dml", name);

    private static readonly Lazy<(int[] Cluster, int[][] Folds, JsonElement Expected)> Oracle = new(() =>
    {
        var (_, rows) = DmlTestData.ReadCsv(Fixture("dml_oracle_folds.csv"));
        int[] cluster = [.. rows.Select(r => (int)r[1])];
        int[][] folds = [.. Enumerable.Range(0, 3).Select(rep => rows.Select(r => (int)r[2 + rep]).ToArray())];
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("dml_oracle.json")));
        return (cluster, folds, doc.RootElement.Clone());
    });

    private static DmlResult FitLinear(bool clustered) =>
        new DoubleMachineLearning { Learner = DmlLearner.Linear, Folds = 5, Repetitions = 3 }
            .Fit(DmlTestData.Load401k(clustered ? i => Oracle.Value.Cluster[i] : null), new DmlFoldAssignment(5, Oracle.Value.Folds));

    private static void Close(double expected, double actual, double relative = 1e-6) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Linear_learner_reproduces_cross_fitted_ols_theta_and_cluster_se_of_statsmodels()
    {
        var fit = FitLinear(clustered: true);
        var expected = Oracle.Value.Expected;
        var reps = expected.GetProperty("repetitions").EnumerateArray().ToArray();
        for (int r = 0; r < 3; r++)
        {
            Close(reps[r].GetProperty("theta").GetDouble(), fit.Repetitions[r].Theta);
            Close(reps[r].GetProperty("se_cluster").GetDouble(), fit.Repetitions[r].StandardError);
            Close(reps[r].GetProperty("outcome_r2").GetDouble(), fit.Repetitions[r].OutcomeR2);
            Close(reps[r].GetProperty("treatment_r2").GetDouble(), fit.Repetitions[r].TreatmentR2);
        }
        // Median aggregation of θ and the median-corrected SE, computed by the script with numpy.
        Close(expected.GetProperty("theta").GetDouble(), fit.Theta);
        Close(expected.GetProperty("se_cluster").GetDouble(), fit.StandardError);
        Assert.Equal(992, fit.ClusterCount);
        Assert.Equal("cluster", fit.CovarianceType);
    }

    [Fact]
    public void Without_cluster_ids_each_row_is_its_own_cluster_as_statsmodels_hc1()
    {
        var fit = FitLinear(clustered: false);
        var reps = Oracle.Value.Expected.GetProperty("repetitions").EnumerateArray().ToArray();
        for (int r = 0; r < 3; r++) Close(reps[r].GetProperty("se_rows").GetDouble(), fit.Repetitions[r].StandardError);
        Assert.Equal("heteroskedasticity", fit.CovarianceType);
        Assert.Equal(9_915, fit.ClusterCount);
    }

    [Fact]
    public void Cross_fitted_linear_dml_is_close_to_full_sample_ols_with_the_same_controls()
    {
        // Frisch–Waugh–Lovell: with in-sample OLS nuisances θ would equal the OLS coefficient exactly; cross-fitting
        // perturbs the residuals by the fold-to-fold variation of the OLS coefficients, O(1/n) here. statsmodels' full
        // OLS coefficient is 5,896.2 (SE 1,524); the gap must be a small fraction of one SE (measured: 3.7, i.e. 0.002 SE).
        var fit = FitLinear(clustered: false);
        var full = Oracle.Value.Expected.GetProperty("full_ols");
        Assert.InRange(fit.Theta - full.GetProperty("coefficient").GetDouble(), -0.05 * full.GetProperty("se_hc1").GetDouble(),
            0.05 * full.GetProperty("se_hc1").GetDouble());
    }

    [Fact]
    public void Score_and_influence_reproduce_theta_and_se()
    {
        var fit = FitLinear(clustered: true);
        var rep = fit.Repetitions[0];
        // The score has mean zero at θ (the estimating equation) and the influence φ_i = n·ψ_i / Σṽ² sums to zero too.
        Assert.True(Math.Abs(rep.Score.Sum()) < 1e-6 * rep.Score.Select(Math.Abs).Sum());
        Assert.True(Math.Abs(rep.Influence.Average()) < 1e-6 * rep.Theta);
        // Cluster variance from the influence: G/(G−1)·Σ_g(Σφ)²/n².
        var byCluster = rep.Influence.Select((phi, i) => (phi, g: Oracle.Value.Cluster[i])).GroupBy(p => p.g).Select(g => g.Sum(p => p.phi));
        double n = rep.Influence.Count, groups = fit.ClusterCount;
        Close(rep.StandardError, Math.Sqrt(groups / (groups - 1) * byCluster.Sum(s => s * s)) / n, 1e-9);
    }
}
