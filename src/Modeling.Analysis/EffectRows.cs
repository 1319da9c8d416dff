using Modeling.Estimation.Inference;
using Modeling.Results;

namespace Modeling.Analysis;

/// <summary>The one mapping from an estimator's multiplier to a results.json effects row.</summary>
public static class EffectRows
{
    /// <param name="outcome">The outcome estimated.</param>
    /// <param name="estimator">The estimator's contract name.</param>
    /// <param name="multiplier">The estimate on the multiplier scale with its interval.</param>
    /// <param name="teams">Teams (clusters) in the fit.</param>
    /// <param name="observations">Team-periods in the fit.</param>
    /// <param name="scale">How the multiplier was formed: log, poisson, ratio or ratio_of_means.</param>
    /// <param name="headline">Whether this is the outcome's headline estimate.</param>
    public static EffectRow From(string outcome, string estimator, Multiplier multiplier, int teams, long observations, string scale, bool headline = false)
    {
        ArgumentNullException.ThrowIfNull(multiplier);
        return new EffectRow
        {
            Outcome = outcome,
            Estimator = estimator,
            Multiplier = multiplier.Value,
            CiLow = multiplier.CiLow,
            CiHigh = multiplier.CiHigh,
            CiLevel = multiplier.ConfidenceLevel,
            PValue = multiplier.PValue,
            NTeams = teams,
            NObs = observations,
            Scale = scale,
            Headline = headline,
        };
    }
}
