using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Modeling.Results;

/// <summary>
/// The one way results.json is written and read: snake_case names, properties in declaration order, numbers rounded to
/// 10 significant digits (stable across platforms' last-bit differences, far below any interval), non-finite numbers as
/// null, text as written (no HTML escaping: the report escapes where it renders), indented, one final line feed. The same
/// document gives the same bytes.
/// </summary>
public static class ResultsJson
{
    public const int SchemaVersion = 1;

    private static readonly ResultsJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new RoundedNumberConverter() },
    });

    public static byte[] ToBytes(ResultsDocument document)
    {
        using var buffer = new MemoryStream();
        JsonSerializer.Serialize(buffer, document, Context.ResultsDocument);
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads a results.json text.</summary>
    /// <exception cref="ResultsFormatException">The text is not JSON, not an object, or a field has the wrong type.</exception>
    public static ResultsDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ResultsFormatException(Messages.NotJson((e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, Detail(e)));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ResultsFormatException(Messages.NotAnObject(document.RootElement.ValueKind.ToString()));
            try
            {
                return document.RootElement.Deserialize(Context.ResultsDocument)!;
            }
            catch (JsonException e)
            {
                throw new ResultsFormatException(Messages.WrongType(e.Path ?? "$", Detail(e)));
            }
        }
    }

    /// <summary>The exception's own sentence, without the position suffixes System.Text.Json appends.</summary>
    private static string Detail(JsonException e) =>
        e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].ReplaceLineEndings(" ").Trim();

    private static class Messages
    {
        public static string NotJson(long line, long column, string detail) =>
            string.Create(CultureInfo.InvariantCulture,
                $"The results file is not valid JSON (line {line}, column {column}): {detail} Expected the results.json written by 'modeling analyze'.");

        public static string NotAnObject(string kind) =>
            $"The results file must hold a JSON object (the results.json written by 'modeling analyze'). Got a JSON {kind} instead.";

        public static string WrongType(string path, string detail) =>
            $"The results file has a value of the wrong type at {path} ({detail}). Write it as CONTRACT §4 says, or pass the results.json written by 'modeling analyze'.";
    }
}

/// <summary>A results.json that cannot be read: not JSON, not an object, or a field of the wrong type.</summary>
public sealed class ResultsFormatException(string message) : Exception(message);

/// <summary>
/// Numbers rounded to 10 significant digits when written; NaN and infinities written as null, and null read back as NaN
/// where a number is required.
/// </summary>
internal sealed class RoundedNumberConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (!double.IsFinite(value)) writer.WriteNullValue();
        else writer.WriteNumberValue(double.Parse(value.ToString("G10", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ResultsDocument))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
