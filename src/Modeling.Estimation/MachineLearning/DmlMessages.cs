using System.Globalization;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// Every user-facing message of double machine learning, the dose-response and the E-value, in one place so tests can
/// assert the exact text. Row numbers are 1-based.
/// </summary>
public static class DmlMessages
{
    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Empty => "Double machine learning needs at least one observation; the input has none.";

    public static string LengthMismatch(string what, int found, int expected) =>
        $"The '{what}' input has {found} values, but the outcome has {expected}; every input needs one value per observation.";

    public static string NoCovariates =>
        "Double machine learning needs at least one covariate (the controls X of the nuisance models); none were given.";

    public static string CovariateRowWidth(int row, int found, int expected) =>
        $"Covariate row {row} has {found} values, but there are {expected} feature names.";

    public static string DuplicateFeatureName(string name) =>
        $"The feature name '{name}' appears more than once; every covariate needs its own name.";

    public static string NonFinite(string column, int row, double value) =>
        $"The '{column}' column has the non-finite value {F(value)} at row {row}; every value must be a finite number.";

    public static string ConstantTreatment(double value) =>
        $"The treatment is {F(value)} in every observation: its effect is not identified.";

    public static string FewerClustersThanFolds(int clusters, int folds) =>
        $"Cross-fitting with {folds} folds split by cluster needs at least {folds} clusters. Got {clusters} instead.";

    public static string FoldsOutOfRange(int folds) =>
        $"The 'Folds' parameter of DoubleMachineLearning must be at least 2. Got {folds} instead.";

    public static string RepetitionsOutOfRange(int repetitions) =>
        $"The 'Repetitions' parameter of DoubleMachineLearning must be at least 1. Got {repetitions} instead.";

    public static string ConfidenceLevelOutOfRange(double level) =>
        $"The 'ConfidenceLevel' parameter of DoubleMachineLearning must be in (0, 1). Got {F(level)} instead.";

    public static string LearnerSettingOutOfRange(string name, string allowed, double value) =>
        $"The '{name}' parameter of LearnerSettings must be {allowed}. Got {F(value)} instead.";

    public static string InjectedFoldCount(int found, int expected) =>
        $"The injected fold assignment has {found} folds, but the options ask for {expected}.";

    public static string InjectedFoldsShape(int repetitions, int expectedRepetitions) =>
        $"The injected fold assignment has {repetitions} repetitions, but the options ask for {expectedRepetitions}.";

    public static string InjectedFoldsLength(int repetition, int found, int expected) =>
        $"Repetition {repetition} of the injected fold assignment has {found} rows, but the input has {expected}.";

    public static string InjectedFoldOutOfRange(int repetition, int row, int fold, int folds) =>
        $"Repetition {repetition} of the injected fold assignment puts row {row} in fold {fold}; folds are numbered 0 to {folds - 1}.";

    public static string InjectedFoldEmpty(int repetition, int fold) =>
        $"Repetition {repetition} of the injected fold assignment leaves fold {fold} empty; every fold needs observations.";

    public static string InjectedFoldSplitsCluster(int repetition, int cluster) =>
        $"Repetition {repetition} of the injected fold assignment puts rows of cluster {cluster} into different folds; a cluster must stay in one fold.";

    public static string ZeroResidualTreatment =>
        "The treatment residuals are zero (below 1e-12 of the treatment's variation): the covariates predict the treatment exactly, so its effect is not identified.";

    public static string DoseOutOfRange(double share) =>
        $"The adoption share must be between 0 and 1. Got {F(share)} instead.";

    public static string TargetNotPositive(double target) =>
        $"The target multiplier must be greater than 0. Got {F(target)} instead.";

    public static string MultiplierNotPositive(string what, double value) =>
        $"The E-value needs a positive {what}. Got {F(value)} instead.";
}
