using Modeling.Estimation.Regression;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// Team-period rows for the counterfactual model: the outcome (e.g. merged PRs per engineer), whether the row is an
/// adopted team-period (<see cref="Treated"/>: the team's adoption period or later), the team id, an ordered period
/// index (e.g. year*12+month), and numeric features named by <see cref="FeatureNames"/> (team attributes encoded by
/// the caller, seasonality, ...). The model adds two features itself: the period index and the log of the team's own
/// level. Untreated rows (never-adopted teams, adopted teams before adoption) train the model; treated rows are
/// predicted. The arrays are not copied: do not change them while a fit runs.
/// </summary>
public sealed record CounterfactualInput(
    IReadOnlyList<double> Outcome,
    IReadOnlyList<bool> Treated,
    IReadOnlyList<string> TeamIds,
    IReadOnlyList<int> Periods,
    IReadOnlyList<double[]> Features,
    IReadOnlyList<string> FeatureNames,
    string OutcomeName = "outcome")
{
    /// <summary>Name of the feature the model adds for the period index.</summary>
    public const string PeriodFeature = "period";

    /// <summary>Name of the feature the model adds for log(team level).</summary>
    public const string TeamLevelFeature = "log_team_level";

    public int Count => Outcome.Count;

    /// <summary>Throws <see cref="EstimationException"/> (text from <see cref="CounterfactualMessages"/>) on the first problem found.</summary>
    public void Validate()
    {
        int n = Outcome.Count;
        if (n == 0) throw new EstimationException(CounterfactualMessages.Empty);
        if (Treated.Count != n) throw new EstimationException(CounterfactualMessages.LengthMismatch("treated", Treated.Count, n));
        if (TeamIds.Count != n) throw new EstimationException(CounterfactualMessages.LengthMismatch("team", TeamIds.Count, n));
        if (Periods.Count != n) throw new EstimationException(CounterfactualMessages.LengthMismatch("period", Periods.Count, n));
        if (Features.Count != n) throw new EstimationException(CounterfactualMessages.LengthMismatch("features", Features.Count, n));
        ValidateFeatureNames(FeatureNames);
        int p = FeatureNames.Count;
        var seen = new HashSet<(string, int)>();
        for (int i = 0; i < n; i++)
        {
            int row = i + 1;
            if (!double.IsFinite(Outcome[i])) throw new EstimationException(CounterfactualMessages.NonFinite(OutcomeName, row, Outcome[i]));
            if (Outcome[i] < 0) throw new EstimationException(CounterfactualMessages.NegativeOutcome(OutcomeName, row, Outcome[i]));
            if (string.IsNullOrEmpty(TeamIds[i])) throw new EstimationException(CounterfactualMessages.EmptyTeamId(row));
            if (!seen.Add((TeamIds[i], Periods[i]))) throw new EstimationException(CounterfactualMessages.DuplicateTeamPeriod(TeamIds[i], Periods[i], row));
            var features = Features[i];
            if (features.Length != p) throw new EstimationException(CounterfactualMessages.FeatureRowWidth(row, features.Length, p));
            for (int j = 0; j < p; j++)
                if (!double.IsFinite(features[j])) throw new EstimationException(CounterfactualMessages.NonFinite(FeatureNames[j], row, features[j]));
        }
    }

    internal static void ValidateFeatureNames(IReadOnlyList<string> names)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name is PeriodFeature or TeamLevelFeature) throw new EstimationException(CounterfactualMessages.ReservedFeatureName(name));
            if (!distinct.Add(name)) throw new EstimationException(CounterfactualMessages.DuplicateFeatureName(name));
        }
    }
}
