namespace Modeling.Estimation.Inference;

/// <summary>
/// The one face every estimator's result shows (as ML.NET's transformers share one interface): the headline effect with
/// its inference, its multiplier where the scale is multiplicative, and what it rests on. Analysis maps any of them to
/// a results.json effects row in one place, and the estimator contract tests run over all of them.
/// </summary>
public interface IEffectEstimate
{
    /// <summary>The headline effect on the estimator's own scale (log for multiplicative fits) with standard error,
    /// interval and its level, and p-value.</summary>
    Effect Effect { get; }

    /// <summary>With AI ÷ without AI, with its interval, where the estimate has a multiplicative reading; else null.</summary>
    Multiplier? Multiplier { get; }

    /// <summary>How the standard error was computed.</summary>
    string CovarianceType { get; }

    /// <summary>Clusters (units, teams) of the standard error.</summary>
    int ClusterCount { get; }

    /// <summary>Observations (unit-periods or rows) the estimate uses.</summary>
    int ObservationCount { get; }

    /// <summary>Per-cluster influence of <see cref="Effect"/> when the standard error comes from one, else null (bootstrap,
    /// cross-fitting): Var = <see cref="InfluenceVarianceFactor"/> · Σψ².</summary>
    IReadOnlyList<double>? Influence { get; }

    /// <summary>The factor that turns Σψ² into the variance (a small-sample correction, or 1/n² for R did's scaling).</summary>
    double InfluenceVarianceFactor { get; }
}
