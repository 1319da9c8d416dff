namespace Modeling.Estimation.Regression;

/// <summary>
/// Input an estimator cannot use (degenerate design, bad values). The message comes from <see cref="Messages"/>
/// and is meant for the person who supplied the data; callers map it to "bad input" (CLI exit code 2).
/// </summary>
public sealed class EstimationException(string message) : Exception(message);
