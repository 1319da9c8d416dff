using System.Globalization;
using System.Text;
using System.Text.Json;
using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

/// <summary><c>modeling estimate --estimator dml</c>: reference data, a simulated organisation with known truth, bad input.</summary>
public class EstimateDmlTests
{
    private static readonly string Sipp = Path.Combine(TestPaths.RefData, "sipp1991_401k.csv");
    private const string Covariates401k = "age,inc,educ,fsize,marr,twoearn,db,pira,hown";

    private static string Csv(string text)
    {
        var path = Path.Combine(TestPaths.NewTempFolder("estimate-dml"), "data.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Dml_on_the_401k_data_writes_the_contract_fields_inside_the_published_range_byte_identically()
    {
        // refdata/README.md: DoubleML's partially linear 401(k) model with tree learners, 7,500–10,000 (SE 1,100–1,500).
        string[] args = ["estimate", "--panel", Sipp, "--outcome", "net_tfa", "--treatment", "e401", "--covariates", Covariates401k,
            "--estimator", "dml", "--seed", "123"];
        var (exit, stdout, stderr) = Run(args);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("dml", root.GetProperty("estimator").GetString());
        Assert.Equal("net_tfa", root.GetProperty("outcome").GetString());
        Assert.Equal("e401", root.GetProperty("treatment").GetString());
        Assert.InRange(root.GetProperty("coefficient").GetDouble(), 7_500, 10_000);
        Assert.InRange(root.GetProperty("se").GetDouble(), 1_100, 1_500);
        Assert.True(root.GetProperty("ci_low").GetDouble() < root.GetProperty("coefficient").GetDouble());
        Assert.True(root.GetProperty("ci_high").GetDouble() > root.GetProperty("coefficient").GetDouble());
        Assert.True(root.GetProperty("p_value").GetDouble() < 0.001);
        Assert.Equal(9_915, root.GetProperty("n_obs").GetInt32());
        Assert.Equal(9_915, root.GetProperty("n_clusters").GetInt32());
        Assert.Equal("fast_tree", root.GetProperty("learner").GetString());
        Assert.Equal(5, root.GetProperty("folds").GetInt32());
        Assert.Equal(3, root.GetProperty("repetitions").GetInt32());
        Assert.Equal(3, root.GetProperty("repetition_coefficients").GetArrayLength());
        Assert.Equal(stdout, Run(args).Stdout);
    }

    [Fact]
    public void Dml_recovers_the_simulators_effect_on_merged_prs_per_engineer()
    {
        // Simulated organisation (150 teams, 24 months, seed 11). The built-in effect is binary at adoption (ai_active_share
        // jumps from ≤35% to ≥60%), so the treatment is D = 1{period ≥ the team's adoption period} and the outcome
        // log merged_prs_per_engineer; θ is then the log multiplier of adopted team-months, and exp(θ) is compared with
        // truth.json's geometric_mean_multiplier (exp of the mean log multiplier over adopted team-months).
        // Controls: period index (trend), team attributes (org, tier, language codes), engineers, and the team's mean log
        // outcome before the first adoption anywhere (pre-adoption baseline; no post-adoption lags, which would be bad
        // controls). Partially linear DML weights team-months by Var(D | X), i.e. mid-panel periods more than the earliest
        // or latest, while the truth weighs every adopted team-month equally and the effect ramps up over 4 months, so the
        // two need not coincide exactly. Measured: exp(θ) = 1.2717 (SE of θ 0.0190) against truth 1.2750; tolerance ±0.06
        // (about 2.7 SE of the multiplier), and the interval must exclude 1.
        var folder = TestPaths.NewTempFolder("dml-sim");
        var org = Path.Combine(folder, "org");
        var panel = Path.Combine(folder, "panel.csv");
        Assert.Equal(0, Run("simulate", "--out", org, "--teams", "150", "--months", "24", "--seed", "11", "--usage-detail", "Monthly").Exit);
        // Every team-month is needed to rebuild the simulator's truth; simulated teams are nobody, so none is withheld.
        Assert.Equal(0, Run("panel", "--data", org, "--out", panel, "--min-group-size", "1").Exit);
        var data = SimulatedDmlCsv(panel, Path.Combine(folder, "dml.csv"));

        var (exit, stdout, stderr) = Run("estimate", "--panel", data, "--outcome", "log_merged_prs_per_engineer", "--treatment", "adopted",
            "--covariates", "period_index,org,service_tier,primary_language,engineers,baseline", "--unit", "team_id", "--estimator", "dml",
            "--seed", "5");
        Assert.True(exit == 0, stderr);
        using var result = JsonDocument.Parse(stdout);
        double theta = result.RootElement.GetProperty("coefficient").GetDouble();
        double se = result.RootElement.GetProperty("se").GetDouble();
        Assert.Equal(150, result.RootElement.GetProperty("n_clusters").GetInt32());

        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(org, "truth.json")));
        double geometric = truth.RootElement.GetProperty("effects").EnumerateArray()
            .Single(e => e.GetProperty("outcome").GetString() == "merged_prs_per_engineer").GetProperty("geometric_mean_multiplier").GetDouble();
        string measured = $"exp(theta) {Math.Exp(theta):F4} (SE of theta {se:F4}), truth {geometric:F4}";
        Assert.True(Math.Abs(Math.Exp(theta) - geometric) <= 0.06, measured);
        Assert.True(Math.Exp(theta - 1.96 * se) > 1.0, measured);
    }

    /// <summary>From panel.csv: team_id, log outcome, adoption indicator and the controls described above.</summary>
    private static string SimulatedDmlCsv(string panelCsv, string path)
    {
        var lines = File.ReadAllLines(panelCsv);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        int team = Col("team_id"), period = Col("period"), adoption = Col("adoption_period"), y = Col("merged_prs_per_engineer"),
            index = Col("period_index"), engineers = Col("engineers"), orgCol = Col("org"), tier = Col("service_tier"), lang = Col("primary_language");
        string firstAdoption = rows.Select(r => r[adoption]).Where(a => a.Length > 0).Min(StringComparer.Ordinal)!;
        double Log(string[] r) => Math.Log(double.Parse(r[y], CultureInfo.InvariantCulture));
        var baseline = rows.Where(r => string.CompareOrdinal(r[period], firstAdoption) < 0 && double.Parse(r[y], CultureInfo.InvariantCulture) > 0)
            .GroupBy(r => r[team]).ToDictionary(g => g.Key, g => g.Average(Log));
        Dictionary<string, int> Codes(int column) => rows.Select(r => r[column]).Distinct().Order(StringComparer.Ordinal)
            .Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        var orgs = Codes(orgCol);
        var languages = Codes(lang);
        var csv = new StringBuilder("team_id,log_merged_prs_per_engineer,adopted,period_index,org,service_tier,primary_language,engineers,baseline\n");
        foreach (var r in rows)
        {
            if (!(double.Parse(r[y], CultureInfo.InvariantCulture) > 0) || !baseline.TryGetValue(r[team], out var b)) continue;
            int adopted = r[adoption].Length > 0 && string.CompareOrdinal(r[period], r[adoption]) >= 0 ? 1 : 0;
            csv.Append(CultureInfo.InvariantCulture,
                $"{r[team]},{Log(r):R},{adopted},{r[index]},{orgs[r[orgCol]]},{(r[tier].Length > 0 ? r[tier] : "0")},{languages[r[lang]]},{r[engineers]},{b:R}\n");
        }
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public void Dml_without_covariates_or_treatment_or_with_a_cohort_is_refused()
    {
        var (exit, _, stderr) = Run("estimate", "--panel", Sipp, "--outcome", "net_tfa", "--treatment", "e401", "--estimator", "dml");
        Assert.Equal(2, exit);
        Assert.Equal("error: --estimator dml needs --covariates (the control columns of the nuisance models).", stderr.TrimEnd());
        (exit, _, stderr) = Run("estimate", "--panel", Sipp, "--outcome", "net_tfa", "--covariates", "age", "--estimator", "dml");
        Assert.Equal(2, exit);
        Assert.Equal("error: --estimator dml needs --treatment (the treatment column, continuous or 0/1).", stderr.TrimEnd());
        (exit, _, stderr) = Run("estimate", "--panel", Sipp, "--outcome", "net_tfa", "--cohort", "e401", "--covariates", "age", "--estimator", "dml");
        Assert.Equal(2, exit);
        Assert.Equal("error: --estimator dml needs --treatment (the treatment column, continuous or 0/1).", stderr.TrimEnd());
        (exit, _, stderr) = Run("estimate", "--panel", Sipp, "--outcome", "net_tfa", "--treatment", "e401", "--cohort", "p401", "--covariates", "age",
            "--estimator", "dml");
        Assert.Equal(2, exit);
        Assert.Equal("error: --estimator dml takes --treatment, not --cohort; give the treatment column itself.", stderr.TrimEnd());
    }

    [Fact]
    public void Bad_cells_and_missing_columns_name_file_line_column_and_value()
    {
        var path = Csv("y,d,x,team\n1,0,2,a\n2,1,x7,b\n");
        var (exit, _, stderr) = Run("estimate", "--panel", path, "--outcome", "y", "--treatment", "d", "--covariates", "x", "--estimator", "dml");
        Assert.Equal(2, exit);
        Assert.Equal($"error: {path}: line 3, column 'x': value 'x7'; expected a finite number.", stderr.TrimEnd());
        (exit, _, stderr) = Run("estimate", "--panel", path, "--outcome", "y", "--treatment", "d", "--covariates", "z", "--estimator", "dml");
        Assert.Equal(2, exit);
        Assert.Equal($"error: {path}: line 1: no column 'z'; the header has y, d, x, team.", stderr.TrimEnd());
    }

    [Fact]
    public void Too_few_clusters_for_the_folds_is_a_bad_input_error_from_the_estimator()
    {
        var path = Csv("y,d,x,team\n1,0,2,a\n2,1,3,a\n3,0,1,b\n4,1,5,b\n5,0,2,c\n6,1,4,c\n");
        var (exit, _, stderr) = Run("estimate", "--panel", path, "--outcome", "y", "--treatment", "d", "--covariates", "x", "--unit", "team",
            "--estimator", "dml", "--learner", "linear");
        Assert.Equal(2, exit);
        Assert.Equal($"error: {path}: cannot estimate: Cross-fitting with 5 folds split by cluster needs at least 5 clusters. Got 3 instead.", stderr.TrimEnd());
    }

    [Fact]
    public void Linear_learner_with_clusters_writes_cluster_covariance_to_the_out_file()
    {
        var rows = Enumerable.Range(0, 60).Select(i => $"{(i % 5) + 0.5 * (i % 2) + 0.01 * i},{i % 2},{i % 5},{i * 0.1},t{i / 4}");
        var path = Csv("y,d,x1,x2,team\n" + string.Join("\n", rows) + "\n");
        var output = Path.Combine(TestPaths.NewTempFolder("estimate-dml-out"), "dml.json");
        var (exit, stdout, stderr) = Run("estimate", "--panel", path, "--outcome", "y", "--treatment", "d", "--covariates", "x1,x2", "--unit", "team",
            "--estimator", "dml", "--learner", "linear", "--folds", "3", "--repetitions", "1", "--out", output);
        Assert.True(exit == 0, stderr);
        Assert.Equal("", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        var root = doc.RootElement;
        Assert.Equal("linear", root.GetProperty("learner").GetString());
        Assert.Equal("cluster", root.GetProperty("covariance").GetString());
        Assert.Equal(15, root.GetProperty("n_clusters").GetInt32());
        Assert.Equal(60, root.GetProperty("n_obs").GetInt32());
        // y = x1 + 0.5·d + 0.01·i and x2 = 0.1·i: y is exactly linear in (d, x1, x2), so θ = 0.5 up to rounding.
        Assert.Equal(0.5, root.GetProperty("coefficient").GetDouble(), 9);
    }
}
