using System.Text;

namespace Modeling.Results.Tests;

/// <summary>The one reader and writer of results.json: what it writes, what it tolerates and what it refuses.</summary>
public sealed class ResultsJsonTests
{
    [Fact]
    public void A_file_with_only_what_an_old_run_wrote_reads_with_the_defaults()
    {
        var results = ResultsJson.Parse("""{"schema_version": 1, "mandates": [{"mandate_id": "m1", "metric": "deployments"}]}""");
        Assert.Empty(results.Effects);
        Assert.Empty(results.EventStudy);
        Assert.Null(results.Data);
        Assert.Null(results.Heterogeneity);
        var mandate = Assert.Single(results.Mandates);
        Assert.True(mandate.Checked); // absent "checked" means the run checked it (runs before the field)
        Assert.Null(mandate.QualityCost);
        Assert.Equal("deployments", mandate.Outcome);
    }

    [Fact]
    public void An_absent_data_map_reads_as_empty_and_periods_give_the_first_and_last()
    {
        var data = ResultsJson.Parse("""{"data": {"periods": ["2025-01", "2025-06"], "rows_read": {"teams.csv": 3}}}""").Data!;
        Assert.Empty(data.RowsUsed);
        Assert.Equal(3, data.RowsRead["teams.csv"]);
        Assert.Null(data.LinesRead);
        Assert.Equal(("2025-01", "2025-06"), (data.FirstPeriod, data.LastPeriod));
    }

    [Theory]
    [InlineData("""{"effects": [{"outcome": "y", "estimator": "twfe", "multiplier": "high"}]}""", "$.effects[0].multiplier")]
    [InlineData("""{"data": {"rows_read": {"teams.csv": "many"}}}""", "$.data.rows_read['teams.csv']")]
    [InlineData("""{"effects": null}""", "$.effects")]
    public void A_value_of_the_wrong_type_is_named_by_its_path(string json, string path)
    {
        var e = Assert.Throws<ResultsFormatException>(() => ResultsJson.Parse(json));
        Assert.StartsWith($"The results file has a value of the wrong type at {path} (", e.Message);
    }

    [Fact]
    public void A_row_without_its_key_fields_is_refused()
    {
        var e = Assert.Throws<ResultsFormatException>(() => ResultsJson.Parse("""{"effects": [{"estimator": "twfe"}]}"""));
        Assert.Contains("'outcome'", e.Message);
    }

    [Theory]
    [InlineData("{\"a\": ", "The results file is not valid JSON (line 1, column 7): ")]
    [InlineData("[1]", "The results file must hold a JSON object (the results.json written by 'modeling analyze'). Got a JSON Array instead.")]
    public void Text_that_is_not_a_results_object_is_refused(string json, string start)
    {
        Assert.StartsWith(start, Assert.Throws<ResultsFormatException>(() => ResultsJson.Parse(json)).Message);
    }

    [Fact]
    public void Numbers_are_written_to_ten_significant_digits_and_non_finite_ones_as_null()
    {
        var results = new ResultsDocument
        {
            Effects =
            [
                new EffectRow { Outcome = "y", Estimator = "twfe", Multiplier = 1.23456789012345, CiLow = double.NaN, CiHigh = double.PositiveInfinity, PValue = 1e-300 },
            ],
        };
        string json = Encoding.UTF8.GetString(ResultsJson.ToBytes(results));
        Assert.Contains("\"multiplier\": 1.23456789,", json);
        Assert.Contains("\"ci_low\": null,", json);
        Assert.Contains("\"ci_high\": null,", json);
        Assert.Contains("\"p_value\": 1E-300,", json);
        Assert.EndsWith("}\n", json);
    }

    [Fact]
    public void Names_are_snake_case_text_is_not_html_escaped_and_run_is_left_out_when_absent()
    {
        var results = new ResultsDocument
        {
            CounterfactualModels = [new CounterfactualModel { Outcome = "<b>&", CvR2 = 0.5, CvFolds = 5 }],
        };
        string json = Encoding.UTF8.GetString(ResultsJson.ToBytes(results));
        Assert.Contains("\"counterfactual_model\": [", json);
        Assert.Contains("\"outcome\": \"<b>&\",", json);
        Assert.Contains("\"cv_r2\": 0.5,", json);
        Assert.Contains("\"cv_folds\": 5,", json);
        Assert.DoesNotContain("\"run\"", json);
    }

    [Fact]
    public void What_is_written_reads_back_to_the_same_bytes()
    {
        var results = new ResultsDocument
        {
            SchemaVersion = ResultsJson.SchemaVersion,
            Tool = new ToolInfo("modeling", "0.1.0"),
            Seed = 7,
            PeriodUnit = "month",
            Data = new DataSummary
            {
                Teams = 2, Periods = ["2025-01", "2025-03"],
                RowsRead = new Dictionary<string, long> { ["teams.csv"] = 2, ["ai_usage.csv"] = 10 },
                LinesRead = new Dictionary<string, long?> { ["teams.csv"] = 3, ["copilot/a.ndjson"] = null },
                Problems = [new ProblemCount("teams.csv", "error", "unknown_team", 1)],
            },
            Adoption = new AdoptionSummary { Threshold = 0.5, Cohorts = [new Cohort("2025-02", 1)], NeverAdoptedTeams = 1 },
            Mandates = [new MandateRow { MandateId = "m1", Metric = "deployments", Checked = false, QualityCost = [new QualityCost("change_failure_rate", 1.1, 0.9, 1.3)] }],
            DoseResponse = [new DoseResponseRow("y", "ai_active_share", 0.5, 1.2, 1.1, 1.3, Extrapolation: false)],
            GoodhartFlags = [new GoodhartFlag { Flag = "release_splitting", TeamIds = ["team-1"] }],
            Diagnostics = new Diagnostics
            {
                PretrendPValue = new Dictionary<string, double?> { ["a"] = 0.5, ["b"] = null },
                Placebo = new Dictionary<string, PlaceboEstimate> { ["a"] = new(1.0, 0.9, 1.1, 0.8) },
            },
            Run = new RunInfo { AsOf = "2025-03", RowsAfterAsOf = new Dictionary<string, long> { ["ai_usage.csv"] = 4 } },
        };
        byte[] bytes = ResultsJson.ToBytes(results);
        var back = ResultsJson.Parse(Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes, ResultsJson.ToBytes(back));
        Assert.False(back.Mandates[0].Checked);
        Assert.Equal(["teams.csv", "ai_usage.csv"], back.Data!.RowsRead.Keys);
        Assert.Equal(["a", "b"], back.Diagnostics!.PretrendPValue.Keys);
    }
}
