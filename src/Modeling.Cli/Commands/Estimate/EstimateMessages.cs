using Modeling.Ingest.Output;

namespace Modeling.Cli.Commands;

/// <summary>User-facing texts of the estimate and analyze verbs.</summary>
internal static class EstimateMessages
{
    public const string DmlNeedsTreatment = "--estimator dml needs --treatment (the treatment column, continuous or 0/1).";
    public const string DmlTakesNoCohort = "--estimator dml takes --treatment, not --cohort; give the treatment column itself.";
    public const string DmlNeedsCovariates = "--estimator dml needs --covariates (the control columns of the nuisance models).";
    public const string CohortXorTreatment = "give exactly one of --cohort (first-treated period) or --treatment.";
    public static string NeedsCohort(string estimator) => $"--estimator {estimator} needs --cohort (the first-treated period column).";
    public const string RatioScaleOnlyStaggered = "--scale ratio is staggered_did's ratio-of-means multiplier; for the imputation or twfe estimator give --model poisson (the ratio of means for counts) or --scale log.";
    public static string BadHorizon(string text) => $"--horizons takes comma-separated whole numbers (event times); got '{ShownText.Escape(text)}'.";
    public static string BadBound(string text) => $"--bounds takes comma-separated numbers of at least 0 (Mbar or M); got '{ShownText.Escape(text)}'.";
    public const string LogScaleWithPoisson = "--scale log and --model poisson are two different multipliers; give one of them.";
    public static string LogNeedsPositive(string path, string outcome, double value) =>
        $"{ShownText.Escape(path)}: --scale log needs a positive outcome; '{ShownText.Escape(outcome)}' holds {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}. Use --model poisson for counts with zeros.";
    public static string UnitAndTimeRequired(string estimator) => $"--estimator {estimator} needs --unit and --time.";
    public static string CannotEstimate(string path, string reason) => $"{ShownText.Escape(path)}: cannot estimate: {ShownText.Escape(reason)}";
    public const string ClusterNeedsBootstrap = "--cluster is applied by the multiplier bootstrap, as did's clustervars: give --bootstrap N (at least 100) as well.";
    public static string ClusterNotFor(string estimator) => $"--cluster is for staggered_did (its bootstrap); --estimator {estimator} clusters by --unit.";
    public static string Written(string path) => $"estimate: wrote {path}";
    public static string BadMinGroupSize(string value) =>
        $"The '{MinGroupSizeOption.Name}' option must be an integer of at least 1. Got {value} instead.";
}
