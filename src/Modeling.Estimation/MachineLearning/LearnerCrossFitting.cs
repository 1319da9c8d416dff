using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// One nuisance regression of cross-fitting: learn <c>target ~ X</c> on every row outside <paramref name="Fold"/> and
/// predict the rows inside it.
/// </summary>
internal sealed record LearnerTask(double[] Target, int[] FoldOfRow, int Fold, double[] Predictions, int Seed);

/// <summary>
/// Out-of-fold predictions with the chosen learner. Each task writes only the rows of its own fold, so running the
/// tasks in parallel gives the same numbers as running them one by one; every tree fit has its own
/// <see cref="MLContext"/> seeded per task, so scheduling order cannot change a result.
/// </summary>
internal sealed class LearnerCrossFitting(DmlLearner learner, LearnerSettings settings, IReadOnlyList<double[]> covariates)
{
    private readonly float[][] _features = learner == DmlLearner.Linear
        ? []
        : [.. covariates.Select(row => row.Select(v => (float)v).ToArray())];

    public void Run(IReadOnlyList<LearnerTask> tasks)
    {
        int parallel = Math.Max(1, Environment.ProcessorCount / Math.Max(1, settings.Threads));
        Parallel.For(0, tasks.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, t => Run(tasks[t]));
    }

    private void Run(LearnerTask task)
    {
        var train = new List<int>();
        var test = new List<int>();
        for (int i = 0; i < task.FoldOfRow.Length; i++) (task.FoldOfRow[i] == task.Fold ? test : train).Add(i);
        if (learner == DmlLearner.Linear) FitLinear(task, train, test);
        else FitTrees(task, train, test);
    }

    private void FitLinear(LearnerTask task, List<int> train, List<int> test)
    {
        int p = covariates[0].Length;
        var x = Matrix<double>.Build.Dense(train.Count, p + 1, (r, c) => c == 0 ? 1.0 : covariates[train[r]][c - 1]);
        var y = Vector<double>.Build.Dense(train.Count, r => task.Target[train[r]]);
        var beta = x.QR().Solve(y);
        foreach (int i in test)
        {
            double prediction = beta[0];
            for (int j = 0; j < p; j++) prediction += beta[j + 1] * covariates[i][j];
            task.Predictions[i] = prediction;
        }
    }

    private sealed class Row
    {
        public float Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    private void FitTrees(LearnerTask task, List<int> train, List<int> test)
    {
        var ml = new MLContext(task.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, _features[0].Length);
        IDataView View(List<int> rows) => ml.Data.LoadFromEnumerable(
            rows.Select(i => new Row { Label = (float)task.Target[i], Features = _features[i] }), schema);

        var ensemble = learner == DmlLearner.FastTree
            ? LearnerTraining.Run("fast_tree", () => FastTreeTrainer(ml, task.Seed).Fit(View(train)).Model.TrainedTreeEnsemble)
            : LearnerTraining.Run("light_gbm", () => LightGbmTrainer(ml, task.Seed).Fit(View(train)).Model.TrainedTreeEnsemble);
        foreach (int i in test) task.Predictions[i] = LearnerTreeEnsemble.Predict(ensemble, _features[i]);
    }

    private FastTreeRegressionTrainer FastTreeTrainer(MLContext ml, int seed) => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
    {
        NumberOfTrees = settings.NumberOfTrees,
        NumberOfLeaves = settings.NumberOfLeaves,
        MinimumExampleCountPerLeaf = settings.MinimumExampleCountPerLeaf,
        LearningRate = settings.LearningRate,
        NumberOfThreads = settings.Threads,
        Seed = seed,
    });

    private LightGbmRegressionTrainer LightGbmTrainer(MLContext ml, int seed) => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
    {
        NumberOfIterations = settings.NumberOfTrees,
        NumberOfLeaves = settings.NumberOfLeaves,
        MinimumExampleCountPerLeaf = settings.MinimumExampleCountPerLeaf,
        LearningRate = settings.LearningRate,
        NumberOfThreads = settings.Threads,
        Seed = seed,
        Silent = true,
        Verbose = false,
    });
}
