using Modeling.Estimation.Regression;

namespace Modeling.Estimation.MachineLearning;

/// <summary>The nuisance learner of double machine learning.</summary>
public enum DmlLearner
{
    /// <summary>ML.NET FastTree gradient-boosted regression trees (default).</summary>
    FastTree,

    /// <summary>ML.NET LightGBM gradient-boosted regression trees.</summary>
    LightGbm,

    /// <summary>Ordinary least squares with an intercept (the oracle learner: DML then reproduces partialled-out OLS).</summary>
    Linear,
}

/// <summary>
/// Hyper-parameters of the tree learners (ignored by <see cref="DmlLearner.Linear"/>). The defaults are shallow,
/// strongly regularised boosting: the nuisances only need to be good predictors, and cross-fitting guards against
/// overfitting bias. 50 trees at rate 0.2 cost half of 100 at 0.1 with the same estimates on the 401(k) and benchmark
/// data (θ within 0.05 SE). <see cref="Threads"/> = 1 makes LightGBM's histogram sums run in one fixed order (deterministic);
/// the folds are fitted in parallel instead.
/// </summary>
public sealed record LearnerSettings
{
    public int NumberOfTrees { get; init; } = 50;
    public int NumberOfLeaves { get; init; } = 16;
    public int MinimumExampleCountPerLeaf { get; init; } = 20;
    public double LearningRate { get; init; } = 0.2;
    /// <summary>Threads per nuisance fit (1 = deterministic and lets folds run side by side).</summary>
    public int Threads { get; init; } = 1;

    internal void Validate()
    {
        if (NumberOfTrees < 1) throw new EstimationException(DmlMessages.LearnerSettingOutOfRange(nameof(NumberOfTrees), "at least 1", NumberOfTrees));
        if (NumberOfLeaves < 2) throw new EstimationException(DmlMessages.LearnerSettingOutOfRange(nameof(NumberOfLeaves), "at least 2", NumberOfLeaves));
        if (MinimumExampleCountPerLeaf < 1)
            throw new EstimationException(DmlMessages.LearnerSettingOutOfRange(nameof(MinimumExampleCountPerLeaf), "at least 1", MinimumExampleCountPerLeaf));
        if (!(LearningRate > 0) || LearningRate > 1)
            throw new EstimationException(DmlMessages.LearnerSettingOutOfRange(nameof(LearningRate), "in (0, 1]", LearningRate));
        if (Threads < 1) throw new EstimationException(DmlMessages.LearnerSettingOutOfRange(nameof(Threads), "at least 1", Threads));
    }
}
