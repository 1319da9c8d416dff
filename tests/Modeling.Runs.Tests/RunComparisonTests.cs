using System.Text.Json;
using Modeling.Results;

namespace Modeling.Runs.Tests;

public class RunComparisonTests
{
    private static ResultsDocument Results(string effects, string cohorts, string rowsRead, string rowsUsed, string? after, string mandates, string models, string last) =>
        ResultsJson.Parse($$"""
        { "data": { "periods": ["2024-01", "{{last}}"], "rows_read": {{{rowsRead}}}, "rows_used": {{{rowsUsed}}} },
          "adoption": { "cohorts": [{{cohorts}}] },
          "effects": [{{effects}}],
          "mandates": [{{mandates}}],
          "counterfactual_model": [{{models}}]
          {{(after is null ? "" : $", \"run\": {{ \"as_of\": \"{last}\", \"rows_after_as_of\": {{{after}}} }}")}} }
        """);

    private static string Effect(string outcome, string estimator, double m, double lo, double hi, bool headline = false) =>
        $$"""{ "outcome": "{{outcome}}", "estimator": "{{estimator}}", "multiplier": {{m}}, "ci_low": {{lo}}, "ci_high": {{hi}}, "headline": {{(headline ? "true" : "false")}} }""";

    [Fact]
    public void Effects_outside_the_previous_interval_new_cohorts_volume_verdicts_and_accuracy_drift_are_reported()
    {
        var previous = Results(
            string.Join(",", Effect("deployments", "imputation", 1.10, 1.05, 1.15, true), Effect("merged_prs", "imputation", 1.20, 1.10, 1.30),
                Effect("incidents", "twfe", 0.9, 0.8, 1.0), Effect("gone_outcome", "twfe", 1, 0.9, 1.1)),
            """{"period":"2025-03","teams":4},{"period":"2025-05","teams":2}""",
            "\"deployments.csv\": 100, \"teams.csv\": 10", "\"deployments.csv\": 98, \"teams.csv\": 10", "\"deployments.csv\": 8",
            """{"mandate_id":"m1","metric":"deployments","verdict":"inconclusive"},{"mandate_id":"m2","metric":"deployments","verdict":"not_supported"}""",
            """{"outcome":"deployments","cv_r2":0.60,"cv_mape":0.20},{"outcome":"merged_prs","cv_r2":0.50,"cv_mape":0.30}""", "2025-11");
        var current = Results(
            string.Join(",", Effect("deployments", "imputation", 1.16, 1.11, 1.21, true), Effect("merged_prs", "imputation", 1.25, 1.15, 1.35),
                Effect("incidents", "twfe", 0.79, 0.7, 0.88), Effect("new_outcome", "dml", 1.3, 1.1, 1.5)),
            """{"period":"2025-03","teams":4},{"period":"2025-05","teams":3},{"period":"2025-12","teams":2}""",
            "\"deployments.csv\": 100, \"teams.csv\": 10", "\"deployments.csv\": 98, \"teams.csv\": 10", "\"deployments.csv\": 0",
            """{"mandate_id":"m1","metric":"deployments","verdict":"not_supported"},{"mandate_id":"m2","metric":"deployments","verdict":"not_supported"}""",
            """{"outcome":"deployments","cv_r2":0.54,"cv_mape":0.21},{"outcome":"merged_prs","cv_r2":0.49,"cv_mape":0.37}""", "2025-12");

        var changes = RunComparison.Compare("2025-12", current, "2025-11", previous);
        Assert.Equal(3, changes.EffectsCompared);
        Assert.Equal(
        [
            new EffectMove("deployments", "imputation", true, 1.10, 1.05, 1.15, 1.16, 1.11, 1.21),
            new EffectMove("incidents", "twfe", false, 0.9, 0.8, 1.0, 0.79, 0.7, 0.88),
        ], changes.EffectsMoved);
        Assert.Equal(["up", "down"], changes.EffectsMoved.Select(m => m.Direction));
        Assert.Equal(["new_outcome (dml)"], changes.EffectsNew);
        Assert.Equal(["gone_outcome (twfe)"], changes.EffectsGone);
        Assert.Equal([new CohortChange("2025-05", 2, 3), new CohortChange("2025-12", null, 2)], changes.Cohorts);
        // Rows the fit could use: used minus rows after the as-of: 98 - 8 = 90 before, 98 - 0 = 98 now.
        Assert.Equal(new VolumeChange("deployments.csv", 90, 98, 100, 100), changes.DataVolume[0]);
        Assert.Equal([new VerdictChange("m1", "inconclusive", "not_supported")], changes.Verdicts);
        // R² 0.60 → 0.54 falls by 0.06 > 0.05: degraded; MAPE 0.30 → 0.37 rises 23% > 20%: degraded.
        Assert.Equal([true, true], changes.ModelAccuracy.Select(a => a.Degraded));

        Assert.Equal("""
            Run 2025-12 compared with run 2025-11 (periods 2024-01 to 2025-12, previously 2024-01 to 2025-11).
            Effects: 2 of 3 moved beyond the previous run's interval.
              deployments (imputation, headline): 1.160 [1.110, 1.210], was 1.100 [1.050, 1.150] (up)
              incidents (twfe): 0.790 [0.700, 0.880], was 0.900 [0.800, 1.000] (down)
            New estimates: new_outcome (dml).
            No longer estimated: gone_outcome (twfe).
            New adoption cohorts: 2025-12 (2 teams).
            Cohort 2025-05 changed size: 2 -> 3 teams.
            Data volume (rows up to the as-of month, used in the fit): deployments.csv 90 -> 98 (+8.9%); teams.csv 10 -> 10 (0.0%).
            Mandate verdicts changed: m1 inconclusive -> not_supported.
            Model accuracy deployments: CV R² 0.600 -> 0.540, MAPE 0.200 -> 0.210 (degraded).
            Model accuracy merged_prs: CV R² 0.500 -> 0.490, MAPE 0.300 -> 0.370 (degraded).

            """.Replace("\r\n", "\n"), RunComparison.ToText(changes));

        using var json = JsonDocument.Parse(RunComparison.ToJson(changes));
        var moved = json.RootElement.GetProperty("effects").GetProperty("moved_beyond_previous_interval");
        Assert.Equal(1.16, moved[0].GetProperty("multiplier").GetDouble());
        Assert.Equal("new", json.RootElement.GetProperty("cohorts")[1].GetProperty("change").GetString());
        Assert.Equal(8, json.RootElement.GetProperty("data_volume")[0].GetProperty("change").GetInt64());
    }

    [Fact]
    public void Within_thresholds_nothing_is_flagged()
    {
        var a = Results(Effect("x", "imputation", 1.1, 1.0, 1.2), "", "\"f\": 1", "\"f\": 1", null, "", """{"outcome":"x","cv_r2":0.6,"cv_mape":0.2}""", "2025-11");
        var b = Results(Effect("x", "imputation", 1.2, 1.1, 1.3), "", "\"f\": 1", "\"f\": 1", null, "", """{"outcome":"x","cv_r2":0.56,"cv_mape":0.239}""", "2025-12");
        var changes = RunComparison.Compare("2025-12", b, "2025-11", a);
        Assert.Empty(changes.EffectsMoved); // 1.2 is on the previous interval's edge: inside
        Assert.False(changes.ModelAccuracy.Single().Degraded);
    }
}
