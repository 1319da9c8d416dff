using Modeling.Estimation.Numerics;

namespace Modeling.Estimation.Tests.Numerics;

/// <summary>The hand-written numerics behind the robust intervals, against hand-solved programs and R's TruncatedNormal.</summary>
public class LinearProgramAndTruncatedNormalTests
{
    [Fact]
    public void Simplex_solves_a_hand_solved_program_with_its_duals()
    {
        // max 3x + 2y s.t. x + y + s1 = 4, x + 3y + s2 = 6, x - s3 = 1 (x ≥ 1), all ≥ 0.
        // Optimum x = 4, y = 0 (value 12); duals y = (3, 0, 0): the first row binds, x ≥ 1 and the second do not.
        var lp = StandardFormSimplex.Maximize([3, 2, 0, 0, 0], new double[,] { { 1, 1, 1, 0, 0 }, { 1, 3, 0, 1, 0 }, { 1, 0, 0, 0, -1 } }, [4, 6, 1]);
        Assert.Equal(LinearProgramStatus.Optimal, lp.Status);
        Assert.Equal(12, lp.Value, 1e-12);
        Assert.Equal(4, lp.Solution[0], 1e-12);
        Assert.Equal(0, lp.Solution[1], 1e-12);
        Assert.Equal([3, 0, 0], lp.Duals.Select(d => Math.Round(d, 12)));
    }

    [Fact]
    public void Simplex_duals_of_a_negative_right_hand_side_keep_the_row_as_given()
    {
        // max −x s.t. −x = −2 (x = 2): value −2, dual y with y·(−1) ≥ −1 tight → y = 1; y'b = −2 = value.
        var lp = StandardFormSimplex.Maximize([-1], new double[,] { { -1 } }, [-2]);
        Assert.Equal(-2, lp.Value, 1e-12);
        Assert.Equal(1, lp.Duals[0], 1e-12);
    }

    [Fact]
    public void Simplex_reports_infeasible_and_unbounded_programs()
    {
        Assert.Equal(LinearProgramStatus.Infeasible, StandardFormSimplex.Maximize([1, 1], new double[,] { { 1, 1 } }, [-1]).Status);
        Assert.Equal(LinearProgramStatus.Unbounded, StandardFormSimplex.Maximize([1, 0], new double[,] { { 1, -1 } }, [1]).Status);
    }

    [Theory]
    // Rscript -e 'library(TruncatedNormal); print(norminvp(p, l, u), digits = 17)'  (TruncatedNormal 2.1, R 4.2.2)
    [InlineData(0.5, 0, double.PositiveInfinity, 0.67448975019608171)]
    [InlineData(0.3, -2, 1, -0.61787607301140890)]
    [InlineData(0.95, 5, 6, 5.53831435429678987)]
    [InlineData(0.5, 40, double.PositiveInfinity, 40.01731412691237466)]
    [InlineData(0.01, -50, -45, -45.10217077999390511)]
    [InlineData(0.999, double.NegativeInfinity, -38, -38.00002631086342575)]
    [InlineData(0.2, 1.0, 1.000000001, 1.00000000020000024)]
    public void Truncated_normal_quantiles_match_R(double p, double lower, double upper, double expected)
    {
        double q = TruncatedStandardNormal.Quantile(p, lower, upper);
        Assert.True(Math.Abs(q - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{q} vs {expected}");
    }
}
