using System.Globalization;
using Microsoft.Data.Analysis;
using Modeling.Estimation.Data;

namespace Modeling.Interactive.Data;

/// <summary>
/// "Bring your own panel": turns a Microsoft.Data.Analysis DataFrame (e.g. <c>DataFrame.LoadCsv</c> of any panel CSV)
/// into the estimators' <see cref="PanelData"/>, as <c>modeling estimate --panel</c> reads a CSV. Units are indexed in
/// ordinal order of their text; a missing or non-numeric value is an error naming the column and row.
/// </summary>
public static class PanelFrames
{
    /// <summary>The estimators' input from a DataFrame's columns.</summary>
    /// <param name="frame">One row per unit and period (or a cross-section).</param>
    /// <param name="unit">Unit column (any type; compared as invariant text).</param>
    /// <param name="time">Period column: whole numbers &gt; 0 (years, or year × 12 + month).</param>
    /// <param name="outcome">Outcome column.</param>
    /// <param name="cohort">First-treated period column; 0 or empty = never treated.</param>
    /// <param name="treatment">Continuous treatment intensity column.</param>
    /// <param name="covariates">Numeric covariate columns.</param>
    public static PanelData ToPanelData(DataFrame frame, string unit, string time, string outcome, string? cohort = null,
        string? treatment = null, IReadOnlyList<string>? covariates = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        covariates ??= [];
        var units = Column(frame, unit);
        var times = Column(frame, time);
        var y = Column(frame, outcome);
        var c = cohort is null ? null : Column(frame, cohort);
        var d = treatment is null ? null : Column(frame, treatment);
        var x = covariates.Select(name => Column(frame, name)).ToArray();

        long n = frame.Rows.Count;
        var unitText = new string[n];
        var timeValues = new int[n];
        var outcomeValues = new double[n];
        var cohortValues = c is null ? null : new int[n];
        var treatmentValues = d is null ? null : new double[n];
        var covariateValues = x.Select(_ => new double[n]).ToArray();
        for (long r = 0; r < n; r++)
        {
            unitText[r] = Convert.ToString(units[r], CultureInfo.InvariantCulture)
                ?? throw new ArgumentException(Messages.BadValue(unit, r, null, "a unit identifier"), nameof(frame));
            timeValues[r] = WholeNumber(times, time, r, allowNever: false);
            outcomeValues[r] = Real(y, outcome, r);
            if (c is not null) cohortValues![r] = WholeNumber(c, cohort!, r, allowNever: true);
            if (d is not null) treatmentValues![r] = Real(d, treatment!, r);
            for (int k = 0; k < x.Length; k++) covariateValues[k][r] = Real(x[k], covariates[k], r);
        }

        var labels = unitText.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        return new PanelData([.. unitText.Select(u => index[u])], timeValues, outcomeValues, labels, cohortValues, treatmentValues,
            covariates.Select((name, k) => (name, k)).ToDictionary(p => p.name, p => (IReadOnlyList<double>)covariateValues[p.k], StringComparer.Ordinal),
            outcomeName: outcome);
    }

    private static DataFrameColumn Column(DataFrame frame, string name) =>
        frame.Columns.IndexOf(name) >= 0 ? frame.Columns[name]
            : throw new ArgumentException(Messages.MissingColumn(name, frame.Columns.Select(col => col.Name)), nameof(frame));

    private static double Real(DataFrameColumn column, string name, long row)
    {
        var value = column[row];
        return value is not null && !(value is string) && double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture))
            ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
            : value is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)
                ? parsed
                : throw new ArgumentException(Messages.BadValue(name, row, value, "a finite number"), nameof(column));
    }

    private static int WholeNumber(DataFrameColumn column, string name, long row, bool allowNever)
    {
        var value = column[row];
        if (value is null && allowNever) return PanelData.NeverTreated;
        double v = value is null ? double.NaN : Real(column, name, row);
        if (v == Math.Floor(v) && Math.Abs(v) < int.MaxValue && (v > 0 || (allowNever && v == 0))) return (int)v;
        throw new ArgumentException(Messages.BadValue(name, row, value,
            allowNever ? "a whole number > 0, or 0/empty for never treated" : "a whole number > 0"), nameof(column));
    }
}
