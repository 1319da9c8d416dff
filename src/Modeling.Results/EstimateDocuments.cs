using System.Text.Json.Serialization;

namespace Modeling.Results;

/// <summary>
/// The estimate JSON of <c>modeling estimate</c> (CONTRACT §5): one document per estimator family, properties in the order
/// they are written. Numbers are written exactly (shortest round-trip form), non-finite ones as null. A property with a
/// default is settable for the reason given on <see cref="ResultsDocument"/>.
/// </summary>
public abstract record EstimateDocument
{
    [JsonPropertyOrder(-2)] public required string Estimator { get; init; }
    [JsonPropertyOrder(-1)] public required string Outcome { get; init; }
}

/// <summary>
/// What an effect may carry after its estimate, SE and analytic interval, each written only when computed: the
/// multiplier with its interval (multiplicative scales), the multiplier bootstrap's standard error and the simultaneous
/// (uniform) band over the effect's family.
/// </summary>
public abstract record EffectAddenda
{
    [JsonPropertyOrder(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Multiplier { get; init; }
    [JsonPropertyOrder(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? MultiplierCiLow { get; init; }
    [JsonPropertyOrder(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? MultiplierCiHigh { get; init; }
    [JsonPropertyOrder(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? BootstrapSe { get; init; }
    [JsonPropertyOrder(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? BandLow { get; init; }
    [JsonPropertyOrder(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? BandHigh { get; init; }
}

/// <summary>An effect on the estimator's own scale with its standard error and interval.</summary>
public sealed record AttEstimate(double? Att, double? Se, double? CiLow, double? CiHigh) : EffectAddenda;

/// <summary>
/// ATT(g,t): the effect on cohort <paramref name="Group"/> in period <paramref name="Time"/>; with calendar times
/// (<c>time_format</c> other than integer) the two are ordinals and the labels say them as the file did.
/// </summary>
public sealed record GroupTimeEstimate(int Group, int Time, double? Att, double? Se, double? CiLow, double? CiHigh) : EffectAddenda
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? GroupLabel { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TimeLabel { get; init; }
}

/// <summary>One element of an aggregation; exactly one of the keys is set, by the aggregation it belongs to.</summary>
public sealed record AggregationElement : EffectAddenda
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? EventTime { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Group { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Time { get; init; }

    /// <summary>With calendar times, the cohort or period as the file wrote it (e.g. 2024-03).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Label { get; init; }
    public double? Att { get; init; }
    public double? Se { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
}

/// <summary>An aggregation: its overall effect and its elements (by event time, cohort or period).</summary>
public sealed record AggregationEstimate
{
    public required AttEstimate Overall { get; init; }

    /// <summary>The bootstrap's sup-t critical value of the elements' simultaneous bands, when bootstrapped.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? UniformCriticalValue { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<AggregationElement>? ByEventTime { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<AggregationElement>? ByGroup { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<AggregationElement>? ByTime { get; init; }
}

/// <summary>The aggregations of a group-time estimator (Callaway–Sant'Anna).</summary>
public sealed record Aggregations
{
    public required AttEstimate Simple { get; init; }
    public AggregationEstimate? Dynamic { get; init; }
    public AggregationEstimate? Group { get; init; }
    public AggregationEstimate? Calendar { get; init; }
}

/// <summary>The options of a staggered estimate; each written when it applies.</summary>
public sealed record EstimateSettings
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? EstMethod { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? BasePeriod { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Anticipation { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Scale { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Covariates { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Weights { get; init; }

    /// <summary>did's clustervars: the cluster column above the unit; then se and ci are the cluster bootstrap's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Cluster { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? BootstrapDraws { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Seed { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MinE { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MaxE { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? BalanceE { get; init; }

    /// <summary>did's allow_unbalanced_panel as applied: true when a panel with gaps was kept and its cells estimated as
    /// repeated cross-sections; false when asked for on a balanced panel (did then resets it). Absent when not asked for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? AllowUnbalancedPanel { get; init; }
}

/// <summary>A staggered difference-in-differences estimate: ATT(g,t) and its aggregations.</summary>
public sealed record AggregatedEstimate : EstimateDocument
{
    public long NObs { get; init; }
    public int NUnits { get; init; }

    /// <summary>How the file wrote its times: integer, month, iso_week, month_date, week_date or day.</summary>
    public string? TimeFormat { get; init; }

    /// <summary>never or not_yet.</summary>
    public string? Control { get; init; }

    /// <summary>The options the estimate was made with, as did / didimputation name them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public EstimateSettings? Settings { get; init; }

    /// <summary>ATT(g,t) of a group-time estimator; absent for the imputation estimator, which has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<GroupTimeEstimate>? AttGt { get; set; }
    public required Aggregations Aggregations { get; init; }
    public double? PretrendPValue { get; init; }

    /// <summary>Which pre-trend test <see cref="PretrendPValue"/> is: group_time_cells (R did's Wald test on every
    /// pre-adoption ATT(g,t)), event_study_leads (the dynamic aggregation's leads, when the cell test's covariance is
    /// singular) or imputation_leads (BJS Test 1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PretrendTest { get; init; }

    /// <summary>Units left out by the estimator's own sample rules (did: treated in the first period).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? DroppedUnits { get; init; }

    /// <summary>ols, poisson or log for the imputation estimator (the scale of the ATTs); absent for staggered_did.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Model { get; init; }

    /// <summary>The overall effect as a multiplier with its interval, on a multiplicative scale; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Multiplier { get; init; }

    /// <inheritdoc cref="Multiplier"/>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? CiLow { get; init; }

    /// <inheritdoc cref="Multiplier"/>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? CiHigh { get; init; }

    /// <summary>How the standard errors were made (imputation); absent for staggered_did.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Covariance { get; init; }

    /// <summary>Rows of the input left out, by reason.</summary>
    public IReadOnlyDictionary<string, long> DroppedRows { get; set; } = new Dictionary<string, long>();
}

/// <summary>
/// An estimate that is one coefficient with its inference (two-way fixed effects, double machine learning). The fields
/// the two share are declared here; <see cref="JsonPropertyOrderAttribute"/> numbers place each family's own fields
/// between them as CONTRACT §5's documents have them.
/// </summary>
public abstract record CoefficientFields : EstimateDocument
{
    /// <summary>ols or poisson (TWFE), partially_linear (DML).</summary>
    [JsonPropertyOrder(1)] public string? Model { get; init; }

    [JsonPropertyOrder(2)] public double? Coefficient { get; init; }
    [JsonPropertyOrder(2)] public double? Se { get; init; }
    [JsonPropertyOrder(2)] public double? CiLow { get; init; }
    [JsonPropertyOrder(2)] public double? CiHigh { get; init; }
    [JsonPropertyOrder(2)] public double? PValue { get; init; }
    [JsonPropertyOrder(2)] public double? CiLevel { get; init; }
    [JsonPropertyOrder(4)] public long NObs { get; init; }
    [JsonPropertyOrder(4)] public int NClusters { get; init; }
    [JsonPropertyOrder(4)] public string? Covariance { get; init; }

    /// <summary>Rows of the input left out, by reason.</summary>
    [JsonPropertyOrder(9)] public IReadOnlyDictionary<string, long> DroppedRows { get; set; } = new Dictionary<string, long>();
}

/// <summary>A regression coefficient (two-way fixed effects), with its multiplier where the model is multiplicative.</summary>
public sealed record CoefficientEstimate : CoefficientFields
{
    /// <summary>The event-study specification's coefficients (relative to event time −1), in place of one coefficient.</summary>
    [JsonPropertyOrder(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<AggregationElement>? ByEventTime { get; set; }

    /// <summary>The event time every coefficient is relative to (−1), with <see cref="ByEventTime"/>.</summary>
    [JsonPropertyOrder(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? ReferenceEventTime { get; init; }

    [JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Multiplier { get; init; }
    [JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? MultiplierCiLow { get; init; }
    [JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? MultiplierCiHigh { get; init; }
}

/// <summary>The partially linear double machine learning estimate.</summary>
public sealed record DmlEstimate : CoefficientFields
{
    [JsonPropertyOrder(0)] public string? Treatment { get; init; }
    [JsonPropertyOrder(5)] public string? Learner { get; init; }
    [JsonPropertyOrder(5)] public int Folds { get; init; }
    [JsonPropertyOrder(5)] public int Repetitions { get; init; }
    [JsonPropertyOrder(5)] public long Seed { get; init; }
    [JsonPropertyOrder(5)] public IReadOnlyList<string> Covariates { get; set; } = [];
    [JsonPropertyOrder(5)] public IReadOnlyList<double> RepetitionCoefficients { get; set; } = [];
    [JsonPropertyOrder(5)] public double? OutcomeR2 { get; init; }
    [JsonPropertyOrder(5)] public double? TreatmentR2 { get; init; }
    [JsonPropertyOrder(5)] public double? TreatmentMin { get; init; }
    [JsonPropertyOrder(5)] public double? TreatmentMax { get; init; }
}

/// <summary>
/// The naive before/after ratio (what dashboards show): the adopting units' mean outcome after adoption over the mean
/// before, with no comparison group. <see cref="CoefficientFields.Coefficient"/> is the log of the ratio.
/// </summary>
public sealed record BeforeAfterEstimate : CoefficientFields
{
    [JsonPropertyOrder(3)] public double? Multiplier { get; init; }
    [JsonPropertyOrder(3)] public double? MultiplierCiLow { get; init; }
    [JsonPropertyOrder(3)] public double? MultiplierCiHigh { get; init; }
    [JsonPropertyOrder(5)] public double? MeanBefore { get; init; }
    [JsonPropertyOrder(5)] public double? MeanAfter { get; init; }
    [JsonPropertyOrder(5)] public int NObsBefore { get; init; }
    [JsonPropertyOrder(5)] public int NObsAfter { get; init; }
}

/// <summary>One 2×2 comparison of the Goodman-Bacon decomposition (cohort 0 = never treated).</summary>
public sealed record BaconComparisonRow(string Type, int TreatedCohort, int ControlCohort, double Estimate, double Weight)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TreatedLabel { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ControlLabel { get; init; }
}

/// <summary>One comparison type's total weight and weighted average estimate.</summary>
public sealed record BaconTypeRow(string Type, double Weight, double AverageEstimate);

/// <summary>The Goodman-Bacon decomposition of the static OLS TWFE coefficient into its 2×2 comparisons.</summary>
public sealed record BaconEstimate : EstimateDocument
{
    public long NObs { get; init; }
    public int NUnits { get; init; }
    public string? TimeFormat { get; init; }
    public double TwfeCoefficient { get; init; }

    /// <summary>Σ weight × estimate over the comparisons: equals <see cref="TwfeCoefficient"/> up to rounding.</summary>
    public double WeightedSum { get; init; }
    public double TreatmentVariance { get; init; }
    public IReadOnlyList<BaconTypeRow> ByType { get; set; } = [];
    public IReadOnlyList<BaconComparisonRow> Comparisons { get; set; } = [];
    public IReadOnlyDictionary<string, long> DroppedRows { get; set; } = new Dictionary<string, long>();
}

/// <summary>One event-study coefficient (relative to event time −1) that a sensitivity analysis starts from.</summary>
public sealed record EventStudyCoefficient(int EventTime, double Estimate, double Se);

/// <summary>A robust interval at one bound (M̄ for relative magnitudes, M for smoothness).</summary>
public sealed record RobustIntervalRow(double Bound, double? CiLow, double? CiHigh, bool Empty, bool OpenAtGridEnd);

/// <summary>The largest bound at which the robust interval still excludes <see cref="NullValue"/>; null when it never does.</summary>
public sealed record BreakdownRow(double NullValue, double? Bound, bool BeyondLimit, double Limit);

/// <summary>
/// Rambachan–Roth sensitivity of an event study to violations of parallel trends: the target's ordinary interval, the
/// robust (C-LF) interval at each bound, and the breakdown value for no effect.
/// </summary>
public sealed record SensitivityEstimate : EstimateDocument
{
    /// <summary>The estimator whose event study is analysed: imputation or staggered_did.</summary>
    public required string EventStudy { get; init; }

    /// <summary>relative_magnitudes (Δ^RM, bound M̄) or smoothness (Δ^SD, bound M).</summary>
    public required string Restriction { get; init; }

    /// <summary>average (of the post-adoption effects) or first (the effect on impact, HonestDiD's default).</summary>
    public required string Target { get; init; }
    public string Method { get; init; } = "C-LF";
    public double CiLevel { get; init; }
    public long NObs { get; init; }
    public int NUnits { get; init; }
    public string? TimeFormat { get; init; }

    /// <summary>ols, log or poisson for the imputation event study (poisson and log: effects are logs of multipliers).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Model { get; init; }
    public IReadOnlyList<EventStudyCoefficient> ByEventTime { get; set; } = [];
    public required AttEstimate Original { get; init; }
    public IReadOnlyList<RobustIntervalRow> Intervals { get; set; } = [];
    public BreakdownRow? Breakdown { get; init; }
    public int Seed { get; init; }
    public IReadOnlyDictionary<string, long> DroppedRows { get; set; } = new Dictionary<string, long>();
}

/// <summary>
/// The counterfactual model: a tree ensemble trained on untreated team-periods predicts the adopted ones without AI;
/// the multiplier is Σ observed ÷ Σ predicted. <see cref="CoefficientFields.Coefficient"/> is its log; the SE combines a
/// bootstrap over adopted units with a jackknife over cross-fitting folds. A model whose cross-validated R² is not above
/// 0 predicts worse than the mean and its multiplier is no evidence (<see cref="Usable"/> false).
/// </summary>
public sealed record CounterfactualEstimate : CoefficientFields
{
    [JsonPropertyOrder(3)] public double? Multiplier { get; init; }
    [JsonPropertyOrder(3)] public double? MultiplierCiLow { get; init; }
    [JsonPropertyOrder(3)] public double? MultiplierCiHigh { get; init; }
    [JsonPropertyOrder(5)] public double? UnitBootstrapSe { get; init; }
    [JsonPropertyOrder(5)] public double? ModelJackknifeSe { get; init; }
    [JsonPropertyOrder(5)] public double? ObservedTotal { get; init; }
    [JsonPropertyOrder(5)] public double? PredictedTotal { get; init; }
    [JsonPropertyOrder(5)] public double? CvR2 { get; init; }
    [JsonPropertyOrder(5)] public double? CvMape { get; init; }
    [JsonPropertyOrder(5)] public bool Usable { get; init; }
    [JsonPropertyOrder(5)] public int Folds { get; init; }
    [JsonPropertyOrder(5)] public int BootstrapDraws { get; init; }
    [JsonPropertyOrder(5)] public long Seed { get; init; }
    [JsonPropertyOrder(5)] public int TrainingRows { get; init; }
    [JsonPropertyOrder(5)] public int AdoptedRows { get; init; }
    [JsonPropertyOrder(5)] public int AdoptedUnits { get; init; }
    [JsonPropertyOrder(5)] public int UnpredictableRows { get; init; }
    [JsonPropertyOrder(5)] public IReadOnlyList<string> Features { get; set; } = [];
}
