using Modeling.Results;

namespace Modeling.Analysis.Tests.Pipeline;

public class MultiplicityTests
{
    private static EffectRow Row(string outcome, double p, bool headline = true, string estimator = "imputation") =>
        new() { Outcome = outcome, Estimator = estimator, Multiplier = 1.1, CiLow = 1.01, CiHigh = 1.2, PValue = p, Headline = headline };

    [Fact]
    public void Secondary_headline_rows_are_holm_adjusted_and_primary_and_other_rows_are_not()
    {
        // R: p.adjust(c(0.01, 0.04, 0.03), "holm") = 0.03, 0.06, 0.06
        var rows = Multiplicity.AdjustSecondary(
        [
            Row("deployments_per_engineer", 0.001), Row("incidents", 0.01), Row("defects", 0.04), Row("rework_rate", 0.03),
            Row("incidents", 0.0001, headline: false, estimator: "twfe"),
        ], new HashSet<string> { "deployments_per_engineer" });
        Assert.Equal([null, 0.03, 0.06, 0.06, null], rows.Select(r => r.PValueAdjusted is double p ? Math.Round(p, 12) : (double?)null));
    }

    [Fact]
    public void Heterogeneity_rows_are_adjusted_within_their_outcome_and_quality_lines_within_their_mandate()
    {
        HeterogeneityRow Group(string outcome, string group, double? p) => new() { Outcome = outcome, Dimension = "org", Group = group, PValue = p };
        var rows = Multiplicity.Adjust([Group("a", "x", 0.02), Group("a", "y", 0.5), Group("b", "x", 0.02), Group("a", "z", null)]);
        // R: p.adjust(c(0.02, 0.5), "holm") = 0.04, 0.5; outcome b alone: 0.02
        Assert.Equal([0.04, 0.5, 0.02, null], rows.Select(r => r.PValueAdjusted));

        var lines = Multiplicity.Adjust([new QualityCost("change_failure_rate", 1.3, 1.05, 1.6) { PValue = 0.02 }, new QualityCost("rework_rate", 1.0, 0.9, 1.1) { PValue = 0.9 }]);
        Assert.Equal([0.04, 0.9], lines.Select(l => l.PValueAdjusted));
    }
}
