namespace Modeling.Simulation.Organisation;

/// <summary>The simulated months as day numbers (<see cref="DateOnly.DayNumber"/>), with their weekdays.</summary>
internal sealed class Calendar
{
    private readonly int[] _firstDay;
    private readonly int[][] _weekdays;

    public Calendar(DateOnly startMonth, int months)
    {
        var first = new DateOnly(startMonth.Year, startMonth.Month, 1);
        Months = months;
        _firstDay = new int[months + 1];
        _weekdays = new int[months][];
        StartMonths = new DateOnly[months];
        for (int m = 0; m <= months; m++) _firstDay[m] = first.AddMonths(m).DayNumber;
        for (int m = 0; m < months; m++)
        {
            StartMonths[m] = first.AddMonths(m);
            var days = new List<int>(23);
            for (int d = _firstDay[m]; d < _firstDay[m + 1]; d++)
            {
                var dow = DateOnly.FromDayNumber(d).DayOfWeek;
                if (dow != DayOfWeek.Saturday && dow != DayOfWeek.Sunday) days.Add(d);
            }
            _weekdays[m] = [.. days];
        }
    }

    public int Months { get; }
    public DateOnly[] StartMonths { get; }
    public int FirstDay(int month) => _firstDay[month];
    public int LastDay(int month) => _firstDay[month + 1] - 1;
    public int DaysIn(int month) => _firstDay[month + 1] - _firstDay[month];
    public int[] Weekdays(int month) => _weekdays[month];
    public int WindowFirstDay => _firstDay[0];
    public int WindowLastDay => _firstDay[Months] - 1;

    /// <summary>Month index of a day inside the window.</summary>
    public int MonthOf(int day)
    {
        int i = Array.BinarySearch(_firstDay, day);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>"YYYY-MM" of a month index.</summary>
    public string Label(int month) => StartMonths[month].ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsWeekday(int day)
    {
        var dow = DateOnly.FromDayNumber(day).DayOfWeek;
        return dow != DayOfWeek.Saturday && dow != DayOfWeek.Sunday;
    }
}
