using System.Globalization;

namespace Modeling.Analysis;

/// <summary>Every user-facing text of the analysis pipeline, in one place so tests can assert it.</summary>
public static partial class Messages
{
    public const string HeadlineEstimator = "imputation";

    public static string ExtendedTwfeNeedsPositive(string outcome) =>
        $"OLS on logs needs a strictly positive outcome and Poisson a count; {outcome} has zeros";

    public static string NoMultiplier(string estimator, string outcome) =>
        $"{estimator} on {outcome} gave an effect on the level scale only, with no multiplier to report";

    public static string EstimatorFailed(string estimator, string outcome, string reason) =>
        $"{estimator} on {outcome}: not estimated ({reason})";

    public static string TwfeNotApplicable(string outcome) =>
        $"twfe on {outcome}: skipped (OLS on logs needs a strictly positive outcome and Poisson a count; this outcome has zeros)";

    public const string TrendSensitivityName = "parallel-trends sensitivity";

    public const string NoTrendSensitivity = "the event study behind the sensitivity analysis could not be estimated";

    public static string TrendSensitivityNeedsTeams(int adopting) =>
        $"{Teams(adopting)} adopting, fewer than the {HeadlineInference.ClusterMinimum} its covariance needs";

    public static string NoValidInterval(int adopting, int neverAdopted, int draws, double level) =>
        $"no valid {Percent(level)} interval: {Teams(adopting)} adopting, fewer than the {HeadlineInference.ClusterMinimum} a cluster-robust interval needs, " +
        $"and the placebo comparison needs {Estimation.Imputation.ImputationPlacebo.DrawsNeeded(level)} placebo estimates from never-adopted teams, " +
        $"while the {Teams(neverAdopted)} never adopted give {(draws == 0 ? "too few" : draws.ToString(CultureInfo.InvariantCulture))}";

    private static string Teams(int n) => n == 1 ? "1 team" : n.ToString(CultureInfo.InvariantCulture) + " teams";

    private static string Percent(double level) => (level * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string RobustReading(string metric, Results.EffectRow robust) =>
        $"; release splitting is flagged in this scope, so {metric} can rise without more delivered: deployment days per engineer, which splitting cannot inflate, " +
        (robust.Multiplier is double m
            ? $"show ×{m.ToString("0.00", CultureInfo.InvariantCulture)}" + (robust.CiLow is double lo && robust.CiHigh is double hi
                ? $" ({lo.ToString("0.00", CultureInfo.InvariantCulture)}–{hi.ToString("0.00", CultureInfo.InvariantCulture)})"
                : " (no valid interval)")
            : "could not be estimated");

    public static string NoEstimateForMandate(string mandateId, string metric, string scope) =>
        $"mandate {mandateId}: no {HeadlineEstimator} estimate of '{metric}' for scope '{scope}' (not an outcome of CONTRACT §3, unavailable in this data, or not estimable)";

    public static string MandateNotChecked(long line, string reason) =>
        $"could not be checked: mandates.csv line {line.ToString(System.Globalization.CultureInfo.InvariantCulture)} was rejected ({reason})";

    public static string MandateNotCheckedWarning(string mandateId, string reason) => $"mandate {mandateId}: {reason}";

    public static string UnknownScope(string mandateId, string scope) =>
        $"mandate {mandateId}: scope '{scope}' matches no team (expected all, org:<org> or team:<team_id>)";

    public static string Staging(string folder) => $"analyze: reading {folder}";
    public static string Estimating(string outcome, int index, int total) => $"analyze: estimating {outcome} ({index}/{total})";
    public static string Written(string path) => $"analyze: wrote {path}";

    public const string ToolDifferenceSuppressed = "not tested: one of the two tools' groups is below the small-group threshold";
    public static string ToolDifferenceTooFewTeams(int minimum) =>
        $"not tested: each tool needs at least {minimum} adopting teams for a cluster-robust comparison";
    public const string ToolDifferenceNotEstimable = "not tested: the headline estimator could not be fitted on one of the two tools' teams";

    public static string AdoptionInflated(string policyId, DateOnly date) =>
        $"Adoption looks inflated after policy {policyId} ({date:yyyy-MM-dd}, usage counted in reviews): AI interactions per engineer rose while the acceptance rate fell. A mandate judged on adoption now misreads its dose.";
    public const string PolicyNoCoveredData = "no team the policy covers has data for this measure";
    public const string PolicyNotEstimable = "the estimator could not be fitted around this policy";

    public static string InflationEvidence(string policyId, string date, double? interactions, double? acceptance) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"after policy {policyId} ({date}, usage counted in reviews) AI interactions per engineer changed {interactions:0.00}x while the acceptance rate changed {acceptance:0.00}x");
}
