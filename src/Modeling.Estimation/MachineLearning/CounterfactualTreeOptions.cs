using Modeling.Estimation.Regression;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// Hyper-parameters of the ML.NET FastTree regression the counterfactual model trains. The defaults are moderate,
/// regularised boosting: the target is each team's outcome relative to its own level, a smooth function of the period
/// and team attributes, so a few hundred shallow splits suffice; bigger ensembles mostly fit noise and cost time.
/// Trees are grown on one thread so that a fit is bit-for-bit reproducible; the cross-validation folds run in parallel instead.
/// </summary>
public sealed record CounterfactualTreeOptions
{
    public int NumberOfTrees { get; init; } = 100;
    public int NumberOfLeaves { get; init; } = 16;
    public int MinimumExampleCountPerLeaf { get; init; } = 20;
    public double LearningRate { get; init; } = 0.1;

    internal void Validate()
    {
        if (NumberOfTrees < 1) throw new EstimationException(CounterfactualMessages.OptionOutOfRange(nameof(NumberOfTrees), "at least 1", NumberOfTrees));
        if (NumberOfLeaves < 2) throw new EstimationException(CounterfactualMessages.OptionOutOfRange(nameof(NumberOfLeaves), "at least 2", NumberOfLeaves));
        if (MinimumExampleCountPerLeaf < 1)
            throw new EstimationException(CounterfactualMessages.OptionOutOfRange(nameof(MinimumExampleCountPerLeaf), "at least 1", MinimumExampleCountPerLeaf));
        if (!(LearningRate > 0) || LearningRate > 1)
            throw new EstimationException(CounterfactualMessages.OptionOutOfRange(nameof(LearningRate), "in (0, 1]", LearningRate));
    }
}
