using System.Text.Json;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Tests.Regression;

namespace Modeling.Estimation.Tests.Imputation;

/// <summary>
/// The imputation event study (universal base −1) against Fixtures/imputation_event_study_oracle.R (dense lm/glm fits per
/// horizon on moved cohorts, leave-out influences differenced against event time −1). Tolerance 1e-6 relative on every
/// estimate and covariance entry.
/// </summary>
public sealed class ImputationEventStudyTests
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string> Cases() => new() { "mpdta_linear", "count_poisson" };

    private static PanelData Data(string name)
    {
        if (name.StartsWith("mpdta", StringComparison.Ordinal))
        {
            var t = TestData.Mpdta();
            return TestData.Panel(t, "countyreal", "year", "lemp", cohort: t.Ints("first.treat"));
        }
        var c = TestData.CountPanel();
        return TestData.Panel(c, "unit", "period", "y", cohort: c.Ints("cohort"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Estimates_and_covariance_match_the_R_oracle(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.FixturePath("imputation_event_study_oracle.json")));
        var o = doc.RootElement.GetProperty("cases").GetProperty(name);
        var options = new ImputationEventStudy
        {
            Form = o.GetProperty("form").GetString() == "poisson" ? ImputationForm.Poisson : ImputationForm.Linear,
            Leads = o.GetProperty("leads").GetInt32(),
            LastEventTime = o.GetProperty("last").GetInt32(),
        };
        var result = options.Fit(Data(name));
        var es = result.EventStudy;
        Assert.Equal(o.GetProperty("event_times").EnumerateArray().Select(e => e.GetInt32()), es.EventTimes);
        var expected = o.GetProperty("estimates").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < expected.Length; i++) TestData.Close(expected[i], es.Estimates[i], Tolerance, $"{name} beta[{es.EventTimes[i]}]");
        var cov = o.GetProperty("covariance").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var got = es.Covariance;
        for (int i = 0; i < cov.Length; i++)
            for (int j = 0; j < cov.Length; j++) TestData.Close(cov[i][j], got[i, j], Tolerance, $"{name} cov[{i},{j}]");
        Assert.Equal(1, result.PostWeights.Sum(), 12);
    }

    [Fact]
    public void Teams_adopting_within_the_leads_of_the_start_are_left_out_and_counted()
    {
        // mpdta starts in 2003; with two leads the 2004 cohort has no period left before its moved cohort (2002).
        var result = new ImputationEventStudy { Form = ImputationForm.Linear, Leads = 2, LastEventTime = 1 }.Fit(Data("mpdta_linear"));
        var t = TestData.Mpdta();
        int cohort2004 = t.Ints("first.treat").Zip(t.Ints("countyreal")).Where(p => p.First == 2004).Select(p => p.Second).Distinct().Count();
        Assert.Equal(cohort2004, result.UnitsLeftOut);
    }

    [Fact]
    public void Too_few_leads_are_refused_with_the_parameter_named()
    {
        var e = Assert.Throws<EstimationException>(() => new ImputationEventStudy { Leads = 1 }.Fit(Data("count_poisson")));
        Assert.Equal("The 'Leads' parameter of ImputationEventStudy must be at least 2 (event time -1 is the reference). Got 1 instead.", e.Message);
    }
}

/// <summary>A mandate's baseline window: adopting units' levels come from those periods only.</summary>
public sealed class ImputationBaselineTests
{
    [Fact]
    public void An_adopter_baseline_equals_leaving_out_the_adopters_other_untreated_periods()
    {
        var t = TestData.Mpdta();
        var panel = TestData.Panel(t, "countyreal", "year", "lemp", cohort: t.Ints("first.treat"));
        var cohort = panel.Cohort!;
        var withBaseline = new ImputationDid { Form = ImputationForm.Linear, AdopterBaseline = new PeriodRange(2003, 2004) }.Fit(panel);
        var keep = Enumerable.Range(0, panel.Count)
            .Where(i => cohort[i] == PanelData.NeverTreated || panel.Time[i] >= cohort[i] || panel.Time[i] <= 2004).ToArray();
        var subset = new ImputationDid { Form = ImputationForm.Linear }.Fit(panel.Rows(keep)!);
        Assert.Equal(subset.Overall.Estimate, withBaseline.Overall.Estimate, 12);
        Assert.Equal(subset.Overall.StandardError, withBaseline.Overall.StandardError, 12);
        Assert.NotEqual(new ImputationDid { Form = ImputationForm.Linear }.Fit(panel).Overall.Estimate, withBaseline.Overall.Estimate);
    }
}
