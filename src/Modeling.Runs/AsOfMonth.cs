using System.Globalization;
using System.Text.RegularExpressions;

namespace Modeling.Runs;

/// <summary>The calendar month a run is "as of": it uses data up to the end of that month (UTC). Also the run folder name.</summary>
public readonly partial record struct AsOfMonth
{
    public AsOfMonth(int year, int month)
    {
        if (year is < 1 or > 9998) throw new ArgumentOutOfRangeException(nameof(year), year, "The 'year' parameter of AsOfMonth must be in [1, 9998].");
        if (month is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(month), month, "The 'month' parameter of AsOfMonth must be in [1, 12].");
        Year = year;
        Month = month;
    }

    public int Year { get; }
    public int Month { get; }

    /// <summary>The last day whose data the run uses (the cut-off).</summary>
    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));

    public DateOnly FirstDay => new(Year, Month, 1);

    /// <summary>The month before the one holding <paramref name="today"/>: the latest month that is over.</summary>
    public static AsOfMonth LatestCompleteBefore(DateOnly today)
    {
        var previous = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return new AsOfMonth(previous.Year, previous.Month);
    }

    /// <summary>Parses exactly <c>YYYY-MM</c>; false for anything else.</summary>
    public static bool TryParse(string? text, out AsOfMonth month)
    {
        month = default;
        if (text is null || !Pattern().IsMatch(text)) return false;
        int y = int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture), m = int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture);
        if (y < 1 || m is < 1 or > 12) return false;
        month = new AsOfMonth(y, m);
        return true;
    }

    /// <summary>Whether a folder name is a run's name (YYYY-MM).</summary>
    public static bool IsRunName(string name) => TryParse(name, out _);

    public override string ToString() => Year.ToString("0000", CultureInfo.InvariantCulture) + "-" + Month.ToString("00", CultureInfo.InvariantCulture);

    public static bool operator <(AsOfMonth a, AsOfMonth b) => a.FirstDay < b.FirstDay;
    public static bool operator >(AsOfMonth a, AsOfMonth b) => a.FirstDay > b.FirstDay;

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
