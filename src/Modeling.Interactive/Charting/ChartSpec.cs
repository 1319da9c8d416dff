// Compiled into both Modeling.Interactive and the isolated chart renderer (Charts/): only its JSON crosses between them.
namespace Modeling.Interactive.Charting;

/// <summary>How a series is drawn.</summary>
public enum SeriesKind
{
    /// <summary>Points joined by a line.</summary>
    Line,
    /// <summary>Points only (e.g. estimates with intervals).</summary>
    Markers,
    /// <summary>Vertical bars.</summary>
    Bars,
    /// <summary>A dashed line (a reference such as "no change" or a target).</summary>
    Reference,
}

/// <summary>
/// One series: x as numbers or as category labels, y, and optionally an interval (low/high) drawn as error bars.
/// </summary>
public sealed record SeriesSpec(
    string Name,
    SeriesKind Kind,
    IReadOnlyList<double>? X,
    IReadOnlyList<string>? XLabels,
    IReadOnlyList<double> Y,
    IReadOnlyList<double>? Low = null,
    IReadOnlyList<double>? High = null);

/// <summary>A whole chart: titles, series and whether the y axis is logarithmic (multipliers read best on a log axis).</summary>
public sealed record ChartSpec(string Title, string XTitle, string YTitle, IReadOnlyList<SeriesSpec> Series, bool LogY = false);

/// <summary>The one JSON shape both sides of the load-context boundary use.</summary>
internal static class ChartSpecJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower) },
    };
}
