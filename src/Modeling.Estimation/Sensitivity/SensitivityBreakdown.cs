namespace Modeling.Estimation.Sensitivity;

/// <summary>
/// How far parallel trends may fail before a value stops being rejected.
/// </summary>
/// <param name="NullValue">The value tested (0 for "no effect", log 3 for "a 3x multiplier" on the log scale).</param>
/// <param name="Mbar">
/// The breakdown bound (M̄ or M): the largest at which the robust interval still excludes <paramref name="NullValue"/> (the value is
/// consistent with the data only if post-adoption trends may change by more than that).
/// Null when the interval contains the value already at bound 0.
/// </param>
/// <param name="BeyondSearchLimit">True when the value is still excluded at the search limit (<paramref name="Mbar"/> is then that limit).</param>
public sealed record SensitivityBreakdown(double NullValue, double? Mbar, bool BeyondSearchLimit);
