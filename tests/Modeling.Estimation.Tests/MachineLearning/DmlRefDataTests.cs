using Modeling.Estimation.MachineLearning;

namespace Modeling.Estimation.Tests.MachineLearning;

/// <summary>
/// The 401(k) example of Chernozhukov et al. (2018) as DoubleML documents it (../shared/refdata/README.md):
/// partially linear model of net_tfa on e401 with nine covariates, 9,915 households. Published with tree learners
/// (DoubleML R docs, 3 folds, seed 123): random forest 9,127 (SE 1,313), regression tree 8,210 (1,324), boosted trees
/// 8,700 (1,360); the README's accepted range with tree learners: estimate 7,500–10,000, SE 1,100–1,500.
/// Measured here (default learner settings: 50 trees, 16 leaves, rate 0.2; 5 folds): FastTree, 3 repetitions, seed 123:
/// 9,020 (SE 1,347), seed 7: 9,087 (SE 1,293); LightGbm, 1 repetition, seed 123: 8,747 (SE 1,292).
/// </summary>
public class DmlRefDataTests
{
    private static readonly Lazy<DmlInput> Data = new(() => DmlTestData.Load401k());
    private static readonly Lazy<DmlResult> FastTree = new(() => new DoubleMachineLearning { Seed = 123 }.Fit(Data.Value));

    [Fact]
    public void FastTree_estimate_and_se_are_inside_the_published_range()
    {
        var fit = FastTree.Value;
        Assert.InRange(fit.Theta, 7_500, 10_000);
        Assert.InRange(fit.StandardError, 1_100, 1_500);
        Assert.Equal(9_915, fit.ObservationCount);
        Assert.Equal(9_915, fit.ClusterCount);
        Assert.Equal("fast_tree", fit.LearnerName);
        Assert.Equal(3, fit.Repetitions.Count);
        Assert.True(fit.CiLow < fit.Theta && fit.Theta < fit.CiHigh);
        Assert.True(fit.PValue < 0.001);
        // Nuisance fit quality: DoubleML's boosted trees reach out-of-fold R² of roughly 0.2–0.3 for net_tfa and
        // 0.1–0.2 for e401 on these data; a learner far outside that band would mean a broken data hand-off.
        Assert.InRange(fit.OutcomeR2, 0.15, 0.40);
        Assert.InRange(fit.TreatmentR2, 0.08, 0.25);
    }

    [Fact]
    public void FastTree_is_deterministic_for_a_seed()
    {
        var again = new DoubleMachineLearning { Seed = 123 }.Fit(Data.Value);
        Assert.Equal(FastTree.Value.RepetitionThetas, again.RepetitionThetas);
        Assert.Equal(FastTree.Value.StandardError, again.StandardError);
        Assert.Equal(FastTree.Value.Repetitions[0].OutcomeResidual, again.Repetitions[0].OutcomeResidual);
        Assert.Equal(FastTree.Value.Folds.FoldOfRow[2], again.Folds.FoldOfRow[2]);
    }

    [Fact]
    public void Another_seed_draws_other_folds_but_stays_in_the_published_range()
    {
        var other = new DoubleMachineLearning { Seed = 7 }.Fit(Data.Value);
        Assert.NotEqual(FastTree.Value.Folds.FoldOfRow[0], other.Folds.FoldOfRow[0]);
        Assert.InRange(other.Theta, 7_500, 10_000);
        Assert.InRange(other.StandardError, 1_100, 1_500);
    }

    [Fact]
    public void LightGbm_estimate_is_inside_the_published_range_and_deterministic()
    {
        var options = new DoubleMachineLearning { Learner = DmlLearner.LightGbm, Seed = 123, Repetitions = 1 };
        var fit = options.Fit(Data.Value);
        Assert.InRange(fit.Theta, 7_500, 10_000);
        Assert.InRange(fit.StandardError, 1_100, 1_500);
        Assert.Equal(fit.Theta, options.Fit(Data.Value).Theta);
        Assert.Equal("light_gbm", fit.LearnerName);
    }

    [Fact]
    public void Fitting_does_not_change_the_input()
    {
        var input = DmlTestData.Load401k();
        double[] outcome = [.. input.Outcome];
        double[] firstRow = [.. input.Covariates[0]];
        new DoubleMachineLearning { Learner = DmlLearner.Linear }.Fit(input);
        Assert.Equal(outcome, input.Outcome);
        Assert.Equal(firstRow, input.Covariates[0]);
    }
}
