using System.Globalization;

namespace Modeling.Panel;

/// <summary>
/// Period arithmetic in one place: the period a day falls in, its label (<c>YYYY-MM</c> or ISO <c>YYYY-Www</c>)
/// and its ordinal, a positive integer that increases by one from each period to the next (what estimators use as time).
/// </summary>
public static class PeriodCalendar
{
    /// <summary>The first day of the period containing <paramref name="day"/>.</summary>
    public static DateOnly StartOf(DateOnly day, PeriodUnit unit) => unit switch
    {
        PeriodUnit.Month => new DateOnly(day.Year, day.Month, 1),
        PeriodUnit.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    /// <summary>The first day of the period after the one starting on <paramref name="start"/>.</summary>
    public static DateOnly NextStart(DateOnly start, PeriodUnit unit) =>
        unit == PeriodUnit.Month ? start.AddMonths(1) : start.AddDays(7);

    /// <summary>The last day (inclusive) of the period starting on <paramref name="start"/>.</summary>
    public static DateOnly EndOf(DateOnly start, PeriodUnit unit) => NextStart(start, unit).AddDays(-1);

    /// <summary><c>YYYY-MM</c> for months; ISO 8601 <c>YYYY-Www</c> (ISO week-numbering year) for weeks.</summary>
    public static string Label(DateOnly start, PeriodUnit unit)
    {
        if (unit == PeriodUnit.Month)
            return start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var asDateTime = start.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(asDateTime):D4}-W{ISOWeek.GetWeekOfYear(asDateTime):D2}");
    }

    /// <summary>
    /// Months: year × 12 + month (e.g. 2025-03 → 24303). Weeks: the number of weeks since Monday 0001-01-01, plus one.
    /// Consecutive periods differ by exactly one.
    /// </summary>
    public static int Ordinal(DateOnly start, PeriodUnit unit) =>
        unit == PeriodUnit.Month ? start.Year * 12 + start.Month : StartOf(start, PeriodUnit.Week).DayNumber / 7 + 1;

    /// <summary>The first day of the period with the given <see cref="Ordinal"/>.</summary>
    public static DateOnly FromOrdinal(int ordinal, PeriodUnit unit) =>
        unit == PeriodUnit.Month
            ? new DateOnly((ordinal - 1) / 12, (ordinal - 1) % 12 + 1, 1)
            : DateOnly.FromDayNumber((ordinal - 1) * 7);
}
