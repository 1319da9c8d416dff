using System.Globalization;

namespace Modeling.Analysis;

/// <summary>Every user-facing text of the analysis pipeline, in one place so tests can assert it.</summary>
public static class Messages
{
    public const string HeadlineEstimator = "imputation";

    public static string EstimatorFailed(string estimator, string outcome, string reason) =>
        $"{estimator} on {outcome}: not estimated ({reason})";

    public static string TwfeNotApplicable(string outcome) =>
        $"twfe on {outcome}: skipped (OLS on logs needs a strictly positive outcome and Poisson a count; this outcome has zeros)";

    public static string PreTrendUndermines(double p) =>
        $"the pre-trend test rejects parallel trends (p = {p.ToString("0.###", CultureInfo.InvariantCulture)} < 0.05), so the estimate cannot be trusted";

    public static string UnknownMandateMetric(string mandateId, string metric) =>
        $"mandate {mandateId}: metric '{metric}' is not an outcome of CONTRACT §3 or is unavailable in this data";

    public static string ScopeNotSeparated(string mandateId, string scope) =>
        $"mandate {mandateId}: scope '{scope}' is judged against the estimate for all teams (per-scope estimates are not computed yet)";

    public static string Staging(string folder) => $"analyze: reading {folder}";
    public static string Estimating(string outcome, int index, int total) => $"analyze: estimating {outcome} ({index}/{total})";
    public static string Written(string path) => $"analyze: wrote {path}";
}
