using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.Tests.MachineLearning;

/// <summary>Bad input and bad options: the exact message of each.</summary>
public class DmlValidationTests
{
    private static DmlInput Small(int n = 20, Func<int, double>? treatment = null, int[]? clusters = null) => new(
        [.. Enumerable.Range(0, n).Select(i => (double)(i % 7))],
        [.. Enumerable.Range(0, n).Select(treatment ?? (i => i % 2))],
        [.. Enumerable.Range(0, n).Select(i => new[] { i * 0.5, (double)(i % 3) })],
        ["x1", "x2"], clusters, "y", "d");

    private static string Error(DmlInput input, DoubleMachineLearning? options = null, DmlFoldAssignment? folds = null) =>
        Assert.Throws<EstimationException>(() => (options ?? new DoubleMachineLearning { Learner = DmlLearner.Linear, Repetitions = 1 }).Fit(input, folds)).Message;

    [Fact]
    public void Non_finite_values_name_column_row_and_value()
    {
        var input = Small();
        var y = input.Outcome.ToArray();
        y[4] = double.NaN;
        Assert.Equal("The 'y' column has the non-finite value NaN at row 5; every value must be a finite number.", Error(input with { Outcome = y }));
        var x = input.Covariates.Select(r => r.ToArray()).ToArray();
        x[0][1] = double.PositiveInfinity;
        Assert.Equal("The 'x2' column has the non-finite value Infinity at row 1; every value must be a finite number.", Error(input with { Covariates = x }));
    }

    [Fact]
    public void Lengths_must_agree()
    {
        var input = Small();
        Assert.Equal("The 'd' input has 19 values, but the outcome has 20; every input needs one value per observation.",
            Error(input with { Treatment = input.Treatment.Take(19).ToArray() }));
        Assert.Equal("The 'cluster ids' input has 3 values, but the outcome has 20; every input needs one value per observation.",
            Error(input with { ClusterIds = [1, 2, 3] }));
        Assert.Equal("Covariate row 2 has 1 values, but there are 2 feature names.",
            Error(input with { Covariates = [.. input.Covariates.Select((r, i) => i == 1 ? r.Take(1).ToArray() : r)] }));
    }

    [Fact]
    public void Empty_input_no_covariates_and_duplicate_names()
    {
        Assert.Equal("Double machine learning needs at least one observation; the input has none.", Error(new DmlInput([], [], [], ["x"])));
        Assert.Equal("Double machine learning needs at least one covariate (the controls X of the nuisance models); none were given.",
            Error(Small() with { FeatureNames = [], Covariates = [.. Enumerable.Range(0, 20).Select(_ => Array.Empty<double>())] }));
        Assert.Equal("The feature name 'x1' appears more than once; every covariate needs its own name.", Error(Small() with { FeatureNames = ["x1", "x1"] }));
    }

    [Fact]
    public void Constant_treatment_is_not_identified()
    {
        Assert.Equal("The treatment is 0.5 in every observation: its effect is not identified.", Error(Small(treatment: _ => 0.5)));
    }

    [Fact]
    public void Fewer_clusters_than_folds()
    {
        Assert.Equal("Cross-fitting with 5 folds split by cluster needs at least 5 clusters. Got 3 instead.",
            Error(Small(clusters: [.. Enumerable.Range(0, 20).Select(i => i % 3)])));
    }

    [Fact]
    public void Options_out_of_range()
    {
        Assert.Equal("The 'Folds' parameter of DoubleMachineLearning must be at least 2. Got 1 instead.", Error(Small(), new DoubleMachineLearning { Folds = 1 }));
        Assert.Equal("The 'Repetitions' parameter of DoubleMachineLearning must be at least 1. Got 0 instead.", Error(Small(), new DoubleMachineLearning { Repetitions = 0 }));
        Assert.Equal("The 'ConfidenceLevel' parameter of DoubleMachineLearning must be in (0, 1). Got 1 instead.", Error(Small(), new DoubleMachineLearning { ConfidenceLevel = 1 }));
        Assert.Equal("The 'LearningRate' parameter of LearnerSettings must be in (0, 1]. Got 0 instead.",
            Error(Small(), new DoubleMachineLearning { LearnerSettings = new() { LearningRate = 0 } }));
    }

    [Fact]
    public void Injected_folds_must_fit_the_data_and_keep_clusters_whole()
    {
        var options = new DoubleMachineLearning { Learner = DmlLearner.Linear, Folds = 2, Repetitions = 1 };
        int[] clusters = [.. Enumerable.Range(0, 20).Select(i => i / 2)];
        var input = Small(clusters: clusters);
        int[] good = [.. clusters.Select(c => c % 2)];
        Assert.Equal("The injected fold assignment has 3 folds, but the options ask for 2.", Error(input, options, new DmlFoldAssignment(3, [good])));
        Assert.Equal("The injected fold assignment has 2 repetitions, but the options ask for 1.", Error(input, options, new DmlFoldAssignment(2, [good, good])));
        Assert.Equal("Repetition 1 of the injected fold assignment has 19 rows, but the input has 20.", Error(input, options, new DmlFoldAssignment(2, [good[..19]])));
        int[] split = [.. good];
        split[1] = 1 - split[1];
        Assert.Equal("Repetition 1 of the injected fold assignment puts rows of cluster 0 into different folds; a cluster must stay in one fold.",
            Error(input, options, new DmlFoldAssignment(2, [split])));
        Assert.Equal("Repetition 1 of the injected fold assignment leaves fold 1 empty; every fold needs observations.",
            Error(input, options, new DmlFoldAssignment(2, [new int[20]])));
        int[] outOfRange = [.. good];
        outOfRange[0] = 2;
        Assert.Equal("Repetition 1 of the injected fold assignment puts row 1 in fold 2; folds are numbered 0 to 1.",
            Error(input, options, new DmlFoldAssignment(2, [outOfRange])));
    }

    [Fact]
    public void A_treatment_the_covariates_predict_exactly_is_not_identified()
    {
        // d = i = 2·x1 is linear in the covariates: the OLS nuisance leaves residuals at rounding level.
        var input = Small(treatment: i => i);
        Assert.Equal("The treatment residuals are zero (below 1e-12 of the treatment's variation): the covariates predict the treatment exactly, so its effect is not identified.",
            Error(input));
    }
}
