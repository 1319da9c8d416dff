using System.Text.Json;
using Modeling.Analysis.Tests.Support;
using Modeling.Tests;

namespace Modeling.Analysis.Tests.Pipeline;

/// <summary>The checks around the headline estimates in results.json on data-samples/clean (60 teams, 25 months).</summary>
public class ExtendedResultsTests
{
    private static JsonElement Root => SampleRuns.CleanSeed7.Root;

    [Fact]
    public void Top_level_carries_every_block_in_a_fixed_order()
    {
        var names = Root.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["schema_version", "tool", "seed", "period_unit", "data", "adoption", "headline_estimator", "effects", "event_study",
            "mandates", "dose_response", "dose_range", "heterogeneity", "refutations", "goodhart_flags", "counterfactual_model", "twfe_diagnostics", "tool_comparison", "policies", "diagnostics"], names);
        Assert.Equal("modeling", Root.GetProperty("tool").GetProperty("name").GetString());
    }

    [Fact]
    public void The_static_twfe_estimate_is_decomposed_and_the_extended_twfe_matches_the_imputation_estimate()
    {
        var panel = Support.TestPanels.Build(Path.Combine(TestPaths.DataSamples, "clean"));
        var diagnostics = Root.GetProperty("twfe_diagnostics").EnumerateArray().ToList();
        Assert.NotEmpty(diagnostics);
        foreach (var d in diagnostics)
        {
            string outcome = d.GetProperty("outcome").GetString()!;
            var types = d.GetProperty("by_type").EnumerateArray().ToDictionary(t => t.GetProperty("type").GetString()!, t => t.GetProperty("weight").GetDouble());
            Assert.Equal(1.0, types.Values.Sum(), 1e-9);
            Assert.Equal(types.GetValueOrDefault("later_vs_earlier_treated"), d.GetProperty("forbidden_weight").GetDouble(), 1e-12);
            // The decomposition adds up to the static OLS TWFE coefficient, fitted here independently on the same scale.
            var data = panel.ToPanelData(outcome);
            if (d.GetProperty("scale").GetString() == "log") data = data.WithOutcome([.. data.Outcome.Select(v => Math.Log(v))], outcome);
            double ols = new Estimation.TwoWayFixedEffects.Twfe { Model = Estimation.TwoWayFixedEffects.TwfeModel.Ols }.Fit(data).Treatment!.Estimate;
            Assert.Equal(ols, d.GetProperty("twfe_estimate").GetDouble(), Math.Abs(ols) * 1e-8);
        }
        // Poisson extended TWFE and the Poisson imputation estimator give the same point estimate (Wooldridge 2023) on
        // unweighted data; analyze weighs per-engineer outcomes by engineer-months, which vary within a team, and then
        // the two differ slightly.
        double Multiplier(string estimator) => Root.GetProperty("effects").EnumerateArray()
            .Single(e => e.GetProperty("outcome").GetString() == "merged_prs_per_engineer" && e.GetProperty("estimator").GetString() == estimator)
            .GetProperty("multiplier").GetDouble();
        Assert.Equal(Multiplier("imputation"), Multiplier("etwfe"), Multiplier("imputation") * 2e-3);
        var unweighted = panel.ToPanelData("merged_prs_per_engineer");
        double imputation = new Estimation.Imputation.ImputationDid { Form = Estimation.Imputation.ImputationForm.Poisson }.Fit(unweighted).Multiplier.Value;
        double etwfe = new Estimation.TwoWayFixedEffects.ExtendedTwfe { Model = Estimation.TwoWayFixedEffects.TwfeModel.Poisson }.Fit(unweighted).Multiplier!.Value;
        Assert.Equal(imputation, etwfe, 1e-8);
    }

    [Fact]
    public void Dml_and_counterfactual_rows_join_the_effects_and_the_model_files_are_saved()
    {
        var estimators = Root.GetProperty("effects").EnumerateArray().Select(e => (e.GetProperty("outcome").GetString(), e.GetProperty("estimator").GetString())).ToHashSet();
        Assert.Contains(("merged_prs_per_engineer", "dml"), estimators);
        Assert.Contains(("merged_prs_per_engineer", "counterfactual_model"), estimators);
        // DML's row is a dose-response contrast, kept apart from the ATT multipliers by its estimand.
        Assert.All(Root.GetProperty("effects").EnumerateArray(), e => Assert.Equal(
            e.GetProperty("estimator").GetString() == "dml" ? "dose_response" : "att", e.GetProperty("estimand").GetString()));
        foreach (var model in Root.GetProperty("counterfactual_model").EnumerateArray())
        {
            var file = model.GetProperty("model_file").GetString()!;
            Assert.Equal($"models/{model.GetProperty("outcome").GetString()}.zip", file);
            Assert.True(new FileInfo(Path.Combine(SampleRuns.CleanSeed7.Folder, file)).Length > 0);
            // per-team rows only for teams at or above the small-group threshold; the others are counted
            Assert.All(model.GetProperty("per_team").EnumerateArray(), t => Assert.True(t.GetProperty("engineers").GetDouble() >= 5));
            Assert.True(model.GetProperty("suppressed_teams").GetInt32() > 0); // data-samples/clean has teams of ~5 engineers
        }
    }

    [Fact]
    public void Event_studies_carry_a_simultaneous_band_around_every_pointwise_interval()
    {
        var rows = Root.GetProperty("event_study").EnumerateArray().ToList();
        var banded = rows.Where(r => r.GetProperty("uniform_ci_low").ValueKind == JsonValueKind.Number).ToList();
        Assert.NotEmpty(banded);
        // Every outcome with a bootstrap has a band at each event time; a sup-t band is never narrower than the pointwise one.
        Assert.All(banded.GroupBy(r => r.GetProperty("outcome").GetString()), g =>
            Assert.Equal(rows.Count(r => r.GetProperty("outcome").GetString() == g.Key), g.Count()));
        foreach (var r in banded)
        {
            Assert.True(r.GetProperty("uniform_ci_low").GetDouble() <= r.GetProperty("ci_low").GetDouble() + 1e-12);
            Assert.True(r.GetProperty("uniform_ci_high").GetDouble() >= r.GetProperty("ci_high").GetDouble() - 1e-12);
        }
    }

    [Fact]
    public void A_deployments_mandate_with_release_splitting_flagged_is_read_beside_deployment_days()
    {
        // m1 (3x deployments, all teams): the clean sample's release-splitting teams raise the flag, so the row carries the
        // all-teams headline of deployment days per engineer, which splitting cannot inflate, and its reason says so.
        var m1 = Root.GetProperty("mandates").EnumerateArray().Single(m => m.GetProperty("mandate_id").GetString() == "m1");
        Assert.Contains("release_splitting", m1.GetProperty("goodhart_flags").EnumerateArray().Select(f => f.GetString()));
        var days = Root.GetProperty("effects").EnumerateArray()
            .Single(e => e.GetProperty("outcome").GetString() == "deployment_days_per_engineer" && e.GetProperty("headline").GetBoolean());
        Assert.Equal("deployment_days_per_engineer", m1.GetProperty("robust_outcome").GetString());
        Assert.Equal(days.GetProperty("multiplier").GetDouble(), m1.GetProperty("robust_estimate").GetDouble());
        Assert.Equal(days.GetProperty("ci_low").GetDouble(), m1.GetProperty("robust_ci_low").GetDouble());
        Assert.EndsWith(Messages.RobustReading("deployments", new Results.EffectRow
        {
            Outcome = "deployment_days_per_engineer", Estimator = "imputation", Multiplier = days.GetProperty("multiplier").GetDouble(),
            CiLow = days.GetProperty("ci_low").GetDouble(), CiHigh = days.GetProperty("ci_high").GetDouble(),
        }), m1.GetProperty("reason").GetString());
        // A merged-PRs mandate has no such companion.
        var m3 = Root.GetProperty("mandates").EnumerateArray().Single(m => m.GetProperty("mandate_id").GetString() == "m3");
        Assert.Equal(JsonValueKind.Null, m3.GetProperty("robust_outcome").ValueKind);
    }

    [Fact]
    public void Each_mandate_carries_its_own_estimand_after_the_ramp_up_and_up_to_the_deadline()
    {
        // m3: 1.5x merged PRs per engineer for all teams, baseline 2024-01-01..2024-04-30, deadline 2025-12-31: the
        // headline over adopted months from the fourth on (3 ramp-up months) and up to 2025-12, with adopting teams'
        // levels fitted on their 2024-01..2024-04 months only, refitted here directly (leave-out, t).
        var m3 = Root.GetProperty("mandates").EnumerateArray().Single(m => m.GetProperty("mandate_id").GetString() == "m3");
        Assert.Equal(3, m3.GetProperty("ramp_up_periods").GetInt32());
        Assert.Equal("2025-12", m3.GetProperty("deadline_period").GetString());
        Assert.Equal("2024-01", m3.GetProperty("baseline_from_period").GetString());
        Assert.Equal("2024-04", m3.GetProperty("baseline_to_period").GetString());
        Assert.Equal("cluster_t", m3.GetProperty("by_deadline_inference").GetString());
        var data = Analysis.OutcomeData(Support.TestPanels.Build(SampleRuns.Clean), "merged_prs_per_engineer");
        int deadline = data.Time.Max(); // the sample ends in 2025-12
        var refit = new Estimation.Imputation.ImputationDid
        {
            Form = Estimation.Imputation.ImputationForm.Poisson,
            Variance = Estimation.Imputation.ImputationVariance.LeaveUnitOut,
            Window = new Estimation.Imputation.AdoptedWindow(3, deadline),
            AdopterBaseline = new Estimation.Imputation.PeriodRange(
                Panel.PeriodCalendar.Ordinal(new DateOnly(2024, 1, 1), Panel.PeriodUnit.Month), Panel.PeriodCalendar.Ordinal(new DateOnly(2024, 4, 1), Panel.PeriodUnit.Month)),
        }.Fit(data).Multiplier;
        Assert.Equal(refit.Value, m3.GetProperty("by_deadline_estimate").GetDouble(), 9);
        Assert.Equal(refit.CiLow, m3.GetProperty("by_deadline_ci_low").GetDouble(), 9);
        Assert.Equal(refit.CiHigh, m3.GetProperty("by_deadline_ci_high").GetDouble(), 9);
    }

    [Fact]
    public void A_scoped_mandate_is_tested_for_pre_trends_on_its_own_teams()
    {
        // m2 (org:payments, 23 adopting teams): the pre-trend test of the scope's own data, not the all-teams p-value.
        var m2 = Root.GetProperty("mandates").EnumerateArray().Single(m => m.GetProperty("mandate_id").GetString() == "m2");
        var data = Analysis.Scoped(Analysis.OutcomeData(Support.TestPanels.Build(SampleRuns.Clean), "merged_prs_per_engineer"),
            Support.TestPanels.Build(SampleRuns.Clean).Teams.Where(t => t.Org == "payments").Select(t => t.TeamId).ToHashSet(StringComparer.Ordinal))!;
        double expected = new Estimation.Imputation.ImputationPreTrend { Form = Estimation.Imputation.ImputationForm.Poisson, Leads = OutcomeEstimation.PreTrendLeads }
            .Fit(data).Test!.PValue;
        Assert.Equal(expected, m2.GetProperty("pretrend_p_value").GetDouble(), 9);
        Assert.NotEqual(Root.GetProperty("diagnostics").GetProperty("pretrend_p_value").GetProperty("merged_prs_per_engineer").GetDouble(),
            m2.GetProperty("pretrend_p_value").GetDouble());
    }

    [Fact]
    public void Per_engineer_outcomes_are_weighted_by_engineer_months_and_counts_are_not()
    {
        var panel = Support.TestPanels.Build(SampleRuns.Clean);
        var rate = Analysis.OutcomeData(panel, "merged_prs_per_engineer");
        var raw = panel.ToPanelData("merged_prs_per_engineer", new Panel.PanelDataRequest(WeightByEngineers: true));
        Assert.Equal(raw.Weight, rate.Weight);
        Assert.All(rate.Weight!, w => Assert.True(w > 0));
        Assert.Null(Analysis.OutcomeData(panel, "merged_prs").Weight);
        // The weighted Poisson imputation multiplier is Σ w·y / Σ w·μ₀ = Σ counts / Σ counterfactual counts.
        var fit = new Estimation.Imputation.ImputationDid { Form = Estimation.Imputation.ImputationForm.Poisson }.Fit(rate);
        var unweighted = new Estimation.Imputation.ImputationDid { Form = Estimation.Imputation.ImputationForm.Poisson }.Fit(rate.WithWeight(null));
        Assert.NotEqual(unweighted.Multiplier.Value, fit.Multiplier.Value);
    }

    [Fact]
    public void Every_pre_trend_test_reports_the_linear_trend_it_would_detect()
    {
        // Roth's pre-test power beside each p-value: the per-period pre-trend multiplier detected 80 % of the time, equal
        // to exp of the slope the test's own fit gives on the outcome's data.
        var diagnostics = Root.GetProperty("diagnostics");
        var detectable = diagnostics.GetProperty("pretrend_detectable_trend");
        var tested = diagnostics.GetProperty("pretrend_p_value").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(tested, detectable.EnumerateObject().Select(p => p.Name));
        var data = Analysis.OutcomeData(Support.TestPanels.Build(SampleRuns.Clean), "merged_prs_per_engineer");
        double slope = new Estimation.Imputation.ImputationPreTrend { Form = Estimation.Imputation.ImputationForm.Poisson, Leads = OutcomeEstimation.PreTrendLeads }
            .Fit(data).DetectableSlope!.Value;
        Assert.Equal(Math.Exp(slope), detectable.GetProperty("merged_prs_per_engineer").GetDouble(), 9);
        Assert.All(detectable.EnumerateObject(), p => Assert.True(p.Value.GetDouble() > 1));
    }

    [Fact]
    public void Dose_response_has_four_adoption_levels_per_outcome_within_the_observed_range()
    {
        var range = Root.GetProperty("dose_range");
        Assert.Equal("ai_active_share", range.GetProperty("treatment").GetString());
        var rows = Root.GetProperty("dose_response").EnumerateArray().Where(r => r.GetProperty("outcome").GetString() == "merged_prs_per_engineer").ToArray();
        Assert.Equal([0.25, 0.5, 0.75, 1.0], rows.Select(r => r.GetProperty("adoption").GetDouble()));
        double min = range.GetProperty("min").GetDouble(), max = range.GetProperty("max").GetDouble();
        Assert.All(rows, r => Assert.Equal(r.GetProperty("adoption").GetDouble() < min || r.GetProperty("adoption").GetDouble() > max,
            r.GetProperty("extrapolation").GetBoolean()));
    }

    [Fact]
    public void Mandates_carry_adoption_needed_quality_cost_and_goodhart_flags()
    {
        foreach (var m in Root.GetProperty("mandates").EnumerateArray())
        {
            Assert.Contains(m.GetProperty("adoption_needed_status").GetString(), new[] { "within_observed_range", "extrapolation", "unreachable" });
            Assert.Equal(m.GetProperty("adoption_needed_status").GetString() == "unreachable", m.GetProperty("adoption_needed").ValueKind == JsonValueKind.Null);
            Assert.Equal(["change_failure_rate", "incidents_per_engineer", "rework_rate", "revert_rate"],
                m.GetProperty("quality_cost").EnumerateArray().Select(q => q.GetProperty("outcome").GetString()));
            Assert.Equal(JsonValueKind.Array, m.GetProperty("goodhart_flags").ValueKind);
        }
        // m3: 1.5x merged PRs for all teams; the quality cost is the all-teams headline of change_failure_rate
        var m3 = Root.GetProperty("mandates").EnumerateArray().Single(m => m.GetProperty("mandate_id").GetString() == "m3");
        var cfr = Root.GetProperty("effects").EnumerateArray().Single(e => e.GetProperty("outcome").GetString() == "change_failure_rate" && e.GetProperty("headline").GetBoolean());
        Assert.Equal(cfr.GetProperty("multiplier").GetDouble(), m3.GetProperty("quality_cost")[0].GetProperty("multiplier").GetDouble());
    }

    [Fact]
    public void Refutations_cover_every_test_with_a_verdict_and_a_sentence_and_the_placebo_is_in_the_diagnostics()
    {
        var tests = Root.GetProperty("refutations").EnumerateArray().Select(r => r.GetProperty("test").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "placebo_adoption_date", "placebo_outcome", "random_common_cause", "leave_one_cohort_out",
            "adoption_threshold", "parallel_trends_sensitivity", "e_value" }, tests);
        Assert.All(Root.GetProperty("refutations").EnumerateArray(), r => Assert.EndsWith(".", r.GetProperty("detail").GetString()));
        var placebo = Root.GetProperty("diagnostics").GetProperty("placebo");
        Assert.Equal(["deployments_per_engineer", "merged_prs_per_engineer"], placebo.EnumerateObject().Select(p => p.Name));
        // the simulated organisation has no pre-trends: the placebo date test passes for merged PRs
        var row = Root.GetProperty("refutations").EnumerateArray().Single(r =>
            r.GetProperty("test").GetString() == "placebo_adoption_date" && r.GetProperty("outcome").GetString() == "merged_prs_per_engineer");
        Assert.True(row.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Heterogeneity_covers_the_five_dimensions_and_suppressed_rows_carry_no_numbers()
    {
        var rows = Root.GetProperty("heterogeneity").EnumerateArray().ToArray();
        Assert.Equal(["org", "service_tier", "primary_language", "team_size", "tool_mix"],
            rows.Select(r => r.GetProperty("dimension").GetString()).Distinct());
        foreach (var r in rows.Where(r => r.GetProperty("suppressed").GetBoolean()))
            foreach (var f in new[] { "multiplier", "ci_low", "ci_high", "engineers" })
                Assert.Equal(JsonValueKind.Null, r.GetProperty(f).ValueKind);
        var payments = rows.Single(r => r.GetProperty("outcome").GetString() == "merged_prs_per_engineer"
            && r.GetProperty("dimension").GetString() == "org" && r.GetProperty("group").GetString() == "payments");
        var m2 = Root.GetProperty("mandates").EnumerateArray().Single(m => m.GetProperty("mandate_id").GetString() == "m2");
        Assert.Equal(m2.GetProperty("estimate").GetDouble(), payments.GetProperty("multiplier").GetDouble()); // same scoped refit
    }

    [Fact]
    public void Goodhart_flags_list_the_teams_checked_and_flagged()
    {
        var flags = Root.GetProperty("goodhart_flags").EnumerateArray().ToArray();
        Assert.Equal(["release_splitting", "pr_slicing", "throughput_vs_quality"], flags.Select(f => f.GetProperty("flag").GetString()));
        foreach (var f in flags)
            Assert.Equal(f.GetProperty("teams_flagged").GetInt32(), f.GetProperty("team_ids").GetArrayLength());
    }

    [Fact]
    public void Without_machine_learning_no_ml_rows_are_written()
    {
        var output = TestPaths.NewTempFolder("analysis-no-ml");
        var key = Path.Combine(TestPaths.NewTempFolder("analysis-no-ml-key"), "pseudonym.key");
        var result = new Analysis(new AnalysisOptions(Path.Combine(TestPaths.DataSamples, "clean"), output, Seed: 7, KeyFile: key)
            { IncludeMachineLearning = false }).Run();
        Assert.DoesNotContain(result.Effects, e => e.Estimator is "dml" or "counterfactual_model");
        Assert.Empty(result.DoseResponse!);
        Assert.Null(result.DoseRange);
        Assert.Empty(result.CounterfactualModels!);
        Assert.False(Directory.Exists(Path.Combine(output, "models")));
        Assert.NotEmpty(result.Refutations!);
    }
}

/// <summary>Each mandate's naive dashboard number is its own scope's (like for like), recomputed here independently.</summary>
public class MandateNaiveTests
{
    [Fact]
    public void The_naive_number_beside_each_mandate_is_the_before_after_ratio_of_its_own_scope()
    {
        var root = SampleRuns.CleanSeed7.Root;
        var panel = TestPanels.Build(SampleRuns.Clean);
        foreach (var m in root.GetProperty("mandates").EnumerateArray())
        {
            string scope = m.GetProperty("scope").GetString()!, outcome = m.GetProperty("compared_outcome").GetString()!;
            var data = Analysis.OutcomeData(panel, outcome);
            if (scope.StartsWith("org:", StringComparison.Ordinal))
            {
                var teams = panel.Teams.Where(t => "org:" + t.Org == scope).Select(t => t.TeamId).ToHashSet(StringComparer.Ordinal);
                data = Analysis.Scoped(data, teams)!;
            }
            var naive = new Estimation.BeforeAfter.NaiveBeforeAfter().Fit(data).Multiplier;
            Assert.Equal(naive.Value, m.GetProperty("naive_multiplier").GetDouble(), 1e-9 * naive.Value);
            Assert.Equal(naive.CiLow, m.GetProperty("naive_ci_low").GetDouble(), 1e-9 * naive.Value);
        }
        // The org-scoped mandate's number differs from the all-teams one the report used to show beside it.
        var m2 = root.GetProperty("mandates").EnumerateArray().Single(m => m.GetProperty("scope").GetString()!.StartsWith("org:", StringComparison.Ordinal));
        var allTeams = root.GetProperty("effects").EnumerateArray().Single(e => e.GetProperty("estimator").GetString() == "naive_before_after"
            && e.GetProperty("outcome").GetString() == m2.GetProperty("compared_outcome").GetString());
        Assert.NotEqual(allTeams.GetProperty("multiplier").GetDouble(), m2.GetProperty("naive_multiplier").GetDouble());
    }
}
