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

/// <summary>An effect on the estimator's own scale with its standard error and interval.</summary>
public sealed record AttEstimate(double? Att, double? Se, double? CiLow, double? CiHigh);

/// <summary>ATT(g,t): the effect on cohort <paramref name="Group"/> in period <paramref name="Time"/>.</summary>
public sealed record GroupTimeEstimate(int Group, int Time, double? Att, double? Se, double? CiLow, double? CiHigh);

/// <summary>One element of an aggregation; exactly one of the keys is set, by the aggregation it belongs to.</summary>
public sealed record AggregationElement
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? EventTime { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Group { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Time { get; init; }
    public double? Att { get; init; }
    public double? Se { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
}

/// <summary>An aggregation: its overall effect and its elements (by event time, cohort or period).</summary>
public sealed record AggregationEstimate
{
    public required AttEstimate Overall { get; init; }
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

/// <summary>A staggered difference-in-differences estimate: ATT(g,t) and its aggregations.</summary>
public sealed record AggregatedEstimate : EstimateDocument
{
    public long NObs { get; init; }
    public int NUnits { get; init; }

    /// <summary>never or not_yet.</summary>
    public string? Control { get; init; }

    public IReadOnlyList<GroupTimeEstimate> AttGt { get; set; } = [];
    public required Aggregations Aggregations { get; init; }
    public double? PretrendPValue { get; init; }

    /// <summary>Rows of the input left out, by reason.</summary>
    public IReadOnlyDictionary<string, long> DroppedRows { get; set; } = new Dictionary<string, long>();
}

/// <summary>A regression coefficient (two-way fixed effects), with its multiplier where the model is multiplicative.</summary>
public sealed record CoefficientEstimate : EstimateDocument
{
    /// <summary>ols or poisson.</summary>
    public string? Model { get; init; }

    public double? Coefficient { get; init; }
    public double? Se { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? PValue { get; init; }
    public double? CiLevel { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Multiplier { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? MultiplierCiLow { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? MultiplierCiHigh { get; init; }
    public long NObs { get; init; }
    public int NClusters { get; init; }
    public string? Covariance { get; init; }
    public IReadOnlyDictionary<string, long> DroppedRows { get; set; } = new Dictionary<string, long>();
}

/// <summary>The partially linear double machine learning estimate.</summary>
public sealed record DmlEstimate : EstimateDocument
{
    public string? Treatment { get; init; }
    public string? Model { get; init; }
    public double? Coefficient { get; init; }
    public double? Se { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
    public double? PValue { get; init; }
    public double? CiLevel { get; init; }
    public long NObs { get; init; }
    public int NClusters { get; init; }
    public string? Covariance { get; init; }
    public string? Learner { get; init; }
    public int Folds { get; init; }
    public int Repetitions { get; init; }
    public long Seed { get; init; }
    public IReadOnlyList<string> Covariates { get; set; } = [];
    public IReadOnlyList<double> RepetitionCoefficients { get; set; } = [];
    public double? OutcomeR2 { get; init; }
    public double? TreatmentR2 { get; init; }
    public double? TreatmentMin { get; init; }
    public double? TreatmentMax { get; init; }
    public IReadOnlyDictionary<string, long> DroppedRows { get; set; } = new Dictionary<string, long>();
}
