namespace Modeling.Reporting.Text;

/// <summary>Outcome family (CONTRACT §3): decides colour, symbol and the order of the trade-off chart.</summary>
public enum OutcomeFamily { Velocity, Scope, Quality, Usage }

/// <summary>Plain-language names for the identifiers of results.json (CONTRACT §3 and §4).</summary>
public static class Labels
{
    private sealed record OutcomeInfo(string Name, string Unit, OutcomeFamily Family, bool LowerIsBetter);

    private static readonly Dictionary<string, OutcomeInfo> Outcomes = new(StringComparer.Ordinal)
    {
        ["deployments"] = new("Deployments", "deployments per team-month", OutcomeFamily.Velocity, false),
        ["deployment_days"] = new("Deployment days", "days with a deployment", OutcomeFamily.Velocity, false),
        ["merged_prs"] = new("Merged PRs", "pull requests merged", OutcomeFamily.Velocity, false),
        ["lead_time_hours"] = new("Lead time", "hours, commit to production", OutcomeFamily.Velocity, true),
        ["pr_cycle_hours"] = new("PR cycle time", "hours, opened to merged", OutcomeFamily.Velocity, true),
        ["review_wait_hours"] = new("Review wait", "hours to first review", OutcomeFamily.Velocity, true),
        ["pr_size_lines"] = new("PR size", "lines changed", OutcomeFamily.Scope, false),
        ["change_failure_rate"] = new("Change failure rate", "share of deployments", OutcomeFamily.Quality, true),
        ["incidents"] = new("Incidents", "incidents", OutcomeFamily.Quality, true),
        ["defects"] = new("Defects", "defects", OutcomeFamily.Quality, true),
        ["escaped_defects"] = new("Escaped defects", "escaped incidents/defects", OutcomeFamily.Quality, true),
        ["recovery_hours"] = new("Recovery time", "hours to resolve", OutcomeFamily.Quality, true),
        ["rework_rate"] = new("Rework rate", "share of deployments", OutcomeFamily.Quality, true),
        ["revert_rate"] = new("Revert rate", "share of merged PRs", OutcomeFamily.Quality, true),
        ["ai_interactions_per_engineer"] = new("AI interactions per engineer", "prompts and completions shown", OutcomeFamily.Usage, false),
        ["ai_acceptance_rate"] = new("AI acceptance rate", "share of suggestions accepted", OutcomeFamily.Usage, false),
    };

    private const string PerEngineer = "_per_engineer";

    private static OutcomeInfo? Info(string outcome) =>
        Outcomes.TryGetValue(outcome, out var info) ? info
        : outcome.EndsWith(PerEngineer, StringComparison.Ordinal) && Outcomes.TryGetValue(outcome[..^PerEngineer.Length], out var baseInfo)
            ? baseInfo with { Name = baseInfo.Name + " per engineer", Unit = baseInfo.Unit.Replace("per team-month", "per engineer-month", StringComparison.Ordinal) }
            : null;

    public static string Outcome(string outcome) => Info(outcome)?.Name ?? outcome.Replace('_', ' ');

    /// <summary>The name inside a sentence: first letter lower-cased unless it starts an acronym ("PR size").</summary>
    public static string OutcomeInText(string outcome)
    {
        return InText(Outcome(outcome));
    }

    /// <summary>A label inside a sentence: first letter lower-cased unless it starts an acronym ("AI tool").</summary>
    public static string InText(string name)
    {
        return name.Length > 1 && char.IsUpper(name[0]) && char.IsLower(name[1]) ? char.ToLowerInvariant(name[0]) + name[1..] : name;
    }

    public static OutcomeFamily Family(string outcome) => Info(outcome)?.Family ?? OutcomeFamily.Velocity;

    public static bool LowerIsBetter(string outcome) => Info(outcome)?.LowerIsBetter ?? false;

    public static bool IsPerEngineer(string outcome) => outcome.EndsWith(PerEngineer, StringComparison.Ordinal);

    public static string Direction(string outcome) => LowerIsBetter(outcome) ? "lower is better" : "higher is better";

    /// <summary>Half-width of the band around 1 inside which an interval reads as "no change": ±5 %.</summary>
    public const double NoChangeBand = 0.05;

    /// <summary>
    /// What an interval means for this outcome, in words (never by colour alone): better / worse / larger / smaller when
    /// the interval lies on one side of 1; "no change" only when it lies inside the ±5 % band around 1 (absence of evidence
    /// is not evidence of no effect); otherwise "can't tell" with the range the data allow. A row of a family adjusted
    /// for multiple comparisons (<paramref name="adjustedP"/> given) reads a change only when the adjusted p-value is
    /// below 0.05 as well.
    /// </summary>
    public static string Reading(string outcome, double? low, double? high, double? adjustedP = null)
    {
        if (low is not { } l || high is not { } h) return "not estimated";
        bool up = l > 1, down = h < 1;
        if (adjustedP is double p && !(p < 0.05)) up = down = false;
        if (!up && !down)
            return l >= 1 - NoChangeBand && h <= 1 + NoChangeBand
                ? "no change (within ±5%)"
                : $"can't tell: anywhere from {Format.PercentChange(l)} to {Format.PercentChange(h)}";
        bool better = LowerIsBetter(outcome) ? down : up;
        if (Family(outcome) == OutcomeFamily.Scope) return up ? "larger" : "smaller";
        if (Family(outcome) == OutcomeFamily.Usage) return up ? "up" : "down";
        return better ? "better" : "worse";
    }

    public static string Estimator(string? estimator) => estimator switch
    {
        "naive_before_after" => "Naive before/after (dashboard)",
        "twfe" => "Two-way fixed effects",
        "staggered_did" => "Staggered DiD (Callaway–Sant'Anna)",
        "imputation" => "Imputation DiD (Borusyak–Jaravel–Spiess)",
        "etwfe" => "Extended TWFE (Wooldridge)",
        "dml" => "Double machine learning (dose)",
        "counterfactual_model" => "Counterfactual model (FastTree)",
        null => "n/a",
        _ => estimator.Replace('_', ' '),
    };

    public static string Verdict(string? verdict) => verdict switch
    {
        "supported" => "Supported",
        "not_supported" => "Not supported",
        "inconclusive" => "Inconclusive",
        null => "No verdict",
        _ => verdict.Replace('_', ' '),
    };

    /// <summary>A symbol that carries the verdict besides the badge colour.</summary>
    public static string VerdictSymbol(string? verdict) => verdict switch
    {
        "supported" => "✔",
        "not_supported" => "✘",
        _ => "?",
    };

    public static string Scope(string? scope) => scope switch
    {
        null or "" or "all" => "all teams",
        _ when scope.StartsWith("org:", StringComparison.Ordinal) => "organisation " + scope[4..],
        _ when scope.StartsWith("team:", StringComparison.Ordinal) => "team " + scope[5..],
        _ => scope,
    };

    public static string Flag(string flag) => flag switch
    {
        "release_splitting" => "Release splitting",
        "pr_slicing" => "PR slicing",
        "throughput_vs_quality" => "Throughput up, quality down",
        _ => flag.Replace('_', ' '),
    };

    public static string FlagMeaning(string flag) => flag switch
    {
        "release_splitting" => "deployments rise while deployment days stay flat: the same work shipped in more, smaller releases",
        "pr_slicing" => "PR count rises while PR size falls: the same work cut into more pull requests",
        "throughput_vs_quality" => "throughput rises while the change failure rate rises too",
        _ => "see the evidence column",
    };

    public static string Refutation(string test) => test switch
    {
        "placebo_adoption_date" => "Placebo adoption date",
        "placebo_outcome" => "Placebo outcome",
        "random_common_cause" => "Random common cause",
        "leave_one_cohort_out" => "Leave one cohort out",
        "adoption_threshold" => "Other adoption threshold",
        "parallel_trends_sensitivity" => "Parallel-trends sensitivity",
        "e_value" => "E-value",
        _ => test.Replace('_', ' '),
    };

    public static string Dimension(string dimension) => dimension switch
    {
        "org" => "Organisation",
        "service_tier" => "Service tier",
        "primary_language" => "Primary language",
        "team_size" => "Team size",
        "tool_mix" => "AI tool",
        "first_tool" => "First AI tool adopted",
        _ => dimension.Replace('_', ' '),
    };

    /// <summary>A group's name; bare service-tier numbers read as "tier 1".</summary>
    public static string Group(string dimension, string group) => (dimension, group) switch
    {
        ("service_tier", _) when group.Length > 0 && group.All(char.IsAsciiDigit) => "tier " + group,
        ("first_tool", "several") => "several tools at once",
        ("first_tool", "no_single_tool") => "a mix, no single tool",
        _ => group,
    };

    public static string AdoptionStatus(string? status) => status switch
    {
        "within_observed_range" => "within the adoption levels observed",
        "extrapolation" => "beyond the adoption levels observed (extrapolated)",
        "unreachable" => "not reachable even at 100% adoption",
        null => "",
        _ => status.Replace('_', ' '),
    };
}
