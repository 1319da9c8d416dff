using System.Globalization;

namespace Modeling.Estimation.Sensitivity;

/// <summary>Every user-facing message of the parallel-trends sensitivity analysis, in one place so tests can assert the exact text.</summary>
public static class SensitivityMessages
{
    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string LengthMismatch(string what, int got, int expected) =>
        $"The event study has {expected} event times but {got} {what}; they must match.";

    public static string CovarianceNotSquare(int rows, int columns) =>
        $"The covariance of the event-study estimates must be square. Got {rows} × {columns} instead.";

    public static string CovarianceNotSymmetric(int row, int column) =>
        $"The covariance of the event-study estimates must be symmetric, but entries ({row}, {column}) and ({column}, {row}) differ.";

    public static string NegativeVariance(int eventTime, double value) =>
        $"The variance of the event-study estimate at event time {eventTime} must be at least 0. Got {F(value)} instead.";

    public static string NonFinite(string what, int eventTime, double value) =>
        $"The {what} at event time {eventTime} is {F(value)}; it must be a finite number.";

    public static string EventTimesNotIncreasing(int previous, int next) =>
        $"Event times must be strictly increasing. Got {next} after {previous}.";

    public static string ReferenceNotZero(double estimate, double variance) =>
        $"Event time -1 is the reference period and must be 0 with variance 0 (or be left out). Got estimate {F(estimate)} and variance {F(variance)}.";

    public static string NoPrePeriod =>
        "The sensitivity analysis needs at least one pre-adoption estimate (event time -2 or earlier): the pre-adoption changes set the scale.";

    public static string NoPostPeriod => "The event study has no post-adoption estimate (event time 0 or later): there is no effect to bound.";

    public static string GapInEventTimes(int missing) =>
        $"Event times must be consecutive from the earliest to -2 and from 0 to the latest (changes between adjacent periods are bounded). Event time {missing} is missing.";

    public static string TargetEventTimeMissing(int eventTime, int first, int last) =>
        $"The target event time {eventTime} is not among the post-adoption estimates ({first} to {last}).";

    public static string TargetWeightsEmpty => "The target needs at least one non-zero weight on a post-adoption event time.";

    public static string NeedsUniversalBase =>
        "The sensitivity analysis needs the event study with a universal base period (every estimate relative to event time -1); refit the staggered DiD with BasePeriod = Universal.";

    public static string NoInfluenceFunction(int eventTime) =>
        $"The event-study estimate at event time {eventTime} has no influence function to form the covariance from.";

    public static string RestrictionBoundOutOfRange(string name, double value) =>
        $"The '{name}' parameter of TrendRestriction must be a finite number at least 0. Got {F(value)} instead.";

    public static string SmoothnessOutOfRange(double value) => RestrictionBoundOutOfRange("M", value);

    public static string GridPointsOutOfRange(int value) =>
        $"The 'GridPoints' parameter of RobustConfidenceSet must be at least 2. Got {value} instead.";

    public static string DrawsOutOfRange(int value) =>
        $"The 'LeastFavorableDraws' parameter of RobustConfidenceSet must be at least 100. Got {value} instead.";

    public static string GridOutOfRange(double low, double high) =>
        $"The 'GridLow' and 'GridHigh' parameters of RobustConfidenceSet must be finite with GridLow < GridHigh. Got {F(low)} and {F(high)} instead.";

    public static string RobustConfidenceLevelOutOfRange(double level) =>
        $"The 'ConfidenceLevel' parameter of RobustConfidenceSet must be in (0, 1). Got {F(level)} instead.";
}
