using Modeling.Estimation.Regression;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// The data of a partially linear model: outcome Y, treatment D (continuous or 0/1), covariates X (row-major, one row
/// per observation, columns named by <see cref="FeatureNames"/>) and optional cluster ids (e.g. teams; without them each
/// row is its own cluster). The arrays are not copied: do not change them while a fit runs.
/// </summary>
public sealed record DmlInput(
    IReadOnlyList<double> Outcome,
    IReadOnlyList<double> Treatment,
    IReadOnlyList<double[]> Covariates,
    IReadOnlyList<string> FeatureNames,
    IReadOnlyList<int>? ClusterIds = null,
    string OutcomeName = "outcome",
    string TreatmentName = "treatment")
{
    public int Count => Outcome.Count;

    /// <summary>Throws <see cref="EstimationException"/> (text from <see cref="DmlMessages"/>) on the first problem found.</summary>
    public void Validate()
    {
        int n = Outcome.Count;
        if (n == 0) throw new EstimationException(DmlMessages.Empty);
        if (Treatment.Count != n) throw new EstimationException(DmlMessages.LengthMismatch(TreatmentName, Treatment.Count, n));
        if (Covariates.Count != n) throw new EstimationException(DmlMessages.LengthMismatch("covariates", Covariates.Count, n));
        if (ClusterIds is { } ids && ids.Count != n) throw new EstimationException(DmlMessages.LengthMismatch("cluster ids", ids.Count, n));
        if (FeatureNames.Count == 0) throw new EstimationException(DmlMessages.NoCovariates);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in FeatureNames)
            if (!seen.Add(name)) throw new EstimationException(DmlMessages.DuplicateFeatureName(name));
        int p = FeatureNames.Count;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(Outcome[i])) throw new EstimationException(DmlMessages.NonFinite(OutcomeName, i + 1, Outcome[i]));
            if (!double.IsFinite(Treatment[i])) throw new EstimationException(DmlMessages.NonFinite(TreatmentName, i + 1, Treatment[i]));
            var row = Covariates[i];
            if (row.Length != p) throw new EstimationException(DmlMessages.CovariateRowWidth(i + 1, row.Length, p));
            for (int j = 0; j < p; j++)
                if (!double.IsFinite(row[j])) throw new EstimationException(DmlMessages.NonFinite(FeatureNames[j], i + 1, row[j]));
        }
        double first = Treatment[0];
        bool constant = true;
        for (int i = 1; i < n && constant; i++) constant = Treatment[i] == first;
        if (constant) throw new EstimationException(DmlMessages.ConstantTreatment(first));
    }

    /// <summary>Dense cluster index 0..G−1 per row (clusters in ascending id order; each row its own cluster without ids).</summary>
    internal (int[] Index, int Count) ClusterIndex()
    {
        int n = Count;
        if (ClusterIds is null) return ([.. Enumerable.Range(0, n)], n);
        var distinct = ClusterIds.Distinct().Order().ToArray();
        var map = new Dictionary<int, int>(distinct.Length);
        for (int g = 0; g < distinct.Length; g++) map[distinct[g]] = g;
        var index = new int[n];
        for (int i = 0; i < n; i++) index[i] = map[ClusterIds[i]];
        return (index, distinct.Length);
    }
}
