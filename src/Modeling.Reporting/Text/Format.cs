using System.Globalization;

namespace Modeling.Reporting.Text;

/// <summary>How numbers appear on the page: invariant culture, fixed precision, so tests can parse them back.</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>An estimated multiplier, two decimals: "1.33×".</summary>
    public static string Multiplier(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.00", Invariant) + "×" : "n/a";

    /// <summary>A stated target, as few decimals as it was given with: "3×", "1.5×".</summary>
    public static string Target(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.##", Invariant) + "×" : "n/a";

    /// <summary>An interval: "[1.07–1.64]".</summary>
    public static string Interval(double? low, double? high) =>
        low is { } l && high is { } h && double.IsFinite(l) && double.IsFinite(h)
            ? "[" + l.ToString("0.00", Invariant) + "–" + h.ToString("0.00", Invariant) + "]"
            : "[n/a]";

    /// <summary>Estimate with interval: "1.33× [1.07–1.64]".</summary>
    public static string Estimate(double? value, double? low, double? high) => Multiplier(value) + " " + Interval(low, high);

    /// <summary>A probability as a percentage, with the extremes written as bounds: "&lt; 0.1%".</summary>
    public static string Probability(double? p) => p switch
    {
        null => "n/a",
        < 0.001 => "< 0.1%",
        > 0.999 => "> 99.9%",
        { } v => (v * 100).ToString("0.0", Invariant) + "%",
    };

    public static string Share(double? p) => p is { } v ? (v * 100).ToString("0", Invariant) + "%" : "n/a";

    public static string PValue(double? p) => p switch
    {
        null => "n/a",
        < 0.001 => "< 0.001",
        { } v => v.ToString("0.000", Invariant),
    };

    public static string Count(long? n) => n is { } v ? v.ToString("#,0", Invariant) : "n/a";

    public static string Decimal(double? value, string pattern = "0.00") => value is { } v && double.IsFinite(v) ? v.ToString(pattern, Invariant) : "n/a";

    /// <summary>The exact JSON number, for data-value attributes that tests compare with results.json.</summary>
    public static string Raw(double? value) => value is { } v ? v.ToString("R", Invariant) : "";

    /// <summary>Change in per cent from a multiplier: 1.33 → "+33%", 0.81 → "−19%".</summary>
    public static string PercentChange(double? multiplier)
    {
        if (multiplier is not { } m || !double.IsFinite(m)) return "n/a";
        double pct = Math.Round((m - 1) * 100);
        if (pct == 0) return "±0%";
        return (pct > 0 ? "+" : "−") + Math.Abs(pct).ToString("0", Invariant) + "%";
    }
}
