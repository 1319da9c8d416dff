namespace Modeling.Estimation.Sensitivity;

/// <summary>Bounds at one M̄: the identified set [<paramref name="IdentifiedLow"/>, <paramref name="IdentifiedHigh"/>] and the robust confidence interval.</summary>
/// <param name="Mbar">Post-adoption trend changes may be up to this many times the largest pre-adoption change.</param>
/// <param name="IdentifiedLow">Lower end of the identified set (no sampling error).</param>
/// <param name="IdentifiedHigh">Upper end of the identified set.</param>
/// <param name="CiLow">Lower end of the robust confidence interval.</param>
/// <param name="CiHigh">Upper end of the robust confidence interval.</param>
public sealed record RelativeMagnitudeRow(double Mbar, double IdentifiedLow, double IdentifiedHigh, double CiLow, double CiHigh);

/// <summary>
/// How far parallel trends may fail before a value stops being rejected.
/// </summary>
/// <param name="NullValue">The value tested (0 for "no effect", log 3 for "a 3x multiplier" on the log scale).</param>
/// <param name="Mbar">
/// The breakdown M̄: the largest M̄ at which the robust interval still excludes <paramref name="NullValue"/> (the value is
/// consistent with the data only if post-adoption trends may change by more than M̄ times the largest pre-adoption change).
/// Null when the interval contains the value already at M̄ = 0.
/// </param>
/// <param name="BeyondSearchLimit">True when the value is still excluded at the search limit (<paramref name="Mbar"/> is then that limit).</param>
public sealed record SensitivityBreakdown(double NullValue, double? Mbar, bool BeyondSearchLimit);

/// <summary>The sensitivity analysis of one event-study target (immutable).</summary>
public sealed class RelativeMagnitudeResult
{
    private readonly RelativeMagnitudeCore _core;

    internal RelativeMagnitudeResult(RelativeMagnitudeBounds options, RelativeMagnitudeCore core, IReadOnlyList<RelativeMagnitudeRow> rows)
    {
        Options = options;
        _core = core;
        Rows = rows;
        Breakdown = BreakdownFor(0);
    }

    public RelativeMagnitudeBounds Options { get; }
    /// <summary>θ̂ = l'β̂_post on the event study's scale (log for multiplicative outcomes).</summary>
    public double PointEstimate => _core.PointEstimate;
    public double StandardError => _core.StandardError;
    /// <summary>The largest absolute change between adjacent pre-adoption estimates (including −2 → the reference −1).</summary>
    public double LargestPreChange => _core.LargestPreChange;
    /// <summary>One row per <see cref="RelativeMagnitudeBounds.Mbars"/> value, in the given order.</summary>
    public IReadOnlyList<RelativeMagnitudeRow> Rows { get; }
    /// <summary>Breakdown for "no effect" (θ = 0).</summary>
    public SensitivityBreakdown Breakdown { get; }

    /// <summary>Bounds at any M̄ ≥ 0.</summary>
    public RelativeMagnitudeRow At(double mbar)
    {
        if (!double.IsFinite(mbar) || mbar < 0) throw new Regression.EstimationException(SensitivityMessages.MbarOutOfRange(mbar));
        return _core.Row(mbar);
    }

    /// <summary>
    /// The M̄ below which the identified set excludes <paramref name="value"/> (no sampling error): |value − θ̂| / (m·Σ|L_k|);
    /// +∞ when the pre-adoption estimates are all exactly flat.
    /// </summary>
    public double IdentifiedBreakdownFor(double value) =>
        _core.IdentifiedSlope > 0 ? Math.Abs(value - _core.PointEstimate) / _core.IdentifiedSlope : double.PositiveInfinity;

    /// <summary>Breakdown M̄ for <paramref name="value"/> (see <see cref="SensitivityBreakdown"/>), by bisection to 1e-9 relative.</summary>
    public SensitivityBreakdown BreakdownFor(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "The 'value' parameter of BreakdownFor must be a finite number.");
        bool Excluded(double mbar)
        {
            var (low, high) = _core.ConfidenceInterval(mbar);
            return value < low || value > high;
        }
        if (!Excluded(0)) return new SensitivityBreakdown(value, null, false);
        double limit = Options.BreakdownSearchLimit;
        if (Excluded(limit)) return new SensitivityBreakdown(value, limit, true);
        double lo = 0, hi = limit;
        while (hi - lo > 1e-9 * Math.Max(hi, 1e-6))
        {
            double mid = 0.5 * (lo + hi);
            if (Excluded(mid)) lo = mid; else hi = mid;
        }
        return new SensitivityBreakdown(value, lo, false);
    }
}
