using System.Globalization;

namespace Modeling.Ingest.Panels;

/// <summary>
/// The one definition of period ordinals, shared by the panel analyze writes (<c>period_index</c>) and the panel files
/// <c>estimate</c> reads, so that the two agree: months are year × 12 + month (2025-03 → 24303); weeks (Monday to
/// Sunday) are the number of weeks since Monday 0001-01-01, plus one. Consecutive periods differ by exactly one.
/// </summary>
public static class PeriodOrdinals
{
    /// <summary>The month ordinal of the month holding <paramref name="day"/>.</summary>
    public static int Month(DateOnly day) => day.Year * 12 + day.Month;

    /// <summary>The first day of the month with ordinal <paramref name="ordinal"/>.</summary>
    public static DateOnly MonthStart(int ordinal) => new((ordinal - 1) / 12, (ordinal - 1) % 12 + 1, 1);

    /// <summary>The Monday starting the week that holds <paramref name="day"/>.</summary>
    public static DateOnly WeekStartOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The week ordinal of the week holding <paramref name="day"/>.</summary>
    public static int Week(DateOnly day) => WeekStartOf(day).DayNumber / 7 + 1;

    /// <summary>The Monday of the week with ordinal <paramref name="ordinal"/>.</summary>
    public static DateOnly WeekStart(int ordinal) => DateOnly.FromDayNumber((ordinal - 1) * 7);

    /// <summary>ISO 8601 <c>YYYY-Www</c> (ISO week-numbering year) of the week holding <paramref name="day"/>.</summary>
    public static string IsoWeekLabel(DateOnly day)
    {
        var asDateTime = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(asDateTime):D4}-W{ISOWeek.GetWeekOfYear(asDateTime):D2}");
    }
}
