using System.Globalization;

namespace Modeling.Estimation.Regression;

/// <summary>
/// Every user-facing message of the regression core, TWFE, naive before/after, Goodman-Bacon and imputation
/// estimators, in one place so tests can assert the exact text.
/// </summary>
public static class Messages
{
    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string NonPositiveBaseline(string outcome, double baseline) =>
        $"A multiplier needs a positive mean of '{outcome}' without treatment over the imputed observations; it is {F(baseline)}. Report the level effect instead.";

    public const string NoSingleTreatmentEffect =
        "The event-study specification of TWFE has one coefficient per event time and no single treatment effect; read its EventStudy, or fit the static specification.";

    public static string NonFiniteValue(string column, int row, double value) =>
        $"The '{column}' column has the non-finite value {F(value)} at row {row}; every value must be a finite number.";

    public static string NonPositiveWeight(int row, double value) =>
        $"The 'weight' column must be greater than 0. Got {F(value)} at row {row} instead.";

    public static string NegativeCountOutcome(string outcome, int row, double value) =>
        $"Poisson regression needs a non-negative outcome, but '{outcome}' is {F(value)} at row {row}.";

    public static string AllZeroOutcome(string outcome) =>
        $"The outcome '{outcome}' is zero in every observation: a Poisson model has no finite solution.";

    public static string FewerThanTwoClusters(int clusters) =>
        $"Team-clustered standard errors need at least 2 clusters (units). Got {clusters} instead.";

    public static string NoTreatedObservations(string treatment) =>
        $"No observation is treated ('{treatment}' is 0 everywhere): the treatment effect is not identified.";

    public static string TreatmentCollinear(string treatment) =>
        $"The treatment '{treatment}' is collinear with the unit and period fixed effects (for example every unit adopts in the same period and none never does): its effect is not identified.";

    public static string MissingCohort(string estimator) =>
        $"{estimator} needs the cohort column (first treated period, 0 = never treated), but the panel has none.";

    public static string MissingTreatment(string estimator) =>
        $"{estimator} needs the continuous treatment column, but the panel has none.";

    public static string MissingCovariate(string name, IEnumerable<string> available) =>
        $"The covariate '{name}' is not in the panel. Available: {(available.Any() ? string.Join(", ", available) : "none")}.";

    public static string ConfidenceLevelOutOfRange(double level) =>
        $"The 'ConfidenceLevel' parameter must be in (0, 1). Got {F(level)} instead.";

    public static string EventStudyNeedsAdoption =>
        "The event-study specification needs the binary adoption treatment (from the cohort column), not a continuous treatment.";

    public static string DemeaningDidNotConverge(int sweeps) =>
        $"Removing the unit and period fixed effects did not converge within {sweeps} sweeps; the panel is too weakly connected.";

    public static string PoissonDidNotConverge(int iterations) =>
        $"Poisson pseudo-maximum-likelihood did not converge within {iterations} iterations.";

    public static string NoAdoptedUnits =>
        "No unit adopts within the panel (every cohort is 0): there is nothing to compare before and after.";

    public static string NoBeforeOrAfter(int before, int after) =>
        $"Adopted units need observations both before and after adoption. Got {before} before and {after} after.";

    /// <param name="when">"before" or "after".</param>
    /// <param name="mean">The offending mean.</param>
    public static string NonPositiveMean(string when, double mean) =>
        $"The mean outcome of adopted units {when} adoption must be greater than 0 to form a ratio. Got {F(mean)} instead.";

    public static string BaconNeedsBalancedPanel(string unit, int observed, int periods) =>
        $"The Goodman-Bacon decomposition needs a balanced panel, but unit '{unit}' has {observed} observations for {periods} periods.";

    public static string BaconNeedsUnweighted =>
        "The Goodman-Bacon decomposition is defined for the unweighted TWFE regression; remove the weights.";

    public static string BaconNeedsTimingVariation =>
        "The Goodman-Bacon decomposition needs at least one adoption cohort inside the panel and one comparison group (never treated or adopting at another time).";

    public static string HorizonWidthOutOfRange(int width) =>
        $"The 'HorizonWidth' parameter of ImputationDid must be at least 1. Got {width} instead.";

    public static string EventStudyLeadsOutOfRange(int leads) =>
        $"The 'Leads' parameter of ImputationEventStudy must be at least 2 (event time -1 is the reference). Got {leads} instead.";

    public static string EventStudyLastEventTimeOutOfRange(int last) =>
        $"The 'LastEventTime' parameter of ImputationEventStudy must be at least 0. Got {last} instead.";

    public static string EventStudyBinWidthOutOfRange(int width, int leads) =>
        $"The 'BinWidth' parameter of ImputationEventStudy must be at least 1 and divide Leads ({leads}) into at least two bins. Got {width} instead.";

    public static string EventStudyPreMissing(int eventTime) =>
        $"The imputation event study has no usable estimate at event time {eventTime} (no adopting team observed then, or only one): the pre-adoption periods cannot be compared.";

    public static string EventStudyPostMissing =>
        "The imputation event study has no usable post-adoption estimate (no event time reached by two adopting teams).";

    public static string NoUntreatedObservations =>
        "The imputation estimator needs untreated observations (never-treated units or periods before adoption) to fit the fixed effects.";

    public static string EmptyAdoptedWindow(int firstEventTime, int? lastPeriod) =>
        $"No adopted unit-period lies in the window (event time at least {firstEventTime}{(lastPeriod is int p ? $", period at most {p}" : "")}), so its effect cannot be estimated.";

    public static string PlaceboDrawsOutOfRange(int draws) =>
        $"The 'MaxDraws' setting of placebo inference must be at least 1. Got {draws} instead.";

    public static string LeaveOutNeedsTwoAdoptingUnits(int units) =>
        $"The leave-out variance compares each adopting unit with the others, so it needs at least 2 adopting units; the data have {units}. Use placebo inference for a single unit.";

    public static string NoImputableObservations =>
        "No treated observation has both its unit and its period among the untreated observations, so no outcome without treatment can be imputed.";

    public static string NonPositiveLogOutcome(string outcome, int row, double value) =>
        $"The log form needs a positive outcome, but '{outcome}' is {F(value)} at row {row}.";
}
