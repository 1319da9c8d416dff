using System.Collections.Frozen;
using System.Collections.Immutable;
using Microsoft.Data.Analysis;
using Modeling.Estimation.Data;

namespace Modeling.Panel;

/// <summary>
/// The team × period panel: one row per team and period in which the team had members, ordered by team_id
/// (ordinal) then period. Immutable. Numeric values are doubles; NaN means missing (an undefined ratio or
/// median, or an unavailable outcome) and never stands for zero.
/// </summary>
public sealed class TeamPanel
{
    /// <summary>
    /// For each team and tool, the first period in which the team's members active with that tool alone reach the
    /// adoption threshold (teams that never do with a tool have no entry for it). Not a panel.csv column: the per-tool
    /// comparison reads it. Empty for panels not built from raw usage.
    /// </summary>
    public IReadOnlyList<ToolAdoption> ToolAdoption { get; internal set; } = [];

    private readonly FrozenDictionary<string, PanelColumn> _columnsByName;
    private readonly FrozenDictionary<string, ImmutableArray<double>> _numeric;

    internal TeamPanel(
        PanelOptions options,
        IReadOnlyList<PanelColumn> columns,
        IReadOnlyList<string> periodLabels,
        IReadOnlyList<string> teamIds,
        IReadOnlyList<TeamAttributes> teams,
        int[] teamIndex,
        int[] periodIndex,
        IReadOnlyDictionary<string, double[]> numeric,
        StagingSource presentSources,
        PanelDiagnostics diagnostics,
        IReadOnlyList<PanelStageTiming> timings)
    {
        Options = options;
        Columns = [.. columns];
        _columnsByName = Columns.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
        PeriodLabels = [.. periodLabels];
        TeamIds = [.. teamIds];
        Teams = [.. teams];
        TeamIndex = [.. teamIndex];
        PeriodIndex = [.. periodIndex];
        _numeric = numeric.ToFrozenDictionary(kv => kv.Key, kv => ImmutableArray.Create(kv.Value), StringComparer.Ordinal);
        PresentSources = presentSources;
        UnavailableColumns = Columns.Where(c => (c.Requires & ~presentSources) != StagingSource.None)
            .Select(c => c.Name).ToFrozenSet(StringComparer.Ordinal);
        Diagnostics = diagnostics;
        Timings = [.. timings];

        Engineers = _numeric[PanelColumns.Engineers];
        Members = [.. _numeric[PanelColumns.Members].Select(v => (int)v)];
        Cohort = [.. _numeric[PanelColumns.Cohort].Select(v => (int)v)];
        SmallGroup = [.. Engineers.Select(e => SmallGroups.IsSmall(e, options.SmallGroupThreshold))];
        PeriodLabel = [.. PeriodIndex.Select(p => PeriodCalendar.Label(PeriodCalendar.FromOrdinal(p, options.Period), options.Period))];
    }

    public PanelOptions Options { get; }

    /// <summary>Every column in file order (panel.csv, Parquet, DataFrame), with its meaning.</summary>
    public ImmutableArray<PanelColumn> Columns { get; }

    /// <summary>Labels of every period from the first to the last with data, including periods without rows.</summary>
    public ImmutableArray<string> PeriodLabels { get; }

    /// <summary>The teams that have at least one row, ordinal order; <see cref="TeamIndex"/> indexes into it.</summary>
    public ImmutableArray<string> TeamIds { get; }

    /// <summary>Per team (parallel to <see cref="TeamIds"/>): attributes and adoption.</summary>
    public ImmutableArray<TeamAttributes> Teams { get; }

    public int RowCount => TeamIndex.Length;

    /// <summary>Per row: index into <see cref="TeamIds"/>.</summary>
    public ImmutableArray<int> TeamIndex { get; }

    /// <summary>Per row: the period ordinal (<see cref="PeriodCalendar.Ordinal"/>), &gt; 0, consecutive periods differ by one.</summary>
    public ImmutableArray<int> PeriodIndex { get; }

    /// <summary>Per row: the period label (<c>YYYY-MM</c> or <c>YYYY-Www</c>).</summary>
    public ImmutableArray<string> PeriodLabel { get; }

    /// <summary>Per row: engineer-months (or engineer-weeks) of the team in the period.</summary>
    public ImmutableArray<double> Engineers { get; }

    /// <summary>Per row: engineers who were members on any day of the period (ai_active_share's denominator).</summary>
    public ImmutableArray<int> Members { get; }

    /// <summary>Per row: the team's adoption period ordinal, <see cref="PanelData.NeverTreated"/> if never.</summary>
    public ImmutableArray<int> Cohort { get; }

    /// <summary>
    /// Per row: fewer engineer-months than <see cref="PanelOptions.SmallGroupThreshold"/>; never show such cells (panel
    /// files and display frames blank them and mark them <c>suppressed</c>; estimation still uses them).
    /// </summary>
    public ImmutableArray<bool> SmallGroup { get; }

    /// <summary>Optional inputs that were present when the panel was built.</summary>
    public StagingSource PresentSources { get; }

    /// <summary>Columns whose input file was absent: all their values are missing (NaN), not zero.</summary>
    public IReadOnlySet<string> UnavailableColumns { get; }

    /// <summary>Outcomes of CONTRACT §3 that are unavailable, in contract order.</summary>
    public IReadOnlyList<string> UnavailableOutcomes =>
        [.. PanelColumns.Outcomes.Where(o => UnavailableColumns.Contains(o.Name)).Select(o => o.Name)];

    /// <summary>Rows the panel could not place (nothing is dropped silently).</summary>
    public PanelDiagnostics Diagnostics { get; }

    /// <summary>Wall-clock time of each SQL stage of the build (not part of any output file).</summary>
    public ImmutableArray<PanelStageTiming> Timings { get; }

    /// <summary>Generated tool-share and model-share column names, sorted within each group.</summary>
    public IReadOnlyList<string> MixColumns =>
        [.. Columns.Where(c => c.Name.StartsWith(PanelColumns.ToolSharePrefix, StringComparison.Ordinal)
                            || c.Name.StartsWith(PanelColumns.ModelSharePrefix, StringComparison.Ordinal)).Select(c => c.Name)];

    public bool HasColumn(string name) => _columnsByName.ContainsKey(name);

    /// <summary>The column's description; throws with the list of valid names' origin when unknown.</summary>
    public PanelColumn Column(string name) =>
        _columnsByName.TryGetValue(name, out var column) ? column : throw new ArgumentException(Messages.UnknownColumn(name), nameof(name));

    public bool IsAvailable(string column) => HasColumn(column) && !UnavailableColumns.Contains(column);

    /// <summary>A numeric column, one value per row (NaN = missing).</summary>
    public ImmutableArray<double> Values(string column)
    {
        var definition = Column(column);
        if (!definition.IsNumeric) throw new ArgumentException(Messages.NotNumeric(column), nameof(column));
        return _numeric[column];
    }

    /// <summary>A text column's value at a row (team_id, period, adoption_period, org, service_tier, primary_language).</summary>
    public string? Text(string column, int row)
    {
        var team = Teams[TeamIndex[row]];
        return column switch
        {
            PanelColumns.TeamId => team.TeamId,
            PanelColumns.Period => PeriodLabel[row],
            PanelColumns.AdoptionPeriod => team.AdoptionPeriod,
            PanelColumns.Org => team.Org,
            PanelColumns.ServiceTier => team.ServiceTier,
            PanelColumns.PrimaryLanguage => team.PrimaryLanguage,
            _ => throw new ArgumentException(Messages.UnknownColumn(column), nameof(column)),
        };
    }

    /// <summary>
    /// A new Microsoft.Data.Analysis DataFrame with every column in file order: text as strings, counts as
    /// Int64, reals as Double, missing values as null. Each call returns a fresh frame (the panel stays immutable).
    /// </summary>
    public DataFrame ToDataFrame()
    {
        var frame = new DataFrame();
        foreach (var column in Columns)
            frame.Columns.Add(column.ValueType switch
            {
                PanelValueType.Text => new StringDataFrameColumn(column.Name, Enumerable.Range(0, RowCount).Select(r => Text(column.Name, r))),
                PanelValueType.Boolean => new BooleanDataFrameColumn(column.Name, SmallGroup),
                PanelValueType.Integer => new Int32DataFrameColumn(column.Name, _numeric[column.Name].Select(v => (int?)(int)v)),
                PanelValueType.Count => new Int64DataFrameColumn(column.Name, _numeric[column.Name].Select(v => double.IsNaN(v) ? null : (long?)v)),
                _ => new DoubleDataFrameColumn(column.Name, _numeric[column.Name].Select(v => double.IsNaN(v) ? null : (double?)v)),
            });
        return frame;
    }

    /// <summary>
    /// <see cref="ToDataFrame"/> with small-group cells suppressed (<see cref="SmallGroups.Suppress"/>): what reports
    /// and notebooks show to people. Blanking adds the <c>suppressed</c> column, as in panel.csv.
    /// </summary>
    public DataFrame ToDisplayFrame(SmallGroupDisplay display = SmallGroupDisplay.Blank) =>
        SmallGroups.Suppress(ToDataFrame(), Options.SmallGroupThreshold, display);

    /// <summary>
    /// The estimators' input for one outcome (any numeric column, e.g. <c>merged_prs_per_engineer</c>): unit = team,
    /// time = period ordinal, cohort = adoption period ordinal (0 = never adopted), treatment = the chosen intensity.
    /// Rows where the outcome, treatment or a covariate is missing are left out; teams without rows left are dropped
    /// from the unit labels.
    /// </summary>
    public PanelData ToPanelData(string outcome, PanelDataRequest? request = null)
    {
        request ??= new PanelDataRequest();
        var y = RequireUsable(outcome, nameof(outcome));
        var treatment = RequireUsable(request.Treatment, nameof(request.Treatment));
        var covariates = (request.Covariates ?? []).Select(c => (Name: c, Values: RequireUsable(c, nameof(request.Covariates)))).ToArray();

        var keep = new List<int>(RowCount);
        for (int row = 0; row < RowCount; row++)
        {
            if (double.IsNaN(y[row]) || double.IsNaN(treatment[row])) continue;
            if (request.ExcludeSmallGroups && SmallGroup[row]) continue;
            if (covariates.Any(c => double.IsNaN(c.Values[row]))) continue;
            keep.Add(row);
        }
        if (keep.Count == 0) throw new NoObservationsException(Messages.NoObservations(outcome));

        var teamsKept = keep.Select(r => TeamIndex[r]).Distinct().Order().ToArray();
        var newIndex = new Dictionary<int, int>(teamsKept.Length);
        for (int i = 0; i < teamsKept.Length; i++) newIndex[teamsKept[i]] = i;

        return new PanelData(
            unit: [.. keep.Select(r => newIndex[TeamIndex[r]])],
            time: [.. keep.Select(r => PeriodIndex[r])],
            outcome: [.. keep.Select(r => y[r])],
            unitLabels: [.. teamsKept.Select(t => TeamIds[t])],
            cohort: [.. keep.Select(r => Cohort[r])],
            treatment: [.. keep.Select(r => treatment[r])],
            covariates: covariates.ToDictionary(c => c.Name, c => (IReadOnlyList<double>)[.. keep.Select(r => c.Values[r])], StringComparer.Ordinal),
            weight: request.WeightByEngineers ? [.. keep.Select(r => Engineers[r])] : null,
            outcomeName: outcome);
    }

    private ImmutableArray<double> RequireUsable(string column, string parameter)
    {
        if (!HasColumn(column)) throw new ArgumentException(Messages.UnknownColumn(column), parameter);
        var definition = _columnsByName[column];
        if (!definition.IsNumeric) throw new ArgumentException(Messages.NotNumeric(column), parameter);
        if (UnavailableColumns.Contains(column))
            throw new ArgumentException(Messages.Unavailable(column, definition.Requires & ~PresentSources), parameter);
        return _numeric[column];
    }
}

/// <summary>A team's attributes (from teams.csv) and its adoption period.</summary>
/// <param name="TeamId">The team's id as in teams.csv.</param>
/// <param name="Org">Organisation (teams.csv).</param>
/// <param name="ServiceTier">Service tier (teams.csv), null if unknown.</param>
/// <param name="PrimaryLanguage">Primary language (teams.csv), null if unknown.</param>
/// <param name="AdoptionPeriod">Label of the first period whose ai_active_share reached the threshold; null if never.</param>
/// <param name="Cohort">That period's ordinal; <see cref="PanelData.NeverTreated"/> (0) if never.</param>
public sealed record TeamAttributes(
    string TeamId, string? Org, string? ServiceTier, string? PrimaryLanguage, string? AdoptionPeriod, int Cohort);

/// <summary>Which inputs the estimators get besides the outcome.</summary>
/// <param name="Treatment">Continuous treatment intensity column (default ai_active_share).</param>
/// <param name="Covariates">Numeric columns passed as covariates.</param>
/// <param name="WeightByEngineers">Weight each row by its engineer-months.</param>
/// <param name="ExcludeSmallGroups">Leave out small-group rows.</param>
public sealed record PanelDataRequest(
    string Treatment = PanelColumns.AiActiveShare,
    IReadOnlyList<string>? Covariates = null,
    bool WeightByEngineers = false,
    bool ExcludeSmallGroups = false);

/// <summary>Rows of the inputs that no panel row holds, by reason.</summary>
/// <param name="UnattributedPullRequests">PRs without team_id whose author was on no team on the PR's creation day.</param>
/// <param name="DeploymentsWithoutMembers">Successful releases in a team-period in which the team had no members.</param>
/// <param name="MergedPullRequestsWithoutMembers">Merged PRs attributed to a team-period without members.</param>
/// <param name="IncidentsWithoutMembers">Incidents and defects in a team-period without members.</param>
/// <param name="EventsOutsidePeriods">Releases, merged PRs, incidents and defects in periods outside the AI-usage telemetry.</param>
public sealed record PanelDiagnostics(
    long UnattributedPullRequests,
    long DeploymentsWithoutMembers,
    long MergedPullRequestsWithoutMembers,
    long IncidentsWithoutMembers,
    long EventsOutsidePeriods)
{
    public static PanelDiagnostics None { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>How long one stage of the panel build took.</summary>
public sealed record PanelStageTiming(string Stage, TimeSpan Elapsed);

/// <summary>A team's adoption period with one tool (see <see cref="TeamPanel.ToolAdoption"/>).</summary>
public sealed record ToolAdoption(string TeamId, string Tool, string AdoptionPeriod);
