namespace Modeling.Analysis.Results;

/// <summary>One Goodhart flag (results.json "goodhart_flags", /tmp/RESULTS_EXT.md): which teams show the pattern.</summary>
/// <param name="Flag">release_splitting, pr_slicing or throughput_vs_quality.</param>
/// <param name="Scope">"team": the rule is applied to each adopted team.</param>
/// <param name="TeamsFlagged">Teams that show the pattern.</param>
/// <param name="TeamsChecked">Adopted teams with enough data before and after adoption to apply the rule.</param>
/// <param name="TeamIds">The flagged teams, ordinal order (team ids are not personal data).</param>
/// <param name="Evidence">One plain sentence with the rule and the numbers.</param>
public sealed record GoodhartFlagRow(string Flag, string Scope, int TeamsFlagged, int TeamsChecked, IReadOnlyList<string> TeamIds, string Evidence);

/// <summary>The headline estimator refitted on one group of teams (results.json "heterogeneity").</summary>
/// <param name="Outcome">Outcome name.</param>
/// <param name="Dimension">org, service_tier, primary_language, team_size or tool_mix.</param>
/// <param name="Group">The group's value (e.g. "payments", "5-9", "copilot").</param>
/// <param name="Multiplier">Null when suppressed or not estimable.</param>
/// <param name="CiLow">Lower end of the interval, or null.</param>
/// <param name="CiHigh">Upper end of the interval, or null.</param>
/// <param name="NTeams">Teams of the group in the outcome's data (adopted or not).</param>
/// <param name="Engineers">The group's average engineer-months per period; null when suppressed.</param>
/// <param name="Suppressed">True when the group is under the small-group threshold: no number is shown.</param>
public sealed record HeterogeneityRow(
    string Outcome, string Dimension, string Group, double? Multiplier, double? CiLow, double? CiHigh, int NTeams, double? Engineers, bool Suppressed);

/// <summary>One refutation of a headline estimate (results.json "refutations").</summary>
public sealed record RefutationRow(
    string Outcome, string Test, string Parameter, double? Multiplier, double? CiLow, double? CiHigh, double? PValue, double? Value,
    bool? Passed, string Detail);

/// <summary>The placebo-date estimate of one outcome (results.json diagnostics.placebo).</summary>
public sealed record PlaceboEstimate(double Multiplier, double CiLow, double CiHigh, double PValue);

/// <summary>The multiplier DML implies at one adoption level (results.json "dose_response").</summary>
public sealed record DoseResponseRow(
    string Outcome, string Treatment, double Adoption, double Multiplier, double CiLow, double CiHigh, bool Extrapolation);

/// <summary>The observed range of the continuous treatment (results.json "dose_range").</summary>
public sealed record DoseRange(string Treatment, double Min, double Max);

/// <summary>A quality outcome's headline estimate shown beside a mandate (mandates[].quality_cost).</summary>
public sealed record QualityCostRow(string Outcome, double Multiplier, double CiLow, double CiHigh);

/// <summary>One saved counterfactual model and its accuracy (results.json "counterfactual_model").</summary>
public sealed record CounterfactualModelRow(
    string Outcome, string ModelFile, double CvR2, double CvMape, int CvFolds, int TrainingRows,
    IReadOnlyList<CounterfactualTeamRow> PerTeam, int SuppressedTeams);

/// <summary>One adopted team's uplift from the counterfactual model (teams under the small-group threshold are omitted).</summary>
public sealed record CounterfactualTeamRow(string TeamId, double Multiplier, double CiLow, double CiHigh, double Engineers);
