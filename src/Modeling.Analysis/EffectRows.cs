using Modeling.Estimation.Inference;
using Modeling.Estimation.Regression;
using Modeling.Results;

namespace Modeling.Analysis;

/// <summary>The one mapping from an estimator's result to a results.json effects row.</summary>
public static class EffectRows
{
    /// <param name="outcome">The outcome estimated.</param>
    /// <param name="estimator">The estimator's contract name.</param>
    /// <param name="fit">The estimator's result: its multiplier, clusters (n_teams) and observations (n_obs).</param>
    /// <param name="scale">How the multiplier was formed: log, poisson, ratio or ratio_of_means.</param>
    /// <param name="headline">Whether this is the outcome's headline estimate.</param>
    /// <exception cref="EstimationException">The fit has no multiplicative reading.</exception>
    public static EffectRow From(string outcome, string estimator, IEffectEstimate fit, string scale, bool headline = false)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var multiplier = fit.Multiplier ?? throw new EstimationException(Messages.NoMultiplier(estimator, outcome));
        return From(outcome, estimator, multiplier, fit, scale, headline);
    }

    /// <summary>For a fit whose multiplier the caller forms (DML on a log outcome: exp θ).</summary>
    public static EffectRow From(string outcome, string estimator, Multiplier multiplier, IEffectEstimate fit, string scale, bool headline = false)
    {
        ArgumentNullException.ThrowIfNull(multiplier);
        ArgumentNullException.ThrowIfNull(fit);
        return new EffectRow
        {
            Outcome = outcome,
            Estimator = estimator,
            Multiplier = multiplier.Value,
            CiLow = multiplier.CiLow,
            CiHigh = multiplier.CiHigh,
            CiLevel = multiplier.ConfidenceLevel,
            PValue = multiplier.PValue,
            NTeams = fit.ClusterCount,
            NObs = fit.ObservationCount,
            Scale = scale,
            Headline = headline,
        };
    }
}
