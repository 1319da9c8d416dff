using System.Globalization;

namespace Modeling.Estimation.Staggered;

/// <summary>Every user-facing message of the staggered difference-in-differences estimator (tests assert the exact text).</summary>
public static class StaggeredDidMessages
{
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static string MissingCohort =>
        "The panel has no cohort column: the staggered DiD needs each unit's first treated period (0 = never treated).";

    public static string NegativeCohort(int row, string unit, int cohort) =>
        F($"The cohort of unit '{unit}' must be 0 (never treated) or a period label greater than 0. Got {cohort} at row {row} instead.");

    public static string CohortNotConstant(string unit, int firstRow, int firstCohort, int row, int cohort) =>
        F($"The cohort must be constant within a unit. Unit '{unit}' has cohort {firstCohort} at row {firstRow} and {cohort} at row {row}.");

    public static string DuplicateObservation(string unit, int period, int firstRow, int row) =>
        F($"Unit '{unit}' has two rows for period {period} (rows {firstRow} and {row}); the panel must have one row per unit and period.");

    public static string NonFiniteOutcome(string outcome, int row, string unit, int period, double value) =>
        F($"The outcome '{outcome}' must be a finite number. Got {value} at row {row} (unit '{unit}', period {period}) instead.");

    public static string NonFiniteCovariate(string covariate, int row, string unit, int period, double value) =>
        F($"The covariate '{covariate}' must be a finite number. Got {value} at row {row} (unit '{unit}', period {period}) instead.");

    public static string UnknownCovariate(string covariate, IEnumerable<string> available) =>
        F($"The covariate '{covariate}' is not in the panel. Available covariates: [{string.Join(", ", available)}].");

    public static string InvalidWeight(int row, string unit, double value) =>
        F($"The weight of unit '{unit}' must be a finite number greater than or equal to 0. Got {value} at row {row} instead.");

    public static string WeightNotConstant(string unit, int firstRow, double firstWeight, int row, double weight) =>
        F($"The weight must be constant within a unit. Unit '{unit}' has weight {firstWeight} at row {firstRow} and {weight} at row {row}.");

    public static string AllZeroOutcome(string outcome) =>
        F($"The outcome '{outcome}' is 0 in every row: there is no variation to estimate an effect from.");

    public static string NonPositiveOutcomeForLog(string outcome, int row, string unit, int period, double value) =>
        F($"The outcome '{outcome}' must be greater than 0 on the log scale. Got {value} at row {row} (unit '{unit}', period {period}) instead; use EffectScale.Ratio for counts with zeros.");

    public static string TooFewClusters(int clusters) =>
        F($"The staggered DiD needs at least 2 clusters (units). Got {clusters} instead.");

    public static string NoTreatedCohort =>
        "The panel has no treated cohort: every unit is never treated (cohort 0) or treated after the last period.";

    public static string NoPrePeriod(int firstPeriod, int anticipation) =>
        F($"No cohort has a pre-treatment period: every cohort is first treated at or before period {firstPeriod} + {anticipation} anticipation period(s).");

    public static string NoNeverTreated =>
        "The staggered DiD with never-treated controls needs at least one never-treated unit (cohort 0). Got none; use ControlGroup.NotYetTreated or add never-treated units.";

    public static string SingleCohortNoControls(int cohort) =>
        F($"The panel has a single cohort (first treated in period {cohort}) and no never-treated units: there are no controls to compare it with.");

    public static string NoNotYetTreatedControls =>
        "The staggered DiD found no not-yet-treated control units for any post-treatment period: every cell lacks controls.";

    public const string ClustersNeedBootstrap =
        "Clustering above the unit is done by the multiplier bootstrap (as did's clustervars): ask for bootstrap draws as well.";

    public static string UnitWithoutCluster(string unit) => F($"Unit '{unit}' has no cluster; every unit needs one.");

    public static string NoEstimableCell(IEnumerable<string> reasons) =>
        $"No post-treatment ATT(g,t) could be estimated: {string.Join("; ", reasons)}.";

    public static string InvalidConfidenceLevel(double level) =>
        F($"The 'ConfidenceLevel' parameter of StaggeredDid must be in (0, 1). Got {level} instead.");

    public static string InvalidAnticipation(int periods) =>
        F($"The 'Anticipation' parameter of StaggeredDid must be 0 or more periods. Got {periods} instead.");

    public static string InvalidBootstrapDraws(int draws) =>
        F($"The 'Draws' parameter of Bootstrap must be at least 100. Got {draws} instead.");

    public static string InvalidEventWindow(int min, int max) =>
        F($"The event-time window of StaggeredDid must have MinEventTime <= MaxEventTime. Got [{min}, {max}] instead.");

    // Reasons a single ATT(g,t) cell was skipped (reported in the result, not thrown).
    public static string CellNoTreated => "no treated units observed in both periods";
    public static string CellNoControls => "no control units observed in both periods";
    public static string CellNoTreatedInPeriod => "no treated units observed in one of the two periods";
    public static string CellNoControlsInPeriod => "no control units observed in one of the two periods";
    public static string CellNoOverlap => "propensity score of 0.999 or more (overlap violated)";
    public static string CellSingularRegression => "the outcome regression on the control units is singular";
    public static string CellSingularPropensity => "the propensity score design is singular";
}
