namespace Modeling.Estimation.Inference;

/// <summary>Adjusted p-values for a family of tests.</summary>
public static class MultipleTesting
{
    /// <summary>
    /// Holm's (1979) step-down adjustment, controlling the family-wise error rate under any dependence: sort the m
    /// p-values ascending, p̃₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎), returned in the input order (as R's
    /// <c>p.adjust(p, "holm")</c>). Ties keep their input order.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        int m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            double p = pValues[order[rank]];
            if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(pValues), p, "Every p-value must lie in [0, 1].");
            running = Math.Max(running, Math.Min(1, (m - rank) * p));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
