using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modeling.Tests;
using static Modeling.Cli.Tests.CliRunner;

namespace Modeling.Cli.Tests;

/// <summary>
/// What <c>estimate</c> accepts as input: analyze's own panel (CSV and Parquet) as it is, calendar and zero-based times,
/// any common delimiter, and missing cells dropped and counted rather than stopping the run.
/// </summary>
public class EstimateInputTests
{
    private static readonly string Mpdta = Path.Combine(TestPaths.RefData, "mpdta.csv");
    private static readonly string[] MpdtaColumns = ["--unit", "countyreal", "--time", "year", "--outcome", "lemp", "--cohort", "first.treat"];

    private static JsonObject Estimate(params string[] args)
    {
        var (exit, stdout, stderr) = Run(["estimate", .. args]);
        Assert.True(exit == 0, stderr);
        return JsonNode.Parse(stdout)!.AsObject();
    }

    private static string Folder() => TestPaths.NewTempFolder("estimate-input");

    [Fact]
    public void Analyzes_panel_csv_works_as_it_is_and_gives_the_estimates_of_its_period_index_and_so_does_its_parquet()
    {
        // The panel verb writes the same panel.csv as analyze (without the suppressed column, which estimate also reads).
        var folder = Folder();
        var csv = Path.Combine(folder, "panel.csv");
        var parquet = Path.Combine(folder, "panel.parquet");
        foreach (var file in new[] { csv, parquet })
        {
            var (exit, _, stderr) = Run("panel", "--data", Path.Combine(TestPaths.DataSamples, "clean"), "--out", file);
            Assert.True(exit == 0, stderr);
        }
        string[] common = ["--unit", "team_id", "--outcome", "merged_prs_per_engineer", "--control", "not_yet"];
        var byLabel = Estimate(["--panel", csv, "--time", "period", "--cohort", "adoption_period", .. common]);
        var byIndex = Estimate(["--panel", csv, "--time", "period_index", "--cohort", "cohort", .. common]);
        var fromParquet = Estimate(["--panel", parquet, "--time", "period", "--cohort", "adoption_period", .. common]);

        Assert.Equal("month", byLabel["time_format"]!.GetValue<string>());
        Assert.Equal("integer", byIndex["time_format"]!.GetValue<string>());
        var first = byLabel["att_gt"]![0]!;
        Assert.Equal(first["group"]!.GetValue<int>(), byIndex["att_gt"]![0]!["group"]!.GetValue<int>());
        var label = first["group_label"]!.GetValue<string>();
        int group = first["group"]!.GetValue<int>();
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{(group - 1) / 12:D4}-{(group - 1) % 12 + 1:D2}"), label);

        // Apart from the format and the labels, the three documents are the same, number for number.
        Assert.Equal(WithoutTimeLabels(byIndex), WithoutTimeLabels(byLabel));
        Assert.Equal(byLabel.ToJsonString(), fromParquet.ToJsonString());
    }

    private static string WithoutTimeLabels(JsonObject estimate)
    {
        var copy = JsonNode.Parse(estimate.ToJsonString())!.AsObject();
        copy.Remove("time_format");
        foreach (var cell in copy["att_gt"]!.AsArray()) { cell!.AsObject().Remove("group_label"); cell.AsObject().Remove("time_label"); }
        foreach (var name in new[] { "group", "calendar" })
            foreach (var element in copy["aggregations"]![name]!.AsObject().Select(p => p.Value).OfType<JsonArray>().SelectMany(a => a))
                element!.AsObject().Remove("label");
        return copy.ToJsonString();
    }

    [Fact]
    public void Semicolon_and_tab_files_give_the_estimates_of_the_comma_file()
    {
        var comma = Estimate(["--panel", Mpdta, .. MpdtaColumns]).ToJsonString();
        foreach (var (delimiter, given) in new[] { (";", (string?)null), ("\t", null), (";", "semicolon") })
        {
            var path = Path.Combine(Folder(), "mpdta.txt");
            File.WriteAllLines(path, File.ReadAllLines(Mpdta).Select(l => l.Replace(",", delimiter)));
            string[] extra = given is null ? [] : ["--delimiter", given];
            Assert.Equal(comma, Estimate(["--panel", path, .. MpdtaColumns, .. extra]).ToJsonString());
        }
    }

    [Fact]
    public void Times_counted_from_zero_give_the_same_effects_and_are_written_back_as_given()
    {
        // mpdta's years 2003–2007 as 0–4 (cohorts 2004, 2006, 2007 as 1, 3, 4; never treated stays 0).
        int year = MpdtaCopy.Column("year"), cohort = MpdtaCopy.Column("first.treat");
        var path = MpdtaCopy.Write("mpdta0.csv", (f, i) =>
        {
            if (i == 0) return f;
            f[year] = (int.Parse(f[year], CultureInfo.InvariantCulture) - 2003).ToString(CultureInfo.InvariantCulture);
            if (f[cohort] != "0") f[cohort] = (int.Parse(f[cohort], CultureInfo.InvariantCulture) - 2003).ToString(CultureInfo.InvariantCulture);
            return f;
        });
        var original = Estimate(["--panel", Mpdta, .. MpdtaColumns]);
        var shifted = Estimate(["--panel", path, .. MpdtaColumns]);
        Assert.Equal(original["aggregations"]!.ToJsonString(), Shift(shifted["aggregations"]!, 2003));
        var cells = shifted["att_gt"]!.AsArray();
        Assert.Equal(1, cells[0]!["group"]!.GetValue<int>());
        Assert.Equal(1, cells[0]!["time"]!.GetValue<int>());
        Assert.Equal(original["att_gt"]![0]!["att"]!.GetValue<double>(), cells[0]!["att"]!.GetValue<double>());
    }

    /// <summary>The aggregations with every group and time key moved by <paramref name="by"/>.</summary>
    private static string Shift(JsonNode aggregations, int by)
    {
        var copy = JsonNode.Parse(aggregations.ToJsonString())!;
        foreach (var name in new[] { "group", "calendar" })
            foreach (var element in copy[name]!.AsObject().Select(p => p.Value).OfType<JsonArray>().SelectMany(a => a))
                foreach (var key in new[] { "group", "time" })
                    if (element![key] is { } v) element[key] = v.GetValue<int>() + by;
        return copy.ToJsonString();
    }

    [Fact]
    public void Missing_outcomes_and_covariates_are_dropped_and_counted_by_reason()
    {
        int lemp = MpdtaCopy.Column("lemp"), lpop = MpdtaCopy.Column("lpop");
        // County rows 2–4 lose their outcome (NA, empty, NaN), row 5 its covariate: four rows left out, by two reasons.
        var path = MpdtaCopy.Write("mpdta-na.csv", (f, i) =>
        {
            if (i is 2 or 3 or 4) f[lemp] = i switch { 2 => "NA", 3 => "", _ => "NaN" };
            if (i == 5) f[lpop] = "NA";
            return f;
        });
        var twfe = Estimate(["--panel", path, .. MpdtaColumns, "--estimator", "twfe", "--covariates", "lpop"]);
        Assert.Equal(2496, twfe["n_obs"]!.GetValue<long>());
        var dropped = twfe["dropped_rows"]!.AsObject();
        Assert.Equal(3, dropped["missing_outcome"]!.GetValue<long>());
        Assert.Equal(1, dropped["missing_covariate"]!.GetValue<long>());
        Assert.Equal(0, dropped["suppressed"]!.GetValue<long>());
    }

    [Fact]
    public void A_unit_seen_twice_in_a_period_is_an_error_naming_both_lines()
    {
        var path = Path.Combine(Folder(), "dup.csv");
        File.WriteAllText(path, "unit,t,y,g\na,2024-01,1,\na,2024-02,1,\nb,2024-01,1,2024-02\na,2024-01,2,\n");
        var (exit, _, stderr) = Run("estimate", "--panel", path, "--unit", "unit", "--time", "t", "--outcome", "y", "--cohort", "g");
        Assert.Equal(2, exit);
        Assert.Contains($"{path}: line 5: unit 'a' in period 2024-01 appears again (first at line 2); expected one row per unit and period.", stderr);
    }

    [Fact]
    public void A_hostile_value_is_shown_escaped_in_the_error()
    {
        var path = Path.Combine(Folder(), "evil.csv");
        File.WriteAllText(path, "unit,t,y,g\na,1,\u001b]0;owned\u0007,\n");
        var (exit, _, stderr) = Run("estimate", "--panel", path, "--unit", "unit", "--time", "t", "--outcome", "y", "--cohort", "g");
        Assert.Equal(2, exit);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.Contains("value '\\x1b]0;owned\\x07'; expected a finite number.", stderr);
    }
}
