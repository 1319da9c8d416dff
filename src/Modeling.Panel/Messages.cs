using System.Globalization;

namespace Modeling.Panel;

/// <summary>Every user-facing text of the Panel stage, in one place (tests assert the exact wording).</summary>
public static class Messages
{
    public static string InvalidOption(string name, string expected, string got) =>
        $"The '{name}' parameter of PanelOptions must be {expected}. Got {got} instead.";

    public static string UnknownColumn(string name) =>
        $"The panel has no column '{name}'. Outcome names are those of CONTRACT §3 (e.g. merged_prs, merged_prs_per_engineer).";

    public static string NotNumeric(string name) =>
        $"The panel column '{name}' is not numeric, so it cannot be an outcome, treatment or covariate.";

    public static string Unavailable(string name, StagingSource missing) =>
        $"The outcome '{name}' is unavailable: it needs {Describe(missing)}, which the data folder does not have.";

    public static string NoObservations(string name) =>
        $"The outcome '{name}' has no defined value in any team-period, so there is nothing to estimate.";

    public static string UsageGrainMismatch(string grain, string unit) =>
        $"The staged AI usage was summed per {grain}, which cannot make a panel by {unit}; stage it again with the {unit} (or day) grain.";

    public static string MissingStagingTable(string table) =>
        $"The staging table '{table}' does not exist in the DuckDB connection; run Ingest's staging step first.";

    public const string StagingWithoutTeamKey =
        "The staging table 'teams' has no team_key column: this database was staged by an older version; stage the data folder again.";

    public static string UnsupportedPanelFile(string path) =>
        $"Cannot write the panel to '{path}': the file name must end in .csv or .parquet.";

    /// <summary>Progress line after the build (stderr of <c>modeling panel</c>).</summary>
    public static string Built(TeamPanel panel) =>
        string.Create(CultureInfo.InvariantCulture,
            $"panel: {panel.RowCount} rows ({panel.TeamIds.Length} teams × {panel.PeriodLabels.Length} periods, {panel.Columns.Length} columns) in {panel.Timings.Sum(t => t.Elapsed.TotalSeconds):F1} s ({string.Join(", ", panel.Timings.Select(t => $"{t.Stage} {t.Elapsed.TotalSeconds:F1}"))})");

    public static string UnavailableOutcomesNote(IEnumerable<string> outcomes) =>
        $"unavailable (input file absent; values left empty, not zero): {string.Join(", ", outcomes)}";

    public static string DiagnosticsNote(PanelDiagnostics d) =>
        string.Create(CultureInfo.InvariantCulture,
            $"not in the panel: {d.UnattributedPullRequests} pull requests without team (author on no team on the creation day), {d.DeploymentsWithoutMembers} deployments, {d.MergedPullRequestsWithoutMembers} merged pull requests and {d.IncidentsWithoutMembers} incidents/defects in team-periods without members; {d.EventsOutsidePeriods} releases, merged pull requests and incidents/defects outside the periods of the AI-usage telemetry");

    public static string Written(string path) => $"wrote {path}";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>"deployments.csv and incidents.csv" for the sources a column needs and the folder lacks.</summary>
    public static string Describe(StagingSource sources)
    {
        var files = new List<string>();
        if (sources.HasFlag(StagingSource.Deployments)) files.Add("deployments.csv");
        if (sources.HasFlag(StagingSource.Incidents)) files.Add("incidents.csv");
        if (sources.HasFlag(StagingSource.PullRequests)) files.Add("pull_requests.csv");
        return files.Count switch
        {
            0 => "no optional file",
            1 => files[0],
            _ => string.Join(", ", files.Take(files.Count - 1)) + " and " + files[^1],
        };
    }
}
