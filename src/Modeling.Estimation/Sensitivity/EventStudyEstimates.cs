using Modeling.Estimation.Regression;
using Modeling.Estimation.Staggered;

namespace Modeling.Estimation.Sensitivity;

/// <summary>
/// Event-study estimates β_e relative to the reference period e = −1 (normalised to 0 and left out) and their
/// covariance Σ: the input of the parallel-trends sensitivity analysis. Pre-adoption event times run consecutively to
/// −2, post-adoption ones consecutively from 0. Copies its inputs.
/// </summary>
public sealed class EventStudyEstimates
{
    public EventStudyEstimates(IReadOnlyList<int> eventTimes, IReadOnlyList<double> estimates, double[,] covariance)
    {
        ArgumentNullException.ThrowIfNull(eventTimes);
        ArgumentNullException.ThrowIfNull(estimates);
        ArgumentNullException.ThrowIfNull(covariance);
        int n = eventTimes.Count;
        if (estimates.Count != n) throw new EstimationException(SensitivityMessages.LengthMismatch("estimates", estimates.Count, n));
        if (covariance.GetLength(0) != covariance.GetLength(1))
            throw new EstimationException(SensitivityMessages.CovarianceNotSquare(covariance.GetLength(0), covariance.GetLength(1)));
        if (covariance.GetLength(0) != n) throw new EstimationException(SensitivityMessages.LengthMismatch("covariance rows", covariance.GetLength(0), n));
        for (int i = 0; i < n; i++)
        {
            if (i > 0 && eventTimes[i] <= eventTimes[i - 1]) throw new EstimationException(SensitivityMessages.EventTimesNotIncreasing(eventTimes[i - 1], eventTimes[i]));
            if (!double.IsFinite(estimates[i])) throw new EstimationException(SensitivityMessages.NonFinite("estimate", eventTimes[i], estimates[i]));
            for (int j = 0; j < n; j++)
            {
                if (!double.IsFinite(covariance[i, j])) throw new EstimationException(SensitivityMessages.NonFinite("covariance", eventTimes[i], covariance[i, j]));
                double scale = Math.Max(Math.Abs(covariance[i, j]), Math.Abs(covariance[j, i]));
                if (Math.Abs(covariance[i, j] - covariance[j, i]) > 1e-9 * Math.Max(scale, 1e-300))
                    throw new EstimationException(SensitivityMessages.CovarianceNotSymmetric(i + 1, j + 1));
            }
            if (covariance[i, i] < 0) throw new EstimationException(SensitivityMessages.NegativeVariance(eventTimes[i], covariance[i, i]));
        }

        // Drop the reference period if given (it must be the normalised 0).
        var keep = Enumerable.Range(0, n).Where(i => eventTimes[i] != -1).ToArray();
        int reference = Array.IndexOf([.. eventTimes], -1);
        if (reference >= 0 && (estimates[reference] != 0 || covariance[reference, reference] != 0))
            throw new EstimationException(SensitivityMessages.ReferenceNotZero(estimates[reference], covariance[reference, reference]));
        EventTimes = [.. keep.Select(i => eventTimes[i])];
        Estimates = [.. keep.Select(i => estimates[i])];
        var cov = new double[keep.Length, keep.Length];
        for (int a = 0; a < keep.Length; a++)
            for (int b = 0; b < keep.Length; b++) cov[a, b] = 0.5 * (covariance[keep[a], keep[b]] + covariance[keep[b], keep[a]]);
        _covariance = cov;

        PreCount = EventTimes.Count(e => e < 0);
        PostCount = EventTimes.Count - PreCount;
        if (PreCount == 0) throw new EstimationException(SensitivityMessages.NoPrePeriod);
        if (PostCount == 0) throw new EstimationException(SensitivityMessages.NoPostPeriod);
        for (int k = 0; k < PreCount; k++)
            if (EventTimes[k] != EventTimes[0] + k) throw new EstimationException(SensitivityMessages.GapInEventTimes(EventTimes[0] + k));
        if (EventTimes[PreCount - 1] != -2) throw new EstimationException(SensitivityMessages.GapInEventTimes(EventTimes[PreCount - 1] + 1));
        for (int k = 0; k < PostCount; k++)
            if (EventTimes[PreCount + k] != k) throw new EstimationException(SensitivityMessages.GapInEventTimes(k));
    }

    /// <summary>Event times without the reference −1: pre (…, −3, −2) then post (0, 1, …).</summary>
    public IReadOnlyList<int> EventTimes { get; }
    public IReadOnlyList<double> Estimates { get; }
    /// <summary>Covariance in the order of <see cref="EventTimes"/> (a copy; changing it changes nothing here).</summary>
    public double[,] Covariance => (double[,])_covariance.Clone();
    internal double[,] CovarianceInternal => _covariance;
    private readonly double[,] _covariance;
    public int PreCount { get; }
    public int PostCount { get; }

    /// <summary>
    /// The dynamic (event-study) aggregation of a staggered DiD fitted with a universal base period, over event times
    /// <paramref name="firstEventTime"/>..<paramref name="lastEventTime"/> (clipped to those estimated), with the
    /// covariance from the stored influence functions: Σ_ab = Σ_i ψ_a,i ψ_b,i / n² (did's scale, SE = √Σψ² / n).
    /// </summary>
    public static EventStudyEstimates FromStaggered(StaggeredDidResult fit, int firstEventTime, int lastEventTime)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.Options.BasePeriod != BasePeriod.Universal) throw new EstimationException(SensitivityMessages.NeedsUniversalBase);
        var elements = fit.Dynamic.Elements
            .Where(e => e.Key is int k && k >= firstEventTime && k <= lastEventTime && k != -1)
            .OrderBy(e => e.Key).ToArray();
        foreach (var e in elements)
            if (e.InfluenceFunction.Count == 0) throw new EstimationException(SensitivityMessages.NoInfluenceFunction(e.Key!.Value));
        double n2 = (double)fit.UnitCount * fit.UnitCount;
        var cov = new double[elements.Length, elements.Length];
        for (int a = 0; a < elements.Length; a++)
            for (int b = a; b < elements.Length; b++)
            {
                var ia = elements[a].InfluenceFunction;
                var ib = elements[b].InfluenceFunction;
                double sum = 0;
                for (int i = 0; i < ia.Count; i++) sum += ia[i] * ib[i];
                cov[a, b] = cov[b, a] = sum / n2;
            }
        return new EventStudyEstimates([.. elements.Select(e => e.Key!.Value)], [.. elements.Select(e => e.Estimate)], cov);
    }
}
