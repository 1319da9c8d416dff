using Modeling.Estimation.Data;
using Modeling.Ingest.Panels;

namespace Modeling.Analysis.Estimates;

/// <summary>
/// A panel read for an estimator: the data (units indexed in ordinal order of their labels), the file's time axis (for
/// writing periods back as the file had them) and the rows left out, by reason.
/// </summary>
public sealed record PanelInput(PanelData Data, PanelTimeAxis Axis, IReadOnlyDictionary<string, long> Dropped)
{
    /// <summary>
    /// The panel balanced as R did does by default (BMisc::makeBalancedPanel): units not observed in every period are left
    /// out, their rows counted as <c>unbalanced_panel</c>. Unchanged when balanced.
    /// </summary>
    public PanelInput Balanced()
    {
        int periods = Data.Time.Distinct().Count();
        var rowsOf = Enumerable.Range(0, Data.Count).GroupBy(i => Data.Unit[i]).ToDictionary(g => g.Key, g => g.Count());
        var keep = Enumerable.Range(0, Data.Count).Where(i => rowsOf[Data.Unit[i]] == periods).ToArray();
        var dropped = new Dictionary<string, long>(Dropped) { [EstimateInput.UnbalancedPanel] = Data.Count - keep.Length };
        if (keep.Length == Data.Count) return this with { Dropped = dropped };
        var balanced = Data.Rows(keep) ?? throw new PanelFileException(Ingest.Messages.PanelNothingBalanced);
        return this with { Data = balanced, Dropped = dropped };
    }

    /// <summary>Each unit label's cluster from --cluster, or null.</summary>
    public IReadOnlyDictionary<string, string>? UnitClusters { get; init; }
}

/// <summary>A cross-section read for double machine learning: numeric columns in the order asked, optional clusters.</summary>
public sealed record CrossSectionInput(int Rows, double[][] Numbers, int[]? Units, IReadOnlyDictionary<string, long> Dropped);

/// <summary>
/// Reads a panel or cross-section file for the estimators, as <c>modeling estimate</c> and notebooks do (CSV or Parquet,
/// see <see cref="PanelFile"/>): rows marked suppressed, and rows missing the outcome, the treatment, a covariate or the
/// weight, are left out and counted by reason (<c>dropped_rows</c> of CONTRACT §5), as R's did and fixest drop and report
/// them; a unit seen twice in one period, or in two clusters, is an error. Every problem with the file is a
/// <see cref="PanelFileException"/> naming file, line, column and value.
/// </summary>
public static class EstimateInput
{
    public const string MissingOutcome = "missing_outcome", MissingTreatment = "missing_treatment", MissingCovariate = "missing_covariate",
        MissingWeight = "missing_weight", UnbalancedPanel = "unbalanced_panel";

    /// <summary>The panel's columns as the command line names them; weight and cluster optional.</summary>
    public sealed record PanelColumns(string Unit, string Time, string Outcome, string? Cohort, string? Treatment, IReadOnlyList<string> Covariates)
    {
        public string? Weight { get; init; }
        public string? Cluster { get; init; }
    }

    public static PanelInput ReadPanel(string path, PanelColumns c, PanelFileOptions options)
    {
        var (unitColumn, timeColumn, outcomeColumn, cohortColumn, treatmentColumn, covariates) = (c.Unit, c.Time, c.Outcome, c.Cohort, c.Treatment, c.Covariates);
        var table = Read(path,
        [
            new(unitColumn, PanelValueKind.Label), new(timeColumn, PanelValueKind.Period), new(outcomeColumn, PanelValueKind.Number, MissingOutcome),
            .. cohortColumn is null ? Array.Empty<PanelColumnRequest>() : [new(cohortColumn, PanelValueKind.Cohort)],
            .. treatmentColumn is null ? Array.Empty<PanelColumnRequest>() : [new(treatmentColumn, PanelValueKind.Number, MissingTreatment)],
            .. covariates.Select(v => new PanelColumnRequest(v, PanelValueKind.Number, MissingCovariate)),
            .. c.Weight is null ? Array.Empty<PanelColumnRequest>() : [new(c.Weight, PanelValueKind.Number, MissingWeight)],
            .. c.Cluster is null || c.Cluster == unitColumn ? Array.Empty<PanelColumnRequest>() : [new(c.Cluster, PanelValueKind.Label)],
        ], options);
        var (units, labels) = Indexed(table.Labels[unitColumn]);
        var time = table.WholeNumbers[timeColumn];
        RefuseDuplicates(path, table, units, labels, time);
        var clusters = c.Cluster is null || c.Cluster == unitColumn ? null : UnitClusters(path, table, c.Cluster, units, labels);
        var data = new PanelData(units, time, table.Numbers[outcomeColumn], labels,
            cohortColumn is null ? null : table.WholeNumbers[cohortColumn],
            treatmentColumn is null ? null : table.Numbers[treatmentColumn],
            covariates.ToDictionary(v => v, v => (IReadOnlyList<double>)table.Numbers[v], StringComparer.Ordinal),
            c.Weight is null ? null : table.Numbers[c.Weight],
            outcomeName: outcomeColumn);
        return new PanelInput(data, table.TimeAxis, table.Dropped) { UnitClusters = clusters };
    }

    /// <summary>Each unit's cluster; a unit in two clusters is an error naming both rows (clusters sit above units).</summary>
    private static Dictionary<string, string> UnitClusters(string path, PanelTable table, string column, int[] units, string[] labels)
    {
        var cluster = table.Labels[column];
        var first = new Dictionary<int, int>();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int r = 0; r < units.Length; r++)
        {
            if (first.TryAdd(units[r], r)) { result[labels[units[r]]] = cluster[r]; continue; }
            int f = first[units[r]];
            if (cluster[f] != cluster[r])
                throw new PanelFileException(Ingest.Messages.PanelClusterVaries(path, table.Where(r), column, labels[units[r]], cluster[r], cluster[f], table.Where(f)));
        }
        return result;
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

    private static PanelTable Read(string path, IReadOnlyList<PanelColumnRequest> columns, PanelFileOptions options) =>
        PanelFile.Read(path, columns, options);

    /// <summary>One row per unit and period: a second one is an error naming both rows.</summary>
    private static void RefuseDuplicates(string path, PanelTable table, int[] units, string[] labels, int[] time)
    {
        var seen = new Dictionary<(int, int), int>();
        for (int r = 0; r < units.Length; r++)
        {
            if (seen.TryAdd((units[r], time[r]), r)) continue;
            int first = seen[(units[r], time[r])];
            var period = table.TimeAxis.Label(time[r]) ?? table.TimeAxis.Value(time[r]).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new PanelFileException(Ingest.Messages.PanelDuplicateUnitPeriod(path, table.Where(r), labels[units[r]], period, table.Where(first)));
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
