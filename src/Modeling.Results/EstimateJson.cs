using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modeling.Results;

/// <summary>
/// The one way the estimate JSON (CONTRACT §5) is written: snake_case, properties in declaration order, numbers exact
/// (a data scientist compares them with R or Python to 1e-10), non-finite numbers as null, indented, one final line feed.
/// </summary>
public static class EstimateJson
{
    private static readonly EstimateJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        Converters = { new FiniteNumberConverter() },
    });

    public static byte[] ToBytes(EstimateDocument estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        using var buffer = new MemoryStream();
        switch (estimate)
        {
            case AggregatedEstimate a: JsonSerializer.Serialize(buffer, a, Context.AggregatedEstimate); break;
            case CoefficientEstimate c: JsonSerializer.Serialize(buffer, c, Context.CoefficientEstimate); break;
            case DmlEstimate d: JsonSerializer.Serialize(buffer, d, Context.DmlEstimate); break;
            case BeforeAfterEstimate b: JsonSerializer.Serialize(buffer, b, Context.BeforeAfterEstimate); break;
            case BaconEstimate b: JsonSerializer.Serialize(buffer, b, Context.BaconEstimate); break;
            case SensitivityEstimate s: JsonSerializer.Serialize(buffer, s, Context.SensitivityEstimate); break;
            case CounterfactualEstimate c: JsonSerializer.Serialize(buffer, c, Context.CounterfactualEstimate); break;
            default: throw new ArgumentException($"no JSON shape for {estimate.GetType().Name}", nameof(estimate));
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}

/// <summary>Numbers written exactly; NaN and infinities written as null, and null read back as NaN.</summary>
internal sealed class FiniteNumberConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AggregatedEstimate))]
[JsonSerializable(typeof(CoefficientEstimate))]
[JsonSerializable(typeof(DmlEstimate))]
[JsonSerializable(typeof(BeforeAfterEstimate))]
[JsonSerializable(typeof(BaconEstimate))]
[JsonSerializable(typeof(SensitivityEstimate))]
[JsonSerializable(typeof(CounterfactualEstimate))]
internal sealed partial class EstimateJsonContext : JsonSerializerContext;
