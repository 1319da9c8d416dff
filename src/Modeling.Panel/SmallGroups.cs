using Microsoft.Data.Analysis;

namespace Modeling.Panel;

/// <summary>How small-group cells appear in anything shown to people.</summary>
public enum SmallGroupDisplay
{
    /// <summary>Keep the row (team, period, exposure) but blank every measured value.</summary>
    Blank,
    /// <summary>Leave the row out.</summary>
    Drop,
}

/// <summary>
/// Small-group protection: a team-period with fewer engineer-months than the minimum group size would let a reader see
/// one or two people's figures, so everything people read (panel files, results.json, reports, notebook displays)
/// suppresses it. This is the one rule; every output applies it through these members.
/// </summary>
public static class SmallGroups
{
    /// <summary>The default minimum group size (engineer-months per team-period): <c>--min-group-size</c>'s default.</summary>
    public const int DefaultMinGroupSize = 5;

    /// <summary>Columns that describe the cell rather than measure people; they stay visible.</summary>
    private static readonly HashSet<string> Descriptive = new(StringComparer.Ordinal)
    {
        PanelColumns.TeamId, PanelColumns.Period, PanelColumns.Engineers, PanelColumns.Members, PanelColumns.AdoptionPeriod,
        PanelColumns.PeriodIndex, PanelColumns.Cohort, PanelColumns.SmallGroup, PanelColumns.Org, PanelColumns.ServiceTier,
        PanelColumns.PrimaryLanguage, PanelColumns.Suppressed,
    };

    /// <summary>True when a cell with <paramref name="engineers"/> engineer-months (NaN = unknown) is below the minimum.</summary>
    public static bool IsSmall(double engineers, double minimum) => !(engineers >= minimum);

    /// <summary>True for the columns a suppressed row keeps: keys, exposure, team attributes and flags.</summary>
    public static bool StaysVisible(string column) => Descriptive.Contains(column);

    /// <summary>
    /// A copy of <paramref name="frame"/> (any frame with an <c>engineers</c> column: the panel or an aggregate of it)
    /// where rows with <c>engineers</c> below <paramref name="threshold"/>, or missing, are blanked or dropped.
    /// Blanking sets every column except the descriptive ones (team_id, period, engineers, members, adoption, team
    /// attributes, flags) to null and adds a <c>suppressed</c> column (true on the blanked rows), as in panel.csv.
    /// </summary>
    public static DataFrame Suppress(DataFrame frame, double threshold = DefaultMinGroupSize, SmallGroupDisplay display = SmallGroupDisplay.Blank)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var engineers = frame.Columns[PanelColumns.Engineers];
        var small = new bool[frame.Rows.Count];
        for (long row = 0; row < frame.Rows.Count; row++)
            small[row] = engineers[row] is not { } value || IsSmall(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), threshold);

        if (display == SmallGroupDisplay.Drop)
            return frame.Filter(new PrimitiveDataFrameColumn<bool>("keep", small.Select(s => !s)));

        var copy = frame.Clone();
        foreach (var column in copy.Columns)
        {
            if (StaysVisible(column.Name)) continue;
            for (long row = 0; row < copy.Rows.Count; row++)
                if (small[row]) column[row] = null;
        }
        if (copy.Columns.IndexOf(PanelColumns.Suppressed) < 0)
            copy.Columns.Add(new BooleanDataFrameColumn(PanelColumns.Suppressed, small));
        return copy;
    }
}
