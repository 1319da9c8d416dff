using Modeling.Estimation.Inference;
using Modeling.Estimation.Sensitivity;
using Modeling.Results;

namespace Modeling.Analysis.Estimates;

/// <summary>What a sensitivity analysis of an event study is asked for.</summary>
/// <param name="Smoothness">Δ^SD (bound M on the change in slope) instead of Δ^RM (bound M̄ relative to the largest
/// pre-adoption violation).</param>
/// <param name="Bounds">The M̄ (or M) values to report intervals at, ascending.</param>
/// <param name="FirstPeriodTarget">The effect on impact (event time 0, HonestDiD's default) instead of the average of
/// the post-adoption effects.</param>
/// <param name="Seed">Seed of the least-favourable critical value's normal draws.</param>
public sealed record SensitivityRequest(bool Smoothness, IReadOnlyList<double> Bounds, bool FirstPeriodTarget, int Seed);

/// <summary>
/// Rambachan &amp; Roth (2023) on an event study, as HonestDiD's createSensitivityResults(_relativeMagnitudes) with
/// method C-LF and its default grid: the target's ordinary interval, the robust interval at each bound, and the
/// breakdown value for no effect, found by bisection over [0, largest bound asked] to 1/256 of it.
/// </summary>
public static class EventStudySensitivity
{
    public static SensitivityEstimate Analyse(EventStudyEstimates eventStudy, SensitivityRequest request, string eventStudyName,
        long observations, int units, string? model, EstimateContext context)
    {
        ArgumentNullException.ThrowIfNull(eventStudy);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.Bounds.Count == 0 || request.Bounds.Any(b => !(b >= 0) || !double.IsFinite(b)))
            throw new ArgumentException("The bounds of a sensitivity analysis must be finite and at least 0.", nameof(request));
        var set = new RobustConfidenceSet
        {
            Target = request.FirstPeriodTarget ? SensitivityTarget.AtEventTime(0) : SensitivityTarget.AverageOfPost,
            Seed = request.Seed,
        };
        TrendRestriction Restriction(double bound) =>
            request.Smoothness ? TrendRestriction.Smoothness(bound) : TrendRestriction.RelativeMagnitudes(bound);

        // The target θ = l'β over the post-adoption event times, and its ordinary interval.
        int pre = eventStudy.PreCount, post = eventStudy.PostCount;
        var l = request.FirstPeriodTarget ? [.. Enumerable.Range(0, post).Select(k => k == 0 ? 1.0 : 0.0)] : Enumerable.Repeat(1.0 / post, post).ToArray();
        var sigma = eventStudy.Covariance;
        double theta = 0, variance = 0;
        for (int a = 0; a < post; a++)
        {
            theta += l[a] * eventStudy.Estimates[pre + a];
            for (int b = 0; b < post; b++) variance += l[a] * l[b] * sigma[pre + a, pre + b];
        }
        var original = new Effect(theta, Math.Sqrt(variance), set.ConfidenceLevel);

        var intervals = request.Bounds.Select(bound =>
        {
            var interval = set.Fit(eventStudy, Restriction(bound));
            return new RobustIntervalRow(bound, interval.IsEmpty ? null : interval.Low, interval.IsEmpty ? null : interval.High, interval.IsEmpty, interval.OpenAtGridEnd);
        }).ToArray();
        double limit = request.Bounds.Max();
        BreakdownRow? breakdown = null;
        if (limit > 0)
        {
            var b = set.Breakdown(eventStudy, Restriction(0), 0, limit, limit / 256);
            breakdown = new BreakdownRow(0, b.Mbar, b.BeyondSearchLimit, limit);
        }
        return new SensitivityEstimate
        {
            Estimator = "sensitivity",
            Outcome = context.Outcome,
            EventStudy = eventStudyName,
            Restriction = request.Smoothness ? "smoothness" : "relative_magnitudes",
            Target = request.FirstPeriodTarget ? "first" : "average",
            CiLevel = set.ConfidenceLevel,
            NObs = observations,
            NUnits = units,
            TimeFormat = context.TimeFormat,
            Model = model,
            ByEventTime = [.. eventStudy.EventTimes.Select((e, k) => new EventStudyCoefficient(e, eventStudy.Estimates[k], Math.Sqrt(sigma[k, k])))],
            Original = new AttEstimate(original.Estimate, original.StandardError, original.CiLow, original.CiHigh),
            Intervals = intervals,
            Breakdown = breakdown,
            Seed = request.Seed,
            DroppedRows = context.Dropped,
        };
    }
}
