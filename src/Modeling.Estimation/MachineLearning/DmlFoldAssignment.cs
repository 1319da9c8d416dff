using Modeling.Estimation.Regression;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// The cross-fitting folds: for each repetition, the fold (0..<see cref="Folds"/>−1) of every row. Rows of one cluster
/// always share a fold, so no cluster's rows train the nuisance model that predicts them.
/// </summary>
public sealed record DmlFoldAssignment(int Folds, IReadOnlyList<int[]> FoldOfRow)
{
    /// <summary>
    /// Random folds by cluster: per repetition the clusters (in ascending index order) are shuffled with one seeded
    /// <see cref="Random"/> and dealt round-robin to the folds, so fold sizes differ by at most one cluster.
    /// </summary>
    public static DmlFoldAssignment ByCluster(IReadOnlyList<int> clusterOfRow, int clusterCount, int folds, int repetitions, int seed)
    {
        var random = new Random(seed);
        var perRepetition = new int[repetitions][];
        for (int r = 0; r < repetitions; r++)
        {
            var order = Enumerable.Range(0, clusterCount).ToArray();
            random.Shuffle(order);
            var foldOfCluster = new int[clusterCount];
            for (int position = 0; position < clusterCount; position++) foldOfCluster[order[position]] = position % folds;
            var foldOfRow = new int[clusterOfRow.Count];
            for (int i = 0; i < foldOfRow.Length; i++) foldOfRow[i] = foldOfCluster[clusterOfRow[i]];
            perRepetition[r] = foldOfRow;
        }
        return new DmlFoldAssignment(folds, perRepetition);
    }

    /// <summary>Checks an injected assignment against the data (shape, range, non-empty folds, clusters kept whole).</summary>
    internal void Validate(int rows, int repetitions, IReadOnlyList<int> clusterOfRow, int clusterCount)
    {
        if (Folds < 2) throw new EstimationException(DmlMessages.FoldsOutOfRange(Folds));
        if (FoldOfRow.Count != repetitions) throw new EstimationException(DmlMessages.InjectedFoldsShape(FoldOfRow.Count, repetitions));
        for (int r = 0; r < FoldOfRow.Count; r++)
        {
            var folds = FoldOfRow[r];
            if (folds.Length != rows) throw new EstimationException(DmlMessages.InjectedFoldsLength(r + 1, folds.Length, rows));
            var sizes = new int[Folds];
            var foldOfCluster = new int[clusterCount];
            Array.Fill(foldOfCluster, -1);
            for (int i = 0; i < rows; i++)
            {
                int f = folds[i];
                if (f < 0 || f >= Folds) throw new EstimationException(DmlMessages.InjectedFoldOutOfRange(r + 1, i + 1, f, Folds));
                sizes[f]++;
                int g = clusterOfRow[i];
                if (foldOfCluster[g] < 0) foldOfCluster[g] = f;
                else if (foldOfCluster[g] != f) throw new EstimationException(DmlMessages.InjectedFoldSplitsCluster(r + 1, g));
            }
            for (int f = 0; f < Folds; f++)
                if (sizes[f] == 0) throw new EstimationException(DmlMessages.InjectedFoldEmpty(r + 1, f));
        }
    }
}
