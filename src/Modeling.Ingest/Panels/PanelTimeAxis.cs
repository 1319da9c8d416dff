using System.Globalization;

namespace Modeling.Ingest.Panels;

/// <summary>How the time column of a panel file writes its periods.</summary>
public enum PanelTimeFormat
{
    /// <summary>Whole numbers ≥ 0 (years, period indices).</summary>
    Integer,
    /// <summary><c>YYYY-MM</c> (analyze's panel.csv, monthly).</summary>
    Month,
    /// <summary>ISO weeks <c>YYYY-Www</c> (analyze's panel.csv, weekly).</summary>
    Week,
    /// <summary>Dates <c>YYYY-MM-DD</c>, all on the first of a month: monthly periods.</summary>
    MonthDate,
    /// <summary>Dates <c>YYYY-MM-DD</c>, all on one weekday: weekly periods.</summary>
    WeekDate,
    /// <summary>Dates <c>YYYY-MM-DD</c> otherwise: daily periods.</summary>
    Day,
}

/// <summary>
/// The time axis of a panel file: its format and how its values map to the estimators' periods, whole numbers &gt; 0 that
/// grow by one from a period to the next (months: year × 12 + month, as analyze's <c>period_index</c>; ISO weeks and
/// weekly dates: weeks since Monday 0001-01-01 plus one, as analyze's weekly <c>period_index</c>; days: day number plus
/// one). Whole-number times keep their values, moved up by <see cref="Offset"/> (1) when 0 occurs, since the estimators
/// reserve cohort 0 for never treated and need periods &gt; 0; <see cref="Value"/> undoes that for output.
/// </summary>
public sealed record PanelTimeAxis(PanelTimeFormat Format, int Offset)
{
    /// <summary>The name written in estimate JSON's <c>time_format</c>.</summary>
    public string Name => Format switch
    {
        PanelTimeFormat.Integer => "integer",
        PanelTimeFormat.Month => "month",
        PanelTimeFormat.Week => "iso_week",
        PanelTimeFormat.MonthDate => "month_date",
        PanelTimeFormat.WeekDate => "week_date",
        _ => "day",
    };

    /// <summary>The number written for a period in output: the file's own whole number, or the calendar ordinal.</summary>
    public int Value(int period) => period - Offset;

    /// <summary>The label of a period as the file writes it (<c>2024-03</c>, <c>2024-W09</c>, <c>2024-03-01</c>), or null for whole numbers.</summary>
    public string? Label(int period) => Format switch
    {
        PanelTimeFormat.Integer => null,
        PanelTimeFormat.Month => PeriodOrdinals.MonthStart(period).ToString("yyyy-MM", CultureInfo.InvariantCulture),
        PanelTimeFormat.MonthDate => PeriodOrdinals.MonthStart(period).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PanelTimeFormat.Week => PeriodOrdinals.IsoWeekLabel(PeriodOrdinals.WeekStart(period)),
        PanelTimeFormat.WeekDate => PeriodOrdinals.WeekStart(period).AddDays(Weekday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => DateOnly.FromDayNumber(period - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>For weekly dates, the days after Monday on which every date falls (0–6).</summary>
    public int Weekday { get; init; }
}

/// <summary>
/// Reads time values of one panel file: every value of the time column (and of the cohort column, which must be written
/// the same way) in one format, decided by the first time value. Dates are kept as day numbers until the whole column
/// is seen, then put on the coarsest calendar they fit (<see cref="PanelTimeFormat"/>).
/// </summary>
internal sealed class PanelTimeParser
{
    private PanelTimeFormat? _format;

    /// <summary>What a value must look like, for messages.</summary>
    public string Expectation(bool cohort)
    {
        var what = _format switch
        {
            null => "a whole number ≥ 0, a month YYYY-MM, an ISO week YYYY-Www or a date YYYY-MM-DD",
            PanelTimeFormat.Integer => "a whole number ≥ 0 like the time column's first value",
            PanelTimeFormat.Month => "a month YYYY-MM like the time column's first value",
            PanelTimeFormat.Week => "an ISO week YYYY-Www like the time column's first value",
            _ => "a date YYYY-MM-DD like the time column's first value",
        };
        if (cohort && _format == PanelTimeFormat.Integer) what = "a whole number > 0 like the time column's first value";
        return cohort ? what + ", or 0/empty/NA/Inf for never treated" : what;
    }

    /// <summary>As <see cref="Parse(string, bool)"/> on UTF-8 text, without a string for the common case of plain digits.</summary>
    public long? Parse(ReadOnlySpan<byte> utf8, bool cohort)
    {
        if (utf8.Length is > 0 and <= 9 && _format is null or PanelTimeFormat.Integer && (_format is not null || !cohort))
        {
            long value = 0;
            foreach (byte b in utf8)
            {
                if (b is < (byte)'0' or > (byte)'9') return Parse(System.Text.Encoding.UTF8.GetString(utf8), cohort);
                value = value * 10 + (b - '0');
            }
            _format ??= PanelTimeFormat.Integer;
            return value;
        }
        return Parse(System.Text.Encoding.UTF8.GetString(utf8), cohort);
    }

    /// <summary>
    /// The raw value of <paramref name="text"/> (a whole number, a month or week ordinal, or a day number for dates), or
    /// null when it does not fit the column's format; a cohort's 0 or empty is 0 (never treated).
    /// </summary>
    public long? Parse(string text, bool cohort)
    {
        // Never treated: 0 or empty, and NA or Inf as R data sets write it (castle's effyear, did's gname = Inf).
        if (cohort && (text.Length == 0 || text == "0" || text.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || text.Equals("Inf", StringComparison.OrdinalIgnoreCase))) return 0;
        var format = Detect(text);
        if (format is null) return null;
        if (_format is null)
        {
            // Cohorts are read alongside times, so a cohort may come first: it must not set the format alone.
            if (cohort) return null;
            _format = format;
        }
        else if (_format != format) return null;
        var invariant = CultureInfo.InvariantCulture;
        switch (format)
        {
            case PanelTimeFormat.Integer:
                return (long)double.Parse(text, NumberStyles.Float, invariant);
            case PanelTimeFormat.Month:
                return PeriodOrdinals.Month(new DateOnly(int.Parse(text.AsSpan(0, 4), invariant), int.Parse(text.AsSpan(5, 2), invariant), 1));
            case PanelTimeFormat.Week:
                return PeriodOrdinals.Week(DateOnly.FromDateTime(
                    ISOWeek.ToDateTime(int.Parse(text.AsSpan(0, 4), invariant), int.Parse(text.AsSpan(6, 2), invariant), DayOfWeek.Monday)));
            default:
                return DateOnly.ParseExact(text, "yyyy-MM-dd", invariant).DayNumber;
        }
    }

    /// <summary>The format <paramref name="text"/> is written in (dates as <see cref="PanelTimeFormat.Day"/>), or null.</summary>
    private static PanelTimeFormat? Detect(string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (text.Length == 7 && text[4] == '-' && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, invariant, out var y)
            && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, invariant, out var m) && y >= 1 && m is >= 1 and <= 12)
            return PanelTimeFormat.Month;
        if (text.Length == 8 && text[4] == '-' && text[5] == 'W' && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, invariant, out y)
            && int.TryParse(text.AsSpan(6, 2), NumberStyles.None, invariant, out var w) && y is >= 1 and <= 9998 && w >= 1 && w <= ISOWeek.GetWeeksInYear(y))
            return PanelTimeFormat.Week;
        if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None, out _))
            return PanelTimeFormat.Day;
        if (double.TryParse(text, NumberStyles.Float, invariant, out var v) && v == Math.Floor(v) && v >= 0 && v < int.MaxValue - 1)
            return PanelTimeFormat.Integer;
        return null;
    }

    /// <summary>
    /// The axis and the periods for the raw values read (times, then cohorts with 0 = never treated), rewritten in place:
    /// whole numbers moved up by one when a time is 0; dates put on months when every date (cohorts included) is a first of
    /// the month, on weeks when all fall on one weekday, else on days.
    /// </summary>
    public PanelTimeAxis Finish(long[] times, long[]? cohorts)
    {
        var format = _format ?? PanelTimeFormat.Integer;
        var axis = new PanelTimeAxis(format, 0);
        Func<long, long> map = v => v;
        if (format == PanelTimeFormat.Integer && times.Contains(0))
        {
            axis = axis with { Offset = 1 };
            map = v => v + 1;
        }
        else if (format == PanelTimeFormat.Day)
        {
            var days = times.Concat(cohorts?.Where(c => c != 0) ?? []).Select(v => DateOnly.FromDayNumber((int)v)).ToArray();
            int weekday = days.Length > 0 ? ((int)days[0].DayOfWeek + 6) % 7 : 0;
            if (days.All(d => d.Day == 1))
            {
                axis = axis with { Format = PanelTimeFormat.MonthDate };
                map = v => PeriodOrdinals.Month(DateOnly.FromDayNumber((int)v));
            }
            else if (days.All(d => ((int)d.DayOfWeek + 6) % 7 == weekday))
            {
                axis = axis with { Format = PanelTimeFormat.WeekDate, Weekday = weekday };
                map = v => PeriodOrdinals.Week(DateOnly.FromDayNumber((int)v));
            }
            else map = v => v + 1;
        }
        for (int i = 0; i < times.Length; i++) times[i] = map(times[i]);
        if (cohorts is not null)
            for (int i = 0; i < cohorts.Length; i++) cohorts[i] = cohorts[i] == 0 ? 0 : map(cohorts[i]);
        return axis;
    }
}
