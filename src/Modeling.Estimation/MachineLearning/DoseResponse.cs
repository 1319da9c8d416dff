using Modeling.Estimation.Regression;

namespace Modeling.Estimation.MachineLearning;

/// <summary>The multiplier implied at one adoption share, with its interval; extrapolation when outside the observed range.</summary>
public sealed record DosePoint(double Adoption, double Multiplier, double CiLow, double CiHigh, bool Extrapolation);

/// <summary>Where the adoption share a target needs lies.</summary>
public enum AdoptionNeededStatus
{
    /// <summary>Inside the treatment's observed range: the data show teams at that level.</summary>
    WithinObservedRange,
    /// <summary>Between 0 and 100%, but outside the observed range: the linear dose-response is extrapolated.</summary>
    Extrapolation,
    /// <summary>Not reachable: it would need more than 100% (or a negative share, or the effect has the wrong sign).</summary>
    Unreachable,
}

/// <summary>The adoption share a target multiplier needs; <see cref="Share"/> is null when unreachable.</summary>
public sealed record AdoptionNeeded(double TargetMultiplier, double? Share, AdoptionNeededStatus Status)
{
    /// <summary>
    /// The shares the ends of θ's interval imply, ln(target)/θ at each end (ascending), when the whole interval of θ has
    /// the sign of ln(target); null otherwise (the data allow no effect or the wrong sign: no finite bound).
    /// </summary>
    public double? ShareLow { get; init; }

    /// <inheritdoc cref="ShareLow"/>
    public double? ShareHigh { get; init; }

    /// <summary>The status as written in results.json: within_observed_range | extrapolation | unreachable.</summary>
    public string StatusName => Status switch
    {
        AdoptionNeededStatus.WithinObservedRange => "within_observed_range",
        AdoptionNeededStatus.Extrapolation => "extrapolation",
        _ => "unreachable",
    };
}

/// <summary>
/// The dose-response implied by a partially linear DML fit on a log outcome with an adoption share (0..1) as the
/// treatment: log E[Y] moves by θ per unit of share, so going from 0 to share a multiplies the outcome by exp(θ·a).
/// Interval: the delta method on the log scale (SE of θ·a is a·SE(θ)), exponentiated — the same construction as
/// <see cref="Inference.Multiplier.FromLogEffect"/>, and always positive.
/// </summary>
public sealed record DoseResponse
{
    /// <summary>The shares reported in results.json dose_response.</summary>
    public static readonly IReadOnlyList<double> StandardShares = [0.25, 0.5, 0.75, 1.0];

    public required double Theta { get; init; }
    public required double StandardError { get; init; }
    public required double ConfidenceLevel { get; init; }
    public required double ObservedMin { get; init; }
    public required double ObservedMax { get; init; }

    public static DoseResponse From(DmlResult fit) => new()
    {
        Theta = fit.Theta,
        StandardError = fit.StandardError,
        ConfidenceLevel = fit.ConfidenceLevel,
        ObservedMin = fit.TreatmentMin,
        ObservedMax = fit.TreatmentMax,
    };

    /// <summary>The multiplier at 25, 50, 75 and 100% adoption.</summary>
    public IReadOnlyList<DosePoint> Points => [.. StandardShares.Select(At)];

    public DosePoint At(double share)
    {
        if (!(share >= 0 && share <= 1)) throw new EstimationException(DmlMessages.DoseOutOfRange(share));
        var log = new Inference.Effect(Theta * share, StandardError * share, ConfidenceLevel);
        return new DosePoint(share, Math.Exp(log.Estimate), Math.Exp(log.CiLow), Math.Exp(log.CiHigh), !IsObserved(share));
    }

    /// <summary>
    /// The share a at which exp(θ·a) equals the target: a = ln(target)/θ. Unreachable when θ = 0 (unless the target is
    /// 1), when a is negative (the effect points the other way) or above 1 (more than every engineer).
    /// </summary>
    public AdoptionNeeded AdoptionNeededFor(double targetMultiplier)
    {
        if (!(targetMultiplier > 0) || double.IsInfinity(targetMultiplier)) throw new EstimationException(DmlMessages.TargetNotPositive(targetMultiplier));
        double logTarget = Math.Log(targetMultiplier);
        double share = logTarget == 0 ? 0 : Theta == 0 ? double.NaN : logTarget / Theta;
        if (!(share >= 0 && share <= 1)) return new AdoptionNeeded(targetMultiplier, null, AdoptionNeededStatus.Unreachable);
        var theta = new Inference.Effect(Theta, StandardError, ConfidenceLevel);
        bool sameSign = logTarget > 0 ? theta.CiLow > 0 : logTarget < 0 && theta.CiHigh < 0;
        return new AdoptionNeeded(targetMultiplier, share,
            IsObserved(share) ? AdoptionNeededStatus.WithinObservedRange : AdoptionNeededStatus.Extrapolation)
        {
            ShareLow = sameSign ? Math.Min(logTarget / theta.CiLow, logTarget / theta.CiHigh) : null,
            ShareHigh = sameSign ? Math.Max(logTarget / theta.CiLow, logTarget / theta.CiHigh) : null,
        };
    }

    /// <summary>E-value of the full-adoption multiplier exp(θ) and of its interval limit closest to 1.</summary>
    public EValue EValue
    {
        get
        {
            var full = At(1.0);
            return EValue.ForRatio(full.Multiplier, full.CiLow, full.CiHigh);
        }
    }

    private bool IsObserved(double share) => share >= ObservedMin && share <= ObservedMax;
}
