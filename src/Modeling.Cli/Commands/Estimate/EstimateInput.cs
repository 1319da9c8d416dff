using Modeling.Estimation.Data;
using Modeling.Ingest.Panels;

namespace Modeling.Cli.Commands;

/// <summary>
/// A panel read for an estimator: the data (units indexed in ordinal order of their labels), the file's time axis (for
/// writing periods back as the file had them) and the rows left out, by reason.
/// </summary>
internal sealed record PanelInput(PanelData Data, PanelTimeAxis Axis, IReadOnlyDictionary<string, long> Dropped)
{
    /// <summary>The number written for a period (the file's own whole number, or the calendar ordinal).</summary>
    public int Value(int period) => Axis.Value(period);

    /// <summary>The period's label as the file writes it, or null for whole-number times.</summary>
    public string? Label(int period) => Axis.Label(period);
}

/// <summary>A cross-section read for double machine learning: numeric columns in the order asked, optional clusters.</summary>
internal sealed record CrossSectionInput(int Rows, double[][] Numbers, int[]? Units, IReadOnlyDictionary<string, long> Dropped);

/// <summary>
/// Reads the file given to <c>estimate</c> (CSV or Parquet, see <see cref="PanelFile"/>): rows marked suppressed, and
/// rows missing the outcome, the treatment or a covariate, are left out and counted by reason (<c>dropped_rows</c> of
/// CONTRACT §5), as R's did and fixest drop and report them; a unit seen twice in one period is an error.
/// </summary>
internal static class EstimateInput
{
    public const string MissingOutcome = "missing_outcome", MissingTreatment = "missing_treatment", MissingCovariate = "missing_covariate";

    public static PanelInput ReadPanel(string path, string unitColumn, string timeColumn, string outcomeColumn, string? cohortColumn,
        string? treatmentColumn, IReadOnlyList<string> covariates, PanelFileOptions options)
    {
        var table = Read(path,
        [
            new(unitColumn, PanelValueKind.Label), new(timeColumn, PanelValueKind.Period), new(outcomeColumn, PanelValueKind.Number, MissingOutcome),
            .. cohortColumn is null ? Array.Empty<PanelColumnRequest>() : [new(cohortColumn, PanelValueKind.Cohort)],
            .. treatmentColumn is null ? Array.Empty<PanelColumnRequest>() : [new(treatmentColumn, PanelValueKind.Number, MissingTreatment)],
            .. covariates.Select(c => new PanelColumnRequest(c, PanelValueKind.Number, MissingCovariate)),
        ], options);
        var (units, labels) = Indexed(table.Labels[unitColumn]);
        var time = table.WholeNumbers[timeColumn];
        RefuseDuplicates(path, table, units, labels, time);
        var data = new PanelData(units, time, table.Numbers[outcomeColumn], labels,
            cohortColumn is null ? null : table.WholeNumbers[cohortColumn],
            treatmentColumn is null ? null : table.Numbers[treatmentColumn],
            covariates.ToDictionary(c => c, c => (IReadOnlyList<double>)table.Numbers[c], StringComparer.Ordinal),
            outcomeName: outcomeColumn);
        return new PanelInput(data, table.TimeAxis, table.Dropped);
    }

    /// <summary>Numeric columns of any file (the dml cross-section), in the order asked; the optional cluster column as ids
    /// 0..G−1 in ordinal order of its labels; rows left out as in <see cref="ReadPanel"/> (the first column is the outcome,
    /// the second the treatment, the rest covariates).</summary>
    public static CrossSectionInput ReadCrossSection(string path, IReadOnlyList<string> columns, string? unitColumn, PanelFileOptions options)
    {
        var table = Read(path,
        [
            .. columns.Distinct().Select(c => new PanelColumnRequest(c, PanelValueKind.Number,
                c == columns[0] ? MissingOutcome : c == columns[1] ? MissingTreatment : MissingCovariate)),
            .. unitColumn is null ? Array.Empty<PanelColumnRequest>() : [new(unitColumn, PanelValueKind.Label)],
        ], options);
        return new CrossSectionInput(table.Rows, [.. columns.Select(c => table.Numbers[c])],
            unitColumn is null ? null : Indexed(table.Labels[unitColumn]).Units, table.Dropped);
    }

    private static PanelTable Read(string path, IReadOnlyList<PanelColumnRequest> columns, PanelFileOptions options)
    {
        try
        {
            return PanelFile.Read(path, columns, options);
        }
        catch (PanelFileException e)
        {
            throw new UserFacingException(e.Message, ExitCodes.BadInput);
        }
    }

    /// <summary>One row per unit and period: a second one is an error naming both rows.</summary>
    private static void RefuseDuplicates(string path, PanelTable table, int[] units, string[] labels, int[] time)
    {
        var seen = new Dictionary<(int, int), int>();
        for (int r = 0; r < units.Length; r++)
        {
            if (seen.TryAdd((units[r], time[r]), r)) continue;
            int first = seen[(units[r], time[r])];
            var period = table.TimeAxis.Label(time[r]) ?? table.TimeAxis.Value(time[r]).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new UserFacingException(EstimateMessages.DuplicateUnitPeriod(path, table.Where(r), labels[units[r]], period, table.Where(first)), ExitCodes.BadInput);
        }
    }

    private static (int[] Units, string[] Labels) Indexed(string[] units)
    {
        var labels = units.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++) index[labels[i]] = i;
        return ([.. units.Select(label => index[label])], labels);
    }
}
