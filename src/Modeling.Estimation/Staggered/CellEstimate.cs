namespace Modeling.Estimation.Staggered;

/// <summary>One ATT(g,t) while fitting: estimate and influence function over sample positions (internal working form).</summary>
internal sealed class CellEstimate
{
    public required int Cohort { get; init; }
    public required int Period { get; init; }
    public required int BasePeriod { get; init; }
    public bool IsReference { get; init; }
    public double Att { get; init; }
    /// <summary>Influence function over sample positions (did's scale: n/n₁ × the 2×2 one, 0 outside the cell).</summary>
    public double[] Influence { get; init; } = [];
    public int TreatedCount { get; init; }
    public int ControlCount { get; init; }
    /// <summary>Mean level outcome of the cell's treated units in period t (ratio scale only) and its influence function.</summary>
    public double TreatedMean { get; init; } = double.NaN;
    public double[]? TreatedMeanInfluence { get; init; }
    public string? SkipReason { get; init; }

    public bool IsPost => Period >= Cohort;
    public bool IsEstimated => SkipReason is null;
}

/// <summary>An estimate with its influence function, and optionally the treated-mean companion used by the ratio scale.</summary>
internal readonly record struct Combined(double Value, double[] Influence, double Mean, double[]? MeanInfluence);
