namespace Modeling.Estimation.Regression;

/// <summary>
/// Which fixed effects count in K of the CR1 small-sample factor (N−1)/(N−K) — fixest's <c>ssc(fixef.K = …)</c>.
/// </summary>
public enum FixedEffectsInK
{
    /// <summary>Only fixed effects not nested in the clusters: the unit effects, nested in unit clusters, count as one
    /// (fixest's default "nested", reghdfe's and Stata xtreg's).</summary>
    Nested,
    /// <summary>Every fixed effect: K = regressors + rank of the unit and period dummies (fixest "full"; R's
    /// sandwich::vcovCL on lm with factor dummies; Stata's regress with i.unit i.period).</summary>
    Full,
}

/// <summary>A named regressor column.</summary>
public sealed record Regressor(string Name, IReadOnlyList<double> Values);

/// <summary>
/// Input to the fixed-effects regressions: an outcome, regressors, unit and period codes (any integers; the
/// unit is also the cluster) and optional positive weights. Validated on construction: non-finite values are
/// rejected with the column and row named.
/// </summary>
public sealed class RegressionInput
{
    public RegressionInput(
        IReadOnlyList<double> outcome,
        IReadOnlyList<Regressor> regressors,
        IReadOnlyList<int> unit,
        IReadOnlyList<int> time,
        IReadOnlyList<double>? weight = null,
        string outcomeName = "y")
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(regressors);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(time);
        int n = outcome.Count;
        if (unit.Count != n || time.Count != n || (weight is not null && weight.Count != n) || regressors.Any(r => r.Values.Count != n))
            throw new ArgumentException("Every column of a RegressionInput must have one entry per observation.");
        RequireFinite(outcome, outcomeName);
        foreach (var r in regressors) if (r.Values is not IndicatorColumn) RequireFinite(r.Values, r.Name);
        if (weight is not null)
        {
            RequireFinite(weight, "weight");
            for (int i = 0; i < n; i++)
                if (!(weight[i] > 0)) throw new EstimationException(Messages.NonPositiveWeight(i, weight[i]));
        }
        Outcome = [.. outcome];
        // Indicator columns are immutable and sparse: kept as they are; anything else is copied.
        Regressors = [.. regressors.Select(r => r.Values is IndicatorColumn ? r : new Regressor(r.Name, [.. r.Values]))];
        Unit = [.. unit];
        Time = [.. time];
        Weight = weight is null ? null : [.. weight];
        OutcomeName = outcomeName;
    }

    public IReadOnlyList<double> Outcome { get; }
    public IReadOnlyList<Regressor> Regressors { get; }
    public IReadOnlyList<int> Unit { get; }
    public IReadOnlyList<int> Time { get; }
    public IReadOnlyList<double>? Weight { get; }
    public string OutcomeName { get; }
    public int Count => Outcome.Count;

    /// <summary>Which fixed effects count in the small-sample factor's K; <see cref="FixedEffectsInK.Full"/> unless set.</summary>
    public FixedEffectsInK FixedEffectsInK { get; init; } = FixedEffectsInK.Full;

    private static void RequireFinite(IReadOnlyList<double> values, string column)
    {
        for (int i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i])) throw new EstimationException(Messages.NonFiniteValue(column, i, values[i]));
    }
}

/// <summary>Why a regressor has no coefficient.</summary>
public enum DropReason
{
    /// <summary>The column is (numerically) a combination of unit and period dummies.</summary>
    CollinearWithFixedEffects,
    /// <summary>The column is (numerically) a combination of earlier regressors, after the fixed effects.</summary>
    CollinearWithRegressors,
}

/// <summary>A regressor left out of the fit, with the reason — reported, never silent.</summary>
public sealed record DroppedTerm(string Name, DropReason Reason);
