using System.Globalization;
using Modeling.Analysis.Goodhart;

namespace Modeling.Analysis;

/// <summary>User-facing texts of the Goodhart flags, heterogeneity, refutations and ML models.</summary>
public static partial class Messages
{
    private static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
    private static string F(double? value) => value is double v ? "×" + F(v) : "n/a";

    public static string GoodhartEvidence(GoodhartPattern flag, GoodhartRules rules, int flagged, int checkedTeams, double? medianFlagged, double? medianOthers) =>
        flag switch
        {
            GoodhartPattern.ReleaseSplitting =>
                $"{flagged} of {checkedTeams} adopted teams raised deployments per deployment day by at least ×{F(rules.SplittingRatio)} beyond the never-adopted teams' change over the same months while deployments per engineer rose (median change: flagged {F(medianFlagged)}, others {F(medianOthers)}).",
            GoodhartPattern.PrSlicing =>
                $"{flagged} of {checkedTeams} adopted teams cut their median PR size to ×{F(rules.SlicingSize)} or less of the never-adopted teams' change while merged PRs per engineer rose (median size change: flagged {F(medianFlagged)}, others {F(medianOthers)}).",
            GoodhartPattern.ThroughputVsQuality =>
                $"{flagged} of {checkedTeams} adopted teams raised throughput per engineer by at least ×{F(rules.Throughput)} while their change failure rate rose by at least ×{F(rules.FailureRate)} beyond the never-adopted teams' change, significantly at the {F(rules.FailureRateAlpha, "0.###")} level (median failure-rate change: flagged {F(medianFlagged)}, others {F(medianOthers)}).",
            _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, null),
        };

    public static string EValueDetail(double point, double limit) =>
        $"An unmeasured confounder would need a risk-ratio association of {F(point)} with both AI adoption and the outcome to explain the DML estimate away ({F(limit)} to move its interval to include no effect).";

    public static string DmlZeroRows(string outcome, int rows) =>
        $"dml on {outcome}: {rows} team-periods with a zero outcome left out (the model is on the log scale)";

    public static string ChecksProgress(IEnumerable<string> outcomes) => $"analyze: heterogeneity and refutations of {string.Join(", ", outcomes)}";
    public static string MachineLearningProgress(string model, string outcome) => $"analyze: {model} on {outcome}";

    public static string SensitivityDetail(double mbar, double? low, double? high, bool survives) => low is double l && high is double h
        ? $"If the trend gap may change from quarter to quarter after adoption by up to {F(mbar, "0.##")} times its change before adoption, the first year's effect lies in [{F(l, "0.000")}, {F(h, "0.000")}], which {(survives ? "still excludes" : "includes")} no effect."
        : $"If the trend gap may change from quarter to quarter after adoption by up to {F(mbar, "0.##")} times its change before adoption, no effect size is consistent with the data (the robust interval is empty).";

    public static string BreakdownDetail(double? mbar, bool beyondLimit) => mbar switch
    {
        null => "The first year's event-study interval already includes no effect under exact parallel trends.",
        double m when beyondLimit => $"The effect survives post-adoption trend changes of more than {F(m, "0.##")} times the largest pre-adoption change.",
        double m => $"The effect survives post-adoption trend changes of up to {F(m, "0.##")} times the largest pre-adoption change, and no larger.",
    };

    public const string RefutationNotEstimated = "The refit could not be estimated on the altered data.";

    public static string PlaceboDateDetail(int shift, double multiplier, bool passed) => passed
        ? $"With adoption moved {shift} periods earlier and only pre-adoption data, the estimate is ×{F(multiplier, "0.000")}, indistinguishable from no effect, as it should be."
        : $"With adoption moved {shift} periods earlier and only pre-adoption data, the estimate is ×{F(multiplier, "0.000")}: adopters already diverged before adopting (pre-trends or anticipation), so the headline is suspect.";

    public static string PlaceboOutcomeDetail(double multiplier, bool passed) => passed
        ? $"On each team's outcome shuffled across its own periods (org-wide trend kept), the estimate is ×{F(multiplier, "0.000")}, no effect, as it should be."
        : $"On each team's outcome shuffled across its own periods (org-wide trend kept), the estimate is ×{F(multiplier, "0.000")}: the estimator finds an effect where none can exist.";

    public static string RandomCauseDetail(double without, double with, double tolerance, bool passed) =>
        $"Adding a random covariate moves the estimate from ×{F(without, "0.0000")} to ×{F(with, "0.0000")}, {(passed ? "within" : "beyond")} the tolerance of {F(tolerance, "0.##")} standard errors.";

    public static string LeaveOutDetail(string parameter, double multiplier, Estimation.Inference.Multiplier headline, bool passed) =>
        $"Without {parameter.Replace('=', ' ')} the estimate is ×{F(multiplier, "0.000")}, {(passed ? "inside" : "outside")} the headline interval [{F(headline.CiLow, "0.000")}, {F(headline.CiHigh, "0.000")}].";

    public static string ThresholdDetail(double threshold, double multiplier, Estimation.Inference.Multiplier headline, bool passed) =>
        $"With adoption at {F(threshold, "0.##")} of engineers active the estimate is ×{F(multiplier, "0.000")}, its interval {(passed ? "overlapping" : "not overlapping")} the headline interval [{F(headline.CiLow, "0.000")}, {F(headline.CiHigh, "0.000")}].";
}
