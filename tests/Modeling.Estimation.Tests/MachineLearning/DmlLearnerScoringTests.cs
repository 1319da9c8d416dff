using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Modeling.Estimation.MachineLearning;

namespace Modeling.Estimation.Tests.MachineLearning;

/// <summary>
/// DML scores the held-out fold by walking the trained trees itself (LearnerTreeEnsemble). Oracle: ML.NET's own
/// Transform → Score column for a model trained here independently on the same rows with the same options and seed.
/// Tolerance: 1e-5 relative to the outcome's spread (ML.NET adds the tree outputs in float, DML in double).
/// </summary>
public class DmlLearnerScoringTests
{
    private sealed class Row
    {
        public float Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    [Theory]
    [InlineData(DmlLearner.FastTree)]
    [InlineData(DmlLearner.LightGbm)]
    public void Out_of_fold_predictions_equal_MLNET_scores(DmlLearner learner)
    {
        var input = DmlTestData.Load401k();
        var options = new DoubleMachineLearning { Learner = learner, Folds = 2, Repetitions = 1, Seed = 3 };
        var fit = options.Fit(input);
        var folds = fit.Folds.FoldOfRow[0];
        // The seed DoubleMachineLearning gives repetition 0, fold 0, outcome nuisance: Seed·7919 + 0·1009 + 0·2 + 0.
        int seed = options.Seed * 7919;
        var ml = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, input.FeatureNames.Count);
        IDataView View(bool heldOut) => ml.Data.LoadFromEnumerable(
            Enumerable.Range(0, input.Count).Where(i => (folds[i] == 0) == heldOut)
                .Select(i => new Row { Label = (float)input.Outcome[i], Features = [.. input.Covariates[i].Select(v => (float)v)] }), schema);
        var s = options.LearnerSettings;
        ITransformer model = learner == DmlLearner.FastTree
            ? ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                NumberOfTrees = s.NumberOfTrees, NumberOfLeaves = s.NumberOfLeaves, MinimumExampleCountPerLeaf = s.MinimumExampleCountPerLeaf,
                LearningRate = s.LearningRate, NumberOfThreads = s.Threads, Seed = seed,
            }).Fit(View(heldOut: false))
            : ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                NumberOfIterations = s.NumberOfTrees, NumberOfLeaves = s.NumberOfLeaves, MinimumExampleCountPerLeaf = s.MinimumExampleCountPerLeaf,
                LearningRate = s.LearningRate, NumberOfThreads = s.Threads, Seed = seed, Silent = true, Verbose = false,
            }).Fit(View(heldOut: false));
        var expected = model.Transform(View(heldOut: true)).GetColumn<float>("Score").ToArray();
        var heldOutRows = Enumerable.Range(0, input.Count).Where(i => folds[i] == 0).ToArray();
        double spread = input.Outcome.Max() - input.Outcome.Min();
        Assert.Equal(heldOutRows.Length, expected.Length);
        for (int k = 0; k < heldOutRows.Length; k++)
        {
            int i = heldOutRows[k];
            double prediction = input.Outcome[i] - fit.Repetitions[0].OutcomeResidual[i];
            Assert.True(Math.Abs(prediction - expected[k]) <= 1e-5 * spread, $"row {i + 1}: DML {prediction:R}, ML.NET {expected[k]:R}");
        }
    }
}
