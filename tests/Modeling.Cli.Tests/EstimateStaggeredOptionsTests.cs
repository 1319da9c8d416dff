using System.Text.Json;
using System.Text.Json.Nodes;
using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

/// <summary>
/// <c>estimate --estimator staggered_did</c> with did's options against R did 2.5.1 / DRDID 1.2.3 on mpdta
/// (Fixtures/did_options_oracle.R). Point estimates and analytic SEs to 1e-9; did rounds its pre-test p-value to 5
/// decimals; bootstrap SEs and critical values are random in both programs (different generators): 20,000 draws each, within 10 %.
/// </summary>
public class EstimateStaggeredOptionsTests
{
    private const double Tolerance = 1e-9;
    private static readonly string Mpdta = Path.Combine(TestPaths.RefData, "mpdta.csv");
    private static readonly Lazy<JsonElement> Oracle = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Cli.Tests", "Fixtures", "did_options_oracle.json")))
            .RootElement.GetProperty("cases"));

    private static JsonObject Estimate(params string[] options)
    {
        var (exit, stdout, stderr) = Run(["estimate", "--panel", Mpdta, "--unit", "countyreal", "--time", "year", "--outcome", "lemp",
            "--cohort", "first.treat", .. options]);
        Assert.True(exit == 0, stderr);
        return JsonNode.Parse(stdout)!.AsObject();
    }

    [Theory]
    [InlineData("dr_lpop", "--covariates", "lpop", "--est-method", "dr")]
    [InlineData("ipw_lpop", "--covariates", "lpop", "--est-method", "ipw")]
    [InlineData("reg_lpop", "--covariates", "lpop", "--est-method", "reg")]
    [InlineData("universal", "--base-period", "universal")]
    [InlineData("anticipation_1", "--anticipation", "1")]
    [InlineData("not_yet", "--control", "not_yet")]
    [InlineData("window", "--min-e", "-2", "--max-e", "2")]
    [InlineData("balance_e_1", "--balance-e", "1")]
    [InlineData("weights_lpop", "--weights", "lpop")]
    public void Every_option_gives_did_s_numbers(string name, params string[] options) => AssertMatchesDid(name, Estimate(options));

    [Fact]
    public void Clusters_above_the_unit_give_did_s_clustered_bootstrap_standard_errors_within_simulation_noise()
    {
        // mpdta with state = county FIPS ÷ 1000 (29 states); did's clustervars = c("countyreal", "state"); 20,000 draws in both, since with 29 clusters the IQR-based SE of one draw set is noisy.
        int county = MpdtaCopy.Column("countyreal");
        var path = MpdtaCopy.Write("mpdta-state.csv", (f, i) =>
            [.. f, i == 0 ? "state" : (int.Parse(f[county], System.Globalization.CultureInfo.InvariantCulture) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        string[] args = ["estimate", "--panel", path, "--unit", "countyreal", "--time", "year", "--outcome", "lemp", "--cohort", "first.treat"];
        var (exit, stdout, stderr) = Run([.. args, "--cluster", "state", "--bootstrap", "20000", "--seed", "3"]);
        Assert.True(exit == 0, stderr);
        var ours = JsonNode.Parse(stdout)!;
        var expected = Oracle.Value.GetProperty("cluster_state");
        var didSe = expected.GetProperty("att_gt_se").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var cells = ours["att_gt"]!.AsArray();
        for (int i = 0; i < didSe.Length; i++)
        {
            double se = cells[i]!["se"]!.GetValue<double>();
            Assert.Equal(se, cells[i]!["bootstrap_se"]!.GetValue<double>()); // reported as did does: the clustered bootstrap's
            Assert.True(Math.Abs(se / didSe[i] - 1) < 0.10, $"cell {i}: clustered SE {se} vs did {didSe[i]}");
        }
        double simple = ours["aggregations"]!["simple"]!["se"]!.GetValue<double>();
        Assert.True(Math.Abs(simple / expected.GetProperty("simple_se").GetDouble() - 1) < 0.10, $"simple SE {simple}");
        Assert.Equal("state", ours["settings"]!["cluster"]!.GetValue<string>());
        // Clustering by state widens the county-level intervals (did's own numbers: 0.0166 vs 0.0120 for the simple ATT).
        Assert.True(simple > Oracle.Value.GetProperty("universal").GetProperty("simple").GetProperty("se").GetDouble() * 1.2);

        var (needs, _, message) = Run([.. args, "--cluster", "state"]);
        Assert.Equal(2, needs);
        Assert.Contains("--cluster is applied by the multiplier bootstrap", message);
    }

    [Fact]
    public void An_unbalanced_panel_is_balanced_as_did_does_unless_allowed()
    {
        // The oracle's unbalanced_balanced case: mpdta without the rows where (county * 7 + year) mod 13 = 0.
        int county = MpdtaCopy.Column("countyreal"), year = MpdtaCopy.Column("year");
        var path = MpdtaCopy.Write("mpdta-unbalanced.csv", (f, i) => i == 0 || (long.Parse(f[county], System.Globalization.CultureInfo.InvariantCulture) * 7
            + long.Parse(f[year], System.Globalization.CultureInfo.InvariantCulture)) % 13 != 0 ? f : null);
        var kept = File.ReadAllLines(path).Skip(1).ToArray();
        string[] args = ["estimate", "--panel", path, "--unit", "countyreal", "--time", "year", "--outcome", "lemp", "--cohort", "first.treat"];
        var (exit, stdout, stderr) = Run(args);
        Assert.True(exit == 0, stderr);
        var balanced = JsonNode.Parse(stdout)!.AsObject();
        AssertMatchesDid("unbalanced_balanced", balanced);
        int units = kept.Select(l => l.Split(',')[county]).Distinct().Count();
        long completeRows = kept.GroupBy(l => l.Split(',')[county]).Where(g => g.Count() == 5).Sum(g => g.Count());
        Assert.Equal(kept.Length - completeRows, balanced["dropped_rows"]!["unbalanced_panel"]!.GetValue<long>());
        Assert.Equal(500 - 206, balanced["n_units"]!.GetValue<int>()); // did: "206 units are missing in some periods"
        Assert.Equal(500, units);

        var (code, kept2, err) = Run([.. args, "--allow-unbalanced"]);
        Assert.True(code == 0, err);
        var all = JsonNode.Parse(kept2)!.AsObject();
        Assert.Equal(500, all["n_units"]!.GetValue<int>());
        Assert.False(all["dropped_rows"]!.AsObject().ContainsKey("unbalanced_panel"));
        AssertMatchesDid("unbalanced_rc", all);
        Assert.True(all["settings"]!["allow_unbalanced_panel"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("unbalanced_rc_dr_lpop_t", "--covariates", "lpop_t", "--est-method", "dr")]
    [InlineData("unbalanced_rc_ipw_lpop_t", "--covariates", "lpop_t", "--est-method", "ipw")]
    [InlineData("unbalanced_rc_reg_lpop_t", "--covariates", "lpop_t", "--est-method", "reg")]
    [InlineData("unbalanced_rc_not_yet", "--control", "not_yet")]
    [InlineData("unbalanced_rc_universal", "--base-period", "universal")]
    public void A_kept_unbalanced_panel_gives_did_s_repeated_cross_section_numbers(string name, params string[] options)
    {
        // The oracle's unbalanced panel with lpop_t = lpop + 0.05 (year − 2003) (county mod 3), a covariate that varies within a county.
        int county = MpdtaCopy.Column("countyreal"), year = MpdtaCopy.Column("year"), lpop = MpdtaCopy.Column("lpop");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var path = MpdtaCopy.Write("mpdta-unbalanced-lpop-t.csv", (f, i) =>
        {
            if (i == 0) return [.. f, "lpop_t"];
            long c = long.Parse(f[county], inv), t = long.Parse(f[year], inv);
            if ((c * 7 + t) % 13 == 0) return null;
            double lpopT = double.Parse(f[lpop], inv) + 0.05 * (t - 2003) * (c % 3);
            return [.. f, lpopT.ToString("R", inv)];
        });
        var (exit, stdout, stderr) = Run(["estimate", "--panel", path, "--unit", "countyreal", "--time", "year", "--outcome", "lemp",
            "--cohort", "first.treat", "--allow-unbalanced", .. options]);
        Assert.True(exit == 0, stderr);
        AssertMatchesDid(name, JsonNode.Parse(stdout)!.AsObject());
    }

    [Fact]
    public void Allowing_an_unbalanced_panel_on_a_balanced_one_fits_it_as_a_panel_as_did_does()
    {
        var balanced = Estimate("--allow-unbalanced");
        AssertMatchesDid("universal", Estimate("--allow-unbalanced", "--base-period", "universal"));
        Assert.False(balanced["settings"]!["allow_unbalanced_panel"]!.GetValue<bool>());
    }

    [Fact]
    public void Without_never_treated_units_the_last_cohort_is_only_a_control_as_in_did()
    {
        int cohort = MpdtaCopy.Column("first.treat");
        var path = MpdtaCopy.Write("mpdta-treated.csv", (f, i) => i == 0 || f[cohort] != "0" ? f : null);
        var (exit, stdout, stderr) = Run("estimate", "--panel", path, "--unit", "countyreal", "--time", "year", "--outcome", "lemp",
            "--cohort", "first.treat", "--control", "not_yet");
        Assert.True(exit == 0, stderr);
        AssertMatchesDid("not_yet_without_never", JsonNode.Parse(stdout)!.AsObject());
    }

    private static void AssertMatchesDid(string name, JsonObject ours)
    {
        var expected = Oracle.Value.GetProperty(name);
        var cells = ours["att_gt"]!.AsArray().ToDictionary(c => (c!["group"]!.GetValue<int>(), c["time"]!.GetValue<int>()));
        foreach (var cell in expected.GetProperty("att_gt").EnumerateArray())
        {
            var key = (cell.GetProperty("group").GetInt32(), cell.GetProperty("time").GetInt32());
            Close(cell.GetProperty("att").GetDouble(), cells[key]!["att"], $"{name} ATT{key}");
            // did reports the universal base period's reference cell with SE NA; ours is 0 with SE 0.
            if (cell.GetProperty("se").ValueKind == JsonValueKind.Number)
                Close(cell.GetProperty("se").GetDouble(), cells[key]!["se"], $"{name} SE{key}");
        }
        Assert.Equal(expected.GetProperty("att_gt").GetArrayLength(), cells.Count);

        var aggregations = ours["aggregations"]!;
        Close(expected.GetProperty("simple").GetProperty("att").GetDouble(), aggregations["simple"]!["att"], $"{name} simple");
        Close(expected.GetProperty("simple").GetProperty("se").GetDouble(), aggregations["simple"]!["se"], $"{name} simple SE");
        foreach (var (kind, key, list) in new[] { ("dynamic", "event_time", "by_event_time"), ("group", "group", "by_group") })
        {
            var e = expected.GetProperty(kind);
            Close(e.GetProperty("att").GetDouble(), aggregations[kind]!["overall"]!["att"], $"{name} {kind}");
            Close(e.GetProperty("se").GetDouble(), aggregations[kind]!["overall"]!["se"], $"{name} {kind} SE");
            var elements = aggregations[kind]![list]!.AsArray().ToDictionary(x => x![key]!.GetValue<int>());
            foreach (var x in e.GetProperty(list).EnumerateArray())
            {
                int k = x.GetProperty(key).GetInt32();
                Close(x.GetProperty("att").GetDouble(), elements[k]!["att"], $"{name} {kind} {k}");
                if (x.GetProperty("se").ValueKind == JsonValueKind.Number) // NA for the universal base's reference event time
                    Close(x.GetProperty("se").GetDouble(), elements[k]!["se"], $"{name} {kind} {k} SE");
            }
            Assert.Equal(e.GetProperty(list).GetArrayLength(), elements.Count);
        }
        double p = expected.GetProperty("pretrend_p_value")[0][0].GetDouble();
        Assert.Equal(p, ours["pretrend_p_value"]!.GetValue<double>(), 5e-6);
        Assert.Equal("group_time_cells", ours["pretrend_test"]!.GetValue<string>());
    }

    private static void Close(double expected, JsonNode? actual, string what)
    {
        Assert.NotNull(actual);
        double value = actual!.GetValue<double>();
        Assert.True(Math.Abs(expected - value) <= Tolerance, $"{what}: ours {value:R}, did {expected:R}");
    }

    [Fact]
    public void The_bootstrap_gives_did_s_standard_errors_and_uniform_bands_within_simulation_noise()
    {
        var boot = Oracle.Value.GetProperty("bootstrap");
        var ours = Estimate("--bootstrap", "20000", "--seed", "7");
        var cells = ours["att_gt"]!.AsArray();
        var didSe = boot.GetProperty("att_gt_se").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(didSe.Length, cells.Count);
        for (int i = 0; i < didSe.Length; i++)
        {
            double se = cells[i]!["bootstrap_se"]!.GetValue<double>();
            Assert.True(Math.Abs(se / didSe[i] - 1) < 0.10, $"cell {i}: bootstrap SE {se} vs did {didSe[i]}");
            double att = cells[i]!["att"]!.GetValue<double>();
            double low = cells[i]!["band_low"]!.GetValue<double>(), high = cells[i]!["band_high"]!.GetValue<double>();
            Assert.True(low < att && att < high && high - low > cells[i]!["ci_high"]!.GetValue<double>() - cells[i]!["ci_low"]!.GetValue<double>(),
                "a simultaneous band is wider than the pointwise interval");
        }
        var dynamic = ours["aggregations"]!["dynamic"]!;
        double crit = dynamic["uniform_critical_value"]!.GetValue<double>();
        Assert.True(Math.Abs(crit / boot.GetProperty("dynamic_critical_value").GetDouble() - 1) < 0.10,
            $"dynamic critical value {crit} vs did {boot.GetProperty("dynamic_critical_value").GetDouble()}");
        Assert.Equal(20000, ours["settings"]!["bootstrap_draws"]!.GetValue<int>());
        Assert.Equal(7, ours["settings"]!["seed"]!.GetValue<int>());
        // Same seed, same bytes.
        Assert.Equal(ours.ToJsonString(), Estimate("--bootstrap", "20000", "--seed", "7").ToJsonString());
    }

    [Fact]
    public void The_log_scale_on_employment_is_did_on_log_employment_read_as_a_multiplier()
    {
        // mpdta with emp = exp(lemp): --scale log on emp must give did's numbers on lemp, and exp of them as multipliers.
        int lemp = MpdtaCopy.Column("lemp");
        var path = MpdtaCopy.Write("mpdta-emp.csv", (f, i) =>
        {
            f[lemp] = i == 0 ? "emp" : Math.Exp(double.Parse(f[lemp], System.Globalization.CultureInfo.InvariantCulture)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            return f;
        });
        var (exit, stdout, stderr) = Run("estimate", "--panel", path, "--unit", "countyreal", "--time", "year", "--outcome", "emp",
            "--cohort", "first.treat", "--scale", "log");
        Assert.True(exit == 0, stderr);
        var ours = JsonNode.Parse(stdout)!;
        var level = Estimate();
        double att = ours["aggregations"]!["simple"]!["att"]!.GetValue<double>();
        Assert.Equal(level["aggregations"]!["simple"]!["att"]!.GetValue<double>(), att, 1e-9);
        Assert.Equal(Math.Exp(att), ours["multiplier"]!.GetValue<double>(), 1e-12);
        Assert.Equal(Math.Exp(ours["aggregations"]!["simple"]!["ci_low"]!.GetValue<double>()), ours["ci_low"]!.GetValue<double>(), 1e-12);
        Assert.Equal("log", ours["settings"]!["scale"]!.GetValue<string>());
        var first = ours["aggregations"]!["dynamic"]!["by_event_time"]![0]!;
        Assert.Equal(Math.Exp(first["att"]!.GetValue<double>()), first["multiplier"]!.GetValue<double>(), 1e-12);
    }

    [Fact]
    public void The_pre_trend_test_is_never_silently_null_on_analyzes_panel()
    {
        // With dozens of cohorts the cell-level Wald covariance is singular; the event-study leads' test is given instead.
        var folder = TestPaths.NewTempFolder("estimate-pretrend");
        var csv = Path.Combine(folder, "panel.csv");
        var (exit, _, stderr) = Run("panel", "--data", Path.Combine(TestPaths.DataSamples, "clean"), "--out", csv);
        Assert.True(exit == 0, stderr);
        var (code, stdout, err) = Run("estimate", "--panel", csv, "--unit", "team_id", "--time", "period", "--cohort", "adoption_period",
            "--outcome", "merged_prs_per_engineer");
        Assert.True(code == 0, err);
        var ours = JsonNode.Parse(stdout)!;
        double p = ours["pretrend_p_value"]!.GetValue<double>();
        Assert.InRange(p, 0, 1);
        Assert.Contains(ours["pretrend_test"]!.GetValue<string>(), new[] { "group_time_cells", "event_study_leads" });
    }

    [Theory]
    [InlineData("dr")]
    [InlineData("ipw")]
    [InlineData("reg")]
    public void Drdid_s_lalonde_example_gives_did_and_drdid_s_numbers(string method)
    {
        // Fixtures/drdid_lalonde_oracle.R: NSW experimental controls against CPS, seven covariates, 1975 and 1978. The
        // doubly robust cell once failed here: a full Newton step of the propensity logit overshot and diverged.
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Cli.Tests", "Fixtures", "drdid_lalonde_oracle.json")));
        var expected = doc.RootElement.GetProperty("cases").GetProperty(method);
        var (exit, stdout, stderr) = Run("estimate", "--panel", Path.Combine(TestPaths.External, "drdid", "eval_lalonde_cps.csv"), "--unit", "id",
            "--time", "year", "--outcome", "re", "--cohort", "cohort", "--covariates", "age,educ,black,married,nodegree,hisp,re74", "--est-method", method);
        Assert.True(exit == 0, stderr);
        var simple = JsonNode.Parse(stdout)!["aggregations"]!["simple"]!;
        Assert.Equal(expected.GetProperty("att").GetDouble(), simple["att"]!.GetValue<double>(), 1e-7);
        Assert.Equal(expected.GetProperty("se").GetDouble(), simple["se"]!.GetValue<double>(), 1e-7);
        if (method == "dr")
        {
            // DRDID's own traditional DR estimator (drdid_panel) and its README: -871.327, SE 396.02.
            var trad = doc.RootElement.GetProperty("cases").GetProperty("drdid_trad");
            Assert.Equal(trad.GetProperty("att").GetDouble(), simple["att"]!.GetValue<double>(), 1e-7);
            Assert.Equal(-871.327, simple["att"]!.GetValue<double>(), 1e-3);
        }
    }
}

