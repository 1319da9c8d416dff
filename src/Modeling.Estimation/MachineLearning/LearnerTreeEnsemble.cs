using Microsoft.ML.Trainers.FastTree;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// Scores rows with a trained ML.NET tree ensemble directly: Bias + Σ_t weight_t · leaf value of tree t. ML.NET's
/// Transform → Score pipeline costs more than the training itself at 60,000 rows; walking the trees is what it does
/// underneath (numeric splits: feature ≤ threshold goes to the left child; a negative child c is leaf ~c). Tested to
/// equal ML.NET's own scores.
/// </summary>
internal static class LearnerTreeEnsemble
{
    public static double Predict(TreeEnsemble<RegressionTree> ensemble, float[] features)
    {
        double score = ensemble.Bias;
        var trees = ensemble.Trees;
        var weights = ensemble.TreeWeights;
        for (int t = 0; t < trees.Count; t++)
        {
            // Features come without categorical annotations, so ML.NET never makes categorical splits here.
            if (trees[t].CategoricalSplitFlags.Any(flag => flag)) throw new NotSupportedException("categorical tree split");
            score += weights[t] * Leaf(trees[t], features);
        }
        return score;
    }

    private static double Leaf(RegressionTree tree, float[] features)
    {
        if (tree.NumberOfLeaves <= 1) return tree.LeafValues[0];
        var left = tree.LeftChild;
        var right = tree.RightChild;
        var feature = tree.NumericalSplitFeatureIndexes;
        var threshold = tree.NumericalSplitThresholds;
        int node = 0;
        while (node >= 0) node = features[feature[node]] <= threshold[node] ? left[node] : right[node];
        return tree.LeafValues[~node];
    }
}
