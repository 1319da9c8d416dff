using Modeling.Reporting.Text;

namespace Modeling.Reporting.Tests;

/// <summary>How an interval is read in words, and the multiple-comparisons adjustment of secondary readings.</summary>
public sealed class ReadingTests
{
    [Theory]
    [InlineData(1.05, 1.4, null, "worse")]           // change failure rate up, unadjusted (a primary outcome)
    [InlineData(1.05, 1.4, 0.01, "worse")]           // up, and still significant after adjustment
    [InlineData(1.05, 1.4, 0.2, "can't tell: anywhere from +5% to +40%")]  // up pointwise, but not after adjusting for the family
    [InlineData(0.7, 1.2, 0.01, "can't tell: anywhere from −30% to +20%")]  // the interval holds 1, whatever the p-value says
    [InlineData(0.59, 1.78, null, "can't tell: anywhere from −41% to +78%")] // wide: absence of evidence is not evidence of no cost
    [InlineData(0.97, 1.04, null, "no change (within ±5%)")]               // narrow around 1: the data rule out a change beyond ±5%
    [InlineData(0.7, 0.9, 0.04, "better")]
    public void A_secondary_change_is_read_only_when_the_adjusted_p_value_agrees(double low, double high, double? adjusted, string expected) =>
        Assert.Equal(expected, Labels.Reading("change_failure_rate", low, high, adjusted));
}

/// <summary>A model that fails its own check is shown as failed, never as evidence.</summary>
public sealed class FailedModelTests
{
    [Fact]
    public void A_counterfactual_model_with_a_held_out_r2_at_or_below_zero_shows_no_multiplier()
    {
        var path = Path.Combine(Modeling.Tests.TestPaths.RepositoryRoot, "tests", "Modeling.Reporting.Tests", "Fixtures", "full-results.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        string good = System.Net.WebUtility.HtmlDecode(ImpactReport.Render(json.ToJsonString()));
        Assert.Contains("1.29×", Section(good));
        json["counterfactual_model"]![0]!["cv_r2"] = -0.09;
        string bad = System.Net.WebUtility.HtmlDecode(ImpactReport.Render(json.ToJsonString()));
        Assert.Contains("failed its check (held-out R² -0.09 ≤ 0): not evidence", bad);
        Assert.DoesNotContain("1.29×", Section(bad));
    }

    /// <summary>The report from the counterfactual section on (the estimators table precedes it).</summary>
    private static string Section(string html) => html[html.IndexOf("Counterfactual models: fit", StringComparison.Ordinal)..];
}

/// <summary>The event-study caption quotes the average over adopted periods, not the noisiest last one.</summary>
public sealed class EventStudyCaptionTests
{
    [Fact]
    public void The_caption_quotes_the_headline_average_not_the_last_period()
    {
        var path = Path.Combine(Modeling.Tests.TestPaths.RepositoryRoot, "tests", "Modeling.Reporting.Tests", "Fixtures", "full-results.json");
        var json = File.ReadAllText(path);
        var doc = Modeling.Results.ResultsJson.Parse(json);
        string html = System.Net.WebUtility.HtmlDecode(ImpactReport.Render(json));
        var headline = doc.Effects.First(e => e.Outcome == "deployments_per_engineer" && e.Estimator == doc.HeadlineEstimator);
        Assert.Contains($"Averaged over every adopted month: {Text.Format.Estimate(headline.Multiplier, headline.CiLow, headline.CiHigh)}", html);
        Assert.DoesNotContain("after adoption: ", html);
    }
}

/// <summary>A card does not say "not supported" and "within the adoption levels observed" of the same target.</summary>
public sealed class AdoptionNeededTests
{
    [Fact]
    public void A_ruled_out_target_s_adoption_share_is_said_to_be_the_dose_model_s_at_odds_with_the_verdict()
    {
        var path = Path.Combine(Modeling.Tests.TestPaths.RepositoryRoot, "tests", "Modeling.Reporting.Tests", "Fixtures", "full-results.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        var mandate = json["mandates"]!.AsArray().First()!;
        mandate["verdict"] = "not_supported";
        mandate["adoption_needed"] = 0.89;
        mandate["adoption_needed_status"] = "within_observed_range";
        // The card's text, tags removed (numbers sit in spans that carry their raw value).
        string html = System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlDecode(ImpactReport.Render(json.ToJsonString())), "<[^>]+>", "");
        Assert.Contains("89% of engineers active with AI, by the dose-response model (a different estimator) — at odds with the verdict above", html);
        Assert.DoesNotContain("89% of engineers active with AI — within the adoption levels observed", html);
    }
}

/// <summary>The one plain sentence a card leads with, in the verdicts' vocabulary.</summary>
public sealed class VerdictSentenceTests
{
    private static Modeling.Results.MandateRow Row(string verdict, double? sensitivityLow = null, double? sensitivityHigh = null) => new()
    {
        MandateId = "m1", Metric = "deployments", TargetMultiplier = 3, Estimate = 1.33, CiLow = 1.07, CiHigh = 1.64, Verdict = verdict,
        SensitivityMbar = sensitivityHigh is null ? null : 1, SensitivityCiLow = sensitivityLow, SensitivityCiHigh = sensitivityHigh,
    };

    [Fact]
    public void A_ruled_out_target_says_so_and_the_most_a_drift_would_allow()
    {
        Assert.Equal("3× is ruled out: the data show 1.33× (1.07–1.64); even if adopting teams had been drifting apart as much as in the worst month before adoption, the most the data allow is 1.80×.",
            VerdictSentence.For(Row("not_supported", 0.95, 1.8), "month"));
        Assert.Equal("3× is ruled out: the data show 1.33× (1.07–1.64).", VerdictSentence.For(Row("not_supported"), "month"));
    }

    [Fact]
    public void A_reached_target_and_an_undecided_one_read_in_plain_words()
    {
        Assert.Equal("3× is reached: the data show 1.33× (1.07–1.64); even if adopting teams had been drifting apart as much as in the worst week before adoption, the least the data allow is 1.05×.",
            VerdictSentence.For(Row("supported", 1.05, 1.9), "week"));
        Assert.Equal("The data can't tell whether 3× is reached: they allow anywhere from 0.80× to 4.00× once adopting teams may have drifted apart as much as in the worst month before adoption.",
            VerdictSentence.For(Row("inconclusive", 0.8, 4.0), "month"));
        Assert.Equal("The data cannot judge 3×: too few adopting teams.",
            VerdictSentence.For(Row("inconclusive") with { CiLow = null, CiHigh = null, Reason = "too few adopting teams" }, "month"));
    }
}

/// <summary>Counts of teams are whole numbers on every axis that shows them.</summary>
public sealed class WholeTeamAxisTests
{
    [Fact]
    public void The_cohort_axis_ticks_on_whole_teams_only()
    {
        var path = Path.Combine(Modeling.Tests.TestPaths.RepositoryRoot, "tests", "Modeling.Reporting.Tests", "Fixtures", "full-results.json");
        string html = ImpactReport.Render(File.ReadAllText(path));
        int at = html.IndexOf("var renderPlotly_chartadoption", StringComparison.Ordinal);
        Assert.True(at > 0);
        int layout = html.IndexOf("var layout", at, StringComparison.Ordinal);
        var script = html[layout..html.IndexOf("\"yaxis2\"", layout, StringComparison.Ordinal)];
        var m = System.Text.RegularExpressions.Regex.Match(script, "\"yaxis\":\\{.*\"dtick\":(\\d+)");
        Assert.True(m.Success, "the cohort chart's team axis has a whole-number tick step");
        Assert.True(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }
}

/// <summary>The card says in words whether adopters were already drifting apart; the test's p-value is only an aside.</summary>
public sealed class MeasuredHowTests
{
    [Theory]
    [InlineData(0.01, "warning: the adopting teams were already drifting apart before they adopted")]
    [InlineData(0.6, "before adopting, they moved like the others")]
    public void The_pre_adoption_trend_is_read_in_words(double p, string expected)
    {
        var path = Path.Combine(Modeling.Tests.TestPaths.RepositoryRoot, "tests", "Modeling.Reporting.Tests", "Fixtures", "full-results.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        json["mandates"]![0]!["pretrend_p_value"] = p;
        string text = System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlDecode(ImpactReport.Render(json.ToJsonString())), "<[^>]+>", "");
        Assert.Contains("How it was measuredAdopting teams against teams not yet using AI; " + expected, text);
    }
}
