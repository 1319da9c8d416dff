using System.Globalization;
using Modeling.Ingest.Panels;

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
        PeriodUnit.Week => PeriodOrdinals.WeekStartOf(day),
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    /// <summary>The first day of the period after the one starting on <paramref name="start"/>.</summary>
    public static DateOnly NextStart(DateOnly start, PeriodUnit unit) =>
        unit == PeriodUnit.Month ? start.AddMonths(1) : start.AddDays(7);

    /// <summary>The last day (inclusive) of the period starting on <paramref name="start"/>.</summary>
    public static DateOnly EndOf(DateOnly start, PeriodUnit unit) => NextStart(start, unit).AddDays(-1);

    /// <summary><c>YYYY-MM</c> for months; ISO 8601 <c>YYYY-Www</c> (ISO week-numbering year) for weeks.</summary>
    public static string Label(DateOnly start, PeriodUnit unit) =>
        unit == PeriodUnit.Month ? start.ToString("yyyy-MM", CultureInfo.InvariantCulture) : PeriodOrdinals.IsoWeekLabel(start);

    /// <summary>The period's ordinal (<see cref="PeriodOrdinals"/>: months year × 12 + month, weeks since 0001-01-01).</summary>
    public static int Ordinal(DateOnly start, PeriodUnit unit) =>
        unit == PeriodUnit.Month ? PeriodOrdinals.Month(start) : PeriodOrdinals.Week(start);

    /// <summary>The first day of the period with the given <see cref="Ordinal"/>.</summary>
    public static DateOnly FromOrdinal(int ordinal, PeriodUnit unit) =>
        unit == PeriodUnit.Month ? PeriodOrdinals.MonthStart(ordinal) : PeriodOrdinals.WeekStart(ordinal);
}
