namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// The arithmetic of the partialling-out score, on out-of-fold nuisance predictions. Pure functions.
/// </summary>
internal static class DmlScore
{
    /// <summary>
    /// θ = Σṽỹ / Σṽ²; ψ_i = (ỹ_i − θṽ_i)ṽ_i; cluster-robust variance G/(G−1)·Σ_g(Σ_{i∈g}ψ_i)² / (Σṽ²)² — the CR1
    /// sandwich of the no-intercept regression of ỹ on ṽ (its (N−1)/(N−K) factor is 1 with K = 1).
    /// </summary>
    public static DmlRepetition Repetition(double[] y, double[] d, double[] outcomePrediction, double[] treatmentPrediction,
        int[] foldOfRow, int[] clusterOfRow, int clusterCount)
    {
        int n = y.Length;
        var yRes = new double[n];
        var dRes = new double[n];
        double svy = 0, svv = 0;
        for (int i = 0; i < n; i++)
        {
            yRes[i] = y[i] - outcomePrediction[i];
            dRes[i] = d[i] - treatmentPrediction[i];
            svy += dRes[i] * yRes[i];
            svv += dRes[i] * dRes[i];
        }
        // Exactly predicted treatment leaves residuals at rounding level: compare with the treatment's own variation.
        double dMean = d.Average(), sdd = 0;
        foreach (var v in d) sdd += (v - dMean) * (v - dMean);
        if (!(svv > 1e-12 * sdd)) throw new Regression.EstimationException(DmlMessages.ZeroResidualTreatment);
        double theta = svy / svv;
        var score = new double[n];
        var influence = new double[n];
        var clusterSum = new double[clusterCount];
        for (int i = 0; i < n; i++)
        {
            score[i] = (yRes[i] - theta * dRes[i]) * dRes[i];
            influence[i] = n * score[i] / svv;
            clusterSum[clusterOfRow[i]] += score[i];
        }
        double meat = 0;
        foreach (var s in clusterSum) meat += s * s;
        double variance = clusterCount / (clusterCount - 1.0) * meat / (svv * svv);
        return new DmlRepetition(theta, Math.Sqrt(variance), foldOfRow, yRes, dRes, score, influence,
            R2(y, yRes), R2(d, dRes));
    }

    /// <summary>
    /// Median aggregation over S repetitions (Chernozhukov et al. 2018, §3.4): θ = median θ_s,
    /// SE = √median(SE_s² + (θ_s − θ)²), which widens the interval by the spread the random splits cause.
    /// </summary>
    public static (double Theta, double StandardError) MedianAggregate(IReadOnlyList<DmlRepetition> repetitions)
    {
        double theta = Median([.. repetitions.Select(r => r.Theta)]);
        double variance = Median([.. repetitions.Select(r => r.StandardError * r.StandardError + (r.Theta - theta) * (r.Theta - theta))]);
        return (theta, Math.Sqrt(variance));
    }

    /// <summary>Out-of-fold R² = 1 − Σresidual² / Σ(value − mean)².</summary>
    private static double R2(double[] values, double[] residuals)
    {
        double mean = values.Average(), total = 0, error = 0;
        for (int i = 0; i < values.Length; i++)
        {
            total += (values[i] - mean) * (values[i] - mean);
            error += residuals[i] * residuals[i];
        }
        return total > 0 ? 1 - error / total : double.NaN;
    }

    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
