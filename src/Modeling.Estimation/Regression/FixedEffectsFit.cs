namespace Modeling.Estimation.Regression;

/// <summary>Estimation method of a <see cref="FixedEffectsFit"/>.</summary>
public enum FixedEffectsMethod
{
    /// <summary>(Weighted) least squares with absorbed unit and period effects.</summary>
    Ols,
    /// <summary>Poisson pseudo-maximum-likelihood with absorbed unit and period effects (log link).</summary>
    Poisson,
}

/// <summary>
/// Result of a two-way fixed-effects regression: coefficients of the kept regressors, their CR1 cluster-robust
/// covariance (clusters = units), counts, and everything that was dropped.
/// </summary>
/// <remarks>
/// Covariance: V = c · B (Σ_g s_g s_gᵀ) B with B = (X̃ᵀWX̃)⁻¹, s_g the cluster sum of scores w_i·e_i·x̃_i
/// (x̃ = x with the fixed effects projected out in the fit's weights), and c = G/(G−1)·(N−1)/(N−K) where K counts
/// the kept regressors plus the rank of the unit and period dummies (units + periods − connected components),
/// i.e. the rank of the dummy-variable model. This is R's sandwich::vcovCL(type = "HC1") on lm/glm with factor
/// dummies, Stata's <c>regress … i.unit i.period, vce(cluster unit)</c> and estimatr's se_type = "stata".
/// With <see cref="Regression.FixedEffectsInK.Nested"/>, K leaves out the unit effects nested in the clusters (but one), as
/// fixest's default and reghdfe do, which gives slightly smaller SEs.
/// </remarks>
public sealed class FixedEffectsFit
{
    internal FixedEffectsFit(
        FixedEffectsMethod method, IReadOnlyList<string> terms, double[] coefficients, double[,] covariance,
        double[][] clusterInfluence, int observationCount, int clusterCount, int parameterCount, int fixedEffectsRank,
        IReadOnlyList<DroppedTerm> droppedTerms, IReadOnlyList<int> droppedUnits, IReadOnlyList<int> droppedPeriods,
        int droppedObservationCount, int iterations, IReadOnlyDictionary<int, double> unitEffects,
        IReadOnlyDictionary<int, double> periodEffects, IReadOnlyList<int> clusters, FixedEffectsInK fixedEffectsInK)
    {
        FixedEffectsInK = fixedEffectsInK;
        Method = method;
        Terms = terms;
        Coefficients = coefficients;
        _covariance = covariance;
        _clusterInfluence = clusterInfluence;
        ObservationCount = observationCount;
        ClusterCount = clusterCount;
        ParameterCount = parameterCount;
        FixedEffectsRank = fixedEffectsRank;
        DroppedTerms = droppedTerms;
        DroppedUnits = droppedUnits;
        DroppedPeriods = droppedPeriods;
        DroppedObservationCount = droppedObservationCount;
        Iterations = iterations;
        UnitEffects = unitEffects;
        PeriodEffects = periodEffects;
        Clusters = clusters;
    }

    private readonly double[,] _covariance;
    private readonly double[][] _clusterInfluence;

    public FixedEffectsMethod Method { get; }
    /// <summary>Names of the kept regressors, in input order.</summary>
    public IReadOnlyList<string> Terms { get; }
    public IReadOnlyList<double> Coefficients { get; }
    /// <summary>Observations used (after any dropped for Poisson separation).</summary>
    public int ObservationCount { get; }
    /// <summary>Number of clusters (units) used.</summary>
    public int ClusterCount { get; }
    /// <summary>K in the small-sample factor: kept regressors + rank of the unit and period dummies (less units − 1 when nested).</summary>
    public int ParameterCount { get; }
    public int FixedEffectsRank { get; }
    public IReadOnlyList<DroppedTerm> DroppedTerms { get; }
    /// <summary>Unit codes (as given in the input) dropped because their outcome is zero throughout (Poisson only).</summary>
    public IReadOnlyList<int> DroppedUnits { get; }
    /// <summary>Period codes dropped because the outcome is zero in every kept unit (Poisson only).</summary>
    public IReadOnlyList<int> DroppedPeriods { get; }
    public int DroppedObservationCount { get; }
    /// <summary>IRLS iterations (Poisson); 1 for OLS.</summary>
    public int Iterations { get; }
    /// <summary>Estimated unit effects by input unit code (normalised so the period effects carry the level; only differences within a connected panel are identified).</summary>
    public IReadOnlyDictionary<int, double> UnitEffects { get; }
    /// <summary>Estimated period effects by input period code.</summary>
    public IReadOnlyDictionary<int, double> PeriodEffects { get; }
    /// <summary>Unit codes of the clusters, in the order of <see cref="ClusterInfluence"/>.</summary>
    public IReadOnlyList<int> Clusters { get; }

    public const string CovarianceType = "CR1 clustered by unit: G/(G-1)*(N-1)/(N-K), K = regressors + rank of unit and period dummies";

    /// <summary>The covariance with K as fixest's default: unit effects nested in the unit clusters count as one.</summary>
    public const string NestedCovarianceType = "CR1 clustered by unit: G/(G-1)*(N-1)/(N-K), K = regressors + rank of unit and period dummies - (units - 1) (fixest ssc nested)";

    /// <summary>Which fixed effects K counts.</summary>
    public FixedEffectsInK FixedEffectsInK { get; }

    /// <summary>How the covariance was made, K included.</summary>
    public string CovarianceDescription => FixedEffectsInK == FixedEffectsInK.Nested ? NestedCovarianceType : CovarianceType;

    public int IndexOf(string term)
    {
        for (int j = 0; j < Terms.Count; j++) if (Terms[j] == term) return j;
        return -1;
    }

    public double Covariance(int i, int j) => _covariance[i, j];

    public double StandardError(int j) => Math.Sqrt(_covariance[j, j]);

    /// <summary>
    /// Influence of cluster g on coefficient j, ψ_gj = (B s_g)_j, so that Σ_g ψ_g ψ_gᵀ is the covariance before the
    /// small-sample factor. Lets callers form covariances of functions of several coefficients.
    /// </summary>
    public double ClusterInfluence(int cluster, int term) => _clusterInfluence[cluster][term];

    /// <summary>The CR1 small-sample factor c = G/(G−1)·(N−1)/(N−K).</summary>
    public double SmallSampleFactor =>
        ClusterCount / (ClusterCount - 1.0) * (ObservationCount - 1.0) / (ObservationCount - (double)ParameterCount);
}
