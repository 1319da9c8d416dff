namespace Modeling.Panel;

/// <summary>What a panel column is for.</summary>
public enum PanelColumnRole
{
    /// <summary>Identifies the row or the team's timing: team_id, period, adoption_period, period_index, cohort.</summary>
    Key,
    /// <summary>Exposure: engineers (engineer-months) and members (headcount).</summary>
    Exposure,
    /// <summary>An outcome of CONTRACT §3.</summary>
    Outcome,
    /// <summary>A count outcome divided by the team's engineer-months in the period.</summary>
    OutcomePerEngineer,
    /// <summary>A treatment (AI adoption) measure.</summary>
    Treatment,
    /// <summary>A time-invariant team attribute (org, service tier, language).</summary>
    TeamAttribute,
    /// <summary>A flag such as small_group.</summary>
    Flag,
}

/// <summary>The outcome families of CONTRACT §3.</summary>
public enum OutcomeFamily
{
    None,
    Velocity,
    Scope,
    Quality,
}

/// <summary>The input files a column's values come from; an absent optional file makes the column unavailable.</summary>
[Flags]
public enum StagingSource
{
    None = 0,
    Deployments = 1,
    Incidents = 2,
    PullRequests = 4,
}

/// <summary>The storage type of a panel column.</summary>
public enum PanelValueType
{
    Text,
    Integer,
    Count,
    Real,
    Boolean,
}

/// <summary>One panel column and what it means.</summary>
/// <param name="Name">Column name in panel.csv, the DataFrame and the mandates (CONTRACT §3).</param>
/// <param name="Role">What the column is for.</param>
/// <param name="ValueType">Storage type; counts are whole numbers, reals may be missing (undefined).</param>
/// <param name="Unit">Unit of the value, for axis labels and reports.</param>
/// <param name="Family">Outcome family (outcomes and their per-engineer variants), else None.</param>
/// <param name="LowerIsBetter">True where a decrease is an improvement (durations, failure rates).</param>
/// <param name="Requires">Optional inputs the column needs; when one is absent the column is unavailable (missing, not zero).</param>
/// <param name="BaseOutcome">For per-engineer variants, the count they divide; else null.</param>
public sealed record PanelColumn(
    string Name,
    PanelColumnRole Role,
    PanelValueType ValueType,
    string Unit,
    OutcomeFamily Family = OutcomeFamily.None,
    bool LowerIsBetter = false,
    StagingSource Requires = StagingSource.None,
    string? BaseOutcome = null)
{
    public bool IsNumeric => ValueType is PanelValueType.Integer or PanelValueType.Count or PanelValueType.Real;
}

/// <summary>The fixed columns of the panel, in file order (CONTRACT §3), and the names of the generated mix columns.</summary>
public static class PanelColumns
{
    public const string TeamId = "team_id";
    public const string Period = "period";
    public const string Engineers = "engineers";
    public const string AdoptionPeriod = "adoption_period";
    public const string AiActiveShare = "ai_active_share";
    public const string AiInteractionsPerEngineer = "ai_interactions_per_engineer";
    public const string AiAcceptanceRate = "ai_acceptance_rate";
    public const string AgentShare = "agent_share";
    public const string Org = "org";
    public const string ServiceTier = "service_tier";
    public const string PrimaryLanguage = "primary_language";
    public const string Members = "members";
    public const string PeriodIndex = "period_index";
    public const string Cohort = "cohort";
    public const string SmallGroup = "small_group";
    /// <summary>The last column of panel files: true where the row's values are withheld (<see cref="SmallGroups"/>).</summary>
    public const string Suppressed = "suppressed";

    /// <summary>Prefix of the generated columns: share of the team's interactions made with each tool.</summary>
    public const string ToolSharePrefix = "tool_share_";
    /// <summary>Prefix of the generated columns: share of the team's interactions made with each model.</summary>
    public const string ModelSharePrefix = "model_share_";
    /// <summary>Suffix of the model-share column for usage rows without a model.</summary>
    public const string UnknownModel = "unknown";

    private const StagingSource Deploy = StagingSource.Deployments;
    private const StagingSource Incid = StagingSource.Incidents;
    private const StagingSource Prs = StagingSource.PullRequests;

    /// <summary>The 14 outcomes of CONTRACT §3, in contract order.</summary>
    public static IReadOnlyList<PanelColumn> Outcomes { get; } =
    [
        new("deployments", PanelColumnRole.Outcome, PanelValueType.Count, "deployments", OutcomeFamily.Velocity, false, Deploy),
        new("deployment_days", PanelColumnRole.Outcome, PanelValueType.Count, "days", OutcomeFamily.Velocity, false, Deploy),
        new("merged_prs", PanelColumnRole.Outcome, PanelValueType.Count, "pull requests", OutcomeFamily.Velocity, false, Prs),
        new("lead_time_hours", PanelColumnRole.Outcome, PanelValueType.Real, "hours", OutcomeFamily.Velocity, true, Deploy),
        new("pr_cycle_hours", PanelColumnRole.Outcome, PanelValueType.Real, "hours", OutcomeFamily.Velocity, true, Prs),
        new("review_wait_hours", PanelColumnRole.Outcome, PanelValueType.Real, "hours", OutcomeFamily.Velocity, true, Prs),
        new("pr_size_lines", PanelColumnRole.Outcome, PanelValueType.Real, "lines", OutcomeFamily.Scope, false, Prs),
        new("change_failure_rate", PanelColumnRole.Outcome, PanelValueType.Real, "share of deployments", OutcomeFamily.Quality, true, Deploy | Incid),
        new("incidents", PanelColumnRole.Outcome, PanelValueType.Count, "incidents", OutcomeFamily.Quality, true, Incid),
        new("defects", PanelColumnRole.Outcome, PanelValueType.Count, "defects", OutcomeFamily.Quality, true, Incid),
        new("escaped_defects", PanelColumnRole.Outcome, PanelValueType.Count, "incidents and defects", OutcomeFamily.Quality, true, Incid),
        new("recovery_hours", PanelColumnRole.Outcome, PanelValueType.Real, "hours", OutcomeFamily.Quality, true, Deploy | Incid),
        new("rework_rate", PanelColumnRole.Outcome, PanelValueType.Real, "share of deployments", OutcomeFamily.Quality, true, Deploy),
        new("revert_rate", PanelColumnRole.Outcome, PanelValueType.Real, "share of merged pull requests", OutcomeFamily.Quality, true, Prs),
    ];

    /// <summary>Per-engineer variants of the count outcomes: count ÷ engineer-months.</summary>
    public static IReadOnlyList<PanelColumn> PerEngineerOutcomes { get; } =
        [.. Outcomes.Where(o => o.ValueType == PanelValueType.Count).Select(o => new PanelColumn(
            o.Name + "_per_engineer", PanelColumnRole.OutcomePerEngineer, PanelValueType.Real, o.Unit + " per engineer-month",
            o.Family, o.LowerIsBetter, o.Requires, o.Name))];

    /// <summary>Treatment measures with fixed names (the tool and model shares follow them, generated from the data).</summary>
    public static IReadOnlyList<PanelColumn> Treatments { get; } =
    [
        new(AiActiveShare, PanelColumnRole.Treatment, PanelValueType.Real, "share of members"),
        new(AiInteractionsPerEngineer, PanelColumnRole.Treatment, PanelValueType.Real, "interactions per engineer-month"),
        new(AiAcceptanceRate, PanelColumnRole.Treatment, PanelValueType.Real, "acceptances per suggestion"),
        new(AgentShare, PanelColumnRole.Treatment, PanelValueType.Real, "share of interactions"),
    ];

    internal static PanelColumn[] Leading { get; } =
    [
        new(TeamId, PanelColumnRole.Key, PanelValueType.Text, ""),
        new(Period, PanelColumnRole.Key, PanelValueType.Text, ""),
        new(Engineers, PanelColumnRole.Exposure, PanelValueType.Real, "engineer-months"),
        new(AdoptionPeriod, PanelColumnRole.Key, PanelValueType.Text, ""),
    ];

    internal static PanelColumn[] Trailing { get; } =
    [
        new(Org, PanelColumnRole.TeamAttribute, PanelValueType.Text, ""),
        new(ServiceTier, PanelColumnRole.TeamAttribute, PanelValueType.Text, ""),
        new(PrimaryLanguage, PanelColumnRole.TeamAttribute, PanelValueType.Text, ""),
        new(Members, PanelColumnRole.Exposure, PanelValueType.Integer, "engineers"),
        new(PeriodIndex, PanelColumnRole.Key, PanelValueType.Integer, ""),
        new(Cohort, PanelColumnRole.Key, PanelValueType.Integer, ""),
        new(SmallGroup, PanelColumnRole.Flag, PanelValueType.Boolean, ""),
    ];

    /// <summary>
    /// The <c>suppressed</c> flag of the files written for people (<see cref="PanelFiles"/>) and of display frames; not a
    /// column of the in-memory <see cref="TeamPanel"/>, whose values are never blanked.
    /// </summary>
    public static PanelColumn SuppressedFlag { get; } = new(Suppressed, PanelColumnRole.Flag, PanelValueType.Boolean, "");

    internal static PanelColumn ShareColumn(string name) =>
        new(name, PanelColumnRole.Treatment, PanelValueType.Real, "share of interactions");

    /// <summary>
    /// The column-name suffix for a tool or model: lower case, every run of characters other than a–z and 0–9
    /// becomes one underscore, trimmed ("GPT-4.1" → "gpt_4_1"). Values that map to the same suffix share a column.
    /// </summary>
    public static string Suffix(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return UnknownModel;
        var chars = new System.Text.StringBuilder(value.Length);
        bool pendingUnderscore = false;
        foreach (char raw in value.Trim())
        {
            char c = char.ToLowerInvariant(raw);
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (pendingUnderscore && chars.Length > 0) chars.Append('_');
                pendingUnderscore = false;
                chars.Append(c);
            }
            else pendingUnderscore = true;
        }
        return chars.Length == 0 ? UnknownModel : chars.ToString();
    }
}
