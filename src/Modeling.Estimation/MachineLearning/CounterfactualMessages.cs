using System.Globalization;

namespace Modeling.Estimation.MachineLearning;

/// <summary>Every user-facing message of the counterfactual model, in one place so tests can assert the exact text.</summary>
public static class CounterfactualMessages
{
    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Empty => "The counterfactual model needs at least one team-period row. Got none.";

    public static string LengthMismatch(string column, int got, int expected) =>
        $"The '{column}' column of CounterfactualInput must have {expected} entries (one per team-period). Got {got} instead.";

    public static string NonFinite(string column, int row, double value) =>
        $"The '{column}' column has the non-finite value {F(value)} at row {row}; every value must be a finite number.";

    public static string NegativeOutcome(string outcome, int row, double value) =>
        $"The counterfactual model predicts ratios to each team's own level, so '{outcome}' must be at least 0. Got {F(value)} at row {row} instead.";

    public static string EmptyTeamId(int row) => $"The team id at row {row} is empty; every row needs a team id.";

    public static string DuplicateTeamPeriod(string team, int period, int row) =>
        $"Team '{team}' has a second row for period {period} at row {row}; each team-period must appear once.";

    public static string FeatureRowWidth(int row, int got, int expected) =>
        $"The feature row at row {row} has {got} values, but there are {expected} feature names.";

    public static string DuplicateFeatureName(string name) => $"The feature name '{name}' appears twice; feature names must be unique.";

    public static string ReservedFeatureName(string name) =>
        $"The feature name '{name}' is reserved: the model adds the period and the team's level itself.";

    public static string NoTreatedRows => "No row is an adopted team-period (treated = true): there is nothing to predict without AI.";

    public static string NoUntreatedRows => "No row is an untreated team-period (never-adopted teams, or adopted teams before adoption): there is nothing to train on.";

    public static string TooFewTrainingTeams(int teams, int folds) =>
        $"Cross-validation with {folds} folds split by team needs at least {folds} teams with untreated rows and a non-zero outcome. Got {teams} instead.";

    public static string NothingPredictable =>
        "No adopted team-period can be predicted: every adopted team lacks untreated rows with a non-zero outcome to fix its level.";

    public static string OptionOutOfRange(string name, string expected, double value) =>
        $"The '{name}' parameter of CounterfactualModel must be {expected}. Got {F(value)} instead.";

    public static string FeatureCountMismatch(int got, int expected) =>
        $"The saved counterfactual model was trained on {expected} features, but the input has {got}.";

    public static string FeatureNamesMismatch(string got, string expected) =>
        $"The saved counterfactual model was trained on the features [{expected}], but the input has [{got}].";

    public static string NotACounterfactualModel(string reason) =>
        $"The stream does not hold a counterfactual model saved by CounterfactualResult.Save ({reason}).";
}
