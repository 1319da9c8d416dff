using System.Runtime.CompilerServices;
namespace Modeling.Estimation.Staggered;

/// <summary>
/// did's aggte arithmetic on influence functions. Cohort-share weights pg = mean(wᵢ·1{Gᵢ=g}) are estimated, so
/// weighted aggregations add did's wif term; for weights pgₖ/S over the cells K it simplifies to
/// wifᵢ = (wᵢ/S) Σ_{k∈K: gₖ=Gᵢ} (attₖ − A), with A the aggregate (the constant part sums to 0).
/// </summary>
internal sealed class Aggregator
{
    private readonly int _n;
    private readonly double[] _weight;
    private readonly int[] _cohortIndex;     // per position: index into _cohorts, −1 for never treated
    private readonly int[] _cohorts;
    private readonly double[] _pg;           // per cohort index

    public Aggregator(PanelLayout layout)
    {
        _n = layout.UnitCount;
        _weight = layout.Weight;
        _cohorts = layout.Cohort.Where(g => g > 0).Distinct().Order().ToArray();
        _cohortIndex = new int[_n];
        _pg = new double[_cohorts.Length];
        for (int i = 0; i < _n; i++)
        {
            int ci = Array.BinarySearch(_cohorts, layout.Cohort[i]);
            _cohortIndex[i] = ci >= 0 ? ci : -1;
            if (ci >= 0) _pg[ci] += _weight[i];
        }
        for (int c = 0; c < _pg.Length; c++) _pg[c] /= _n;
    }

    /// <summary>Cohort-share weighted combination with the estimated-weights term (did: weights pg, wif).</summary>
    public Combined WeightedByCohortShare(IReadOnlyList<(int Cohort, Combined Item)> items)
    {
        int k = items.Count;
        var share = new double[k];
        double s = 0;
        for (int j = 0; j < k; j++) { share[j] = _pg[Array.BinarySearch(_cohorts, items[j].Cohort)]; s += share[j]; }
        for (int j = 0; j < k; j++) share[j] /= s;
        var value = Combine(items.Select(x => (x.Item.Value, x.Item.Influence)).ToList(), share, items.Select(x => x.Cohort).ToArray(), s);
        if (items.Count == 0 || items[0].Item.MeanInfluence is null) return new(value.Value, value.Influence, double.NaN, null);
        var mean = Combine(items.Select(x => (x.Item.Mean, x.Item.MeanInfluence!)).ToList(), share, items.Select(x => x.Cohort).ToArray(), s);
        return new(value.Value, value.Influence, mean.Value, mean.Influence);
    }

    /// <summary>Equal-weight mean with no estimated-weights term (did: group elements, dynamic and calendar overall).</summary>
    public Combined EqualWeights(IReadOnlyList<Combined> items)
    {
        int k = items.Count;
        var weights = Enumerable.Repeat(1.0 / k, k).ToArray();
        var value = Combine(items.Select(x => (x.Value, x.Influence)).ToList(), weights, null, 0);
        if (items[0].MeanInfluence is null) return new(value.Value, value.Influence, double.NaN, null);
        var mean = Combine(items.Select(x => (x.Mean, x.MeanInfluence!)).ToList(), weights, null, 0);
        return new(value.Value, value.Influence, mean.Value, mean.Influence);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double Value, double[] Influence) Combine(List<(double Value, double[] Influence)> items, double[] weights, int[]? cohorts, double shareSum)
    {
        double a = 0;
        for (int j = 0; j < items.Count; j++) a += weights[j] * items[j].Value;
        var inf = new double[_n];
        for (int j = 0; j < items.Count; j++)
        {
            double wj = weights[j];
            var col = items[j].Influence;
            for (int i = 0; i < _n; i++) inf[i] += wj * col[i];
        }
        if (cohorts is not null)
        {
            var perCohort = new double[_cohorts.Length];
            for (int j = 0; j < items.Count; j++) perCohort[Array.BinarySearch(_cohorts, cohorts[j])] += items[j].Value - a;
            for (int i = 0; i < _n; i++)
            {
                int ci = _cohortIndex[i];
                if (ci >= 0) inf[i] += _weight[i] * perCohort[ci] / shareSum;
            }
        }
        return (a, inf);
    }
}
