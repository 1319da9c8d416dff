using Modeling.Estimation.Regression;

namespace Modeling.Estimation.Sensitivity;

/// <summary>The parameter θ = Σ_e l_e τ_e over post-adoption event times whose robustness is assessed.</summary>
public abstract record SensitivityTarget
{
    private SensitivityTarget() { }

    /// <summary>The average of all post-adoption effects (event times 0..last, equal weights).</summary>
    public static SensitivityTarget AverageOfPost { get; } = new Average();

    /// <summary>The effect at one post-adoption event time (HonestDiD's default is e = 0, the effect on impact).</summary>
    public static SensitivityTarget AtEventTime(int eventTime) => new Single(eventTime);

    /// <summary>Any weights over post-adoption event times (missing ones weigh 0).</summary>
    public static SensitivityTarget Weighted(IReadOnlyDictionary<int, double> weights) => new Custom(new SortedDictionary<int, double>(weights.ToDictionary()));

    /// <summary>l over the post-adoption event times 0..postCount−1.</summary>
    internal abstract double[] Weights(int postCount);

    private sealed record Average : SensitivityTarget
    {
        internal override double[] Weights(int postCount) => [.. Enumerable.Repeat(1.0 / postCount, postCount)];
    }

    private sealed record Single(int EventTime) : SensitivityTarget
    {
        internal override double[] Weights(int postCount)
        {
            if (EventTime < 0 || EventTime >= postCount)
                throw new EstimationException(SensitivityMessages.TargetEventTimeMissing(EventTime, 0, postCount - 1));
            var l = new double[postCount];
            l[EventTime] = 1;
            return l;
        }
    }

    private sealed record Custom(SortedDictionary<int, double> Map) : SensitivityTarget
    {
        internal override double[] Weights(int postCount)
        {
            var l = new double[postCount];
            foreach (var (e, w) in Map)
            {
                if (w == 0) continue;
                if (e < 0 || e >= postCount) throw new EstimationException(SensitivityMessages.TargetEventTimeMissing(e, 0, postCount - 1));
                if (!double.IsFinite(w)) throw new EstimationException(SensitivityMessages.NonFinite("target weight", e, w));
                l[e] = w;
            }
            if (l.All(v => v == 0)) throw new EstimationException(SensitivityMessages.TargetWeightsEmpty);
            return l;
        }
    }
}
