using System.Runtime.Loader;
using Modeling.Results;
using Modeling.Interactive.Charting;
using Modeling.Interactive.Data;

using Modeling.Tests;

namespace Modeling.Interactive.Tests;

public class ChartTests
{
    [Fact]
    public void Plotly_NET_draws_in_its_own_load_context_with_its_own_FSharp_Core()
    {
        var chart = Charts.EventStudy(
            [Row("merged_prs", 1, 1.5, 1.25, 1.75), Row("merged_prs", -1, 1.0, 0.5, 2.0), Row("deployments", 0, 2, 1, 3)],
            "merged_prs");

        var html = chart.ToHtml();

        Assert.Contains("renderPlotly_", html);
        Assert.Contains("\"x\":[-1.0,1.0]", html);
        Assert.Contains("\"y\":[1.0,1.5]", html);
        Assert.Contains("\"error_y\":{\"visible\":true,\"type\":\"data\",\"symmetric\":false,\"array\":[1.0,0.25],\"arrayminus\":[0.5,0.25]}", html);
        var renderer = Assert.Single(AssemblyLoadContext.All, c => c.Name == "Modeling.Interactive.Charts");
        var fsharp = Assert.Single(renderer.Assemblies, a => a.GetName().Name == "FSharp.Core");
        Assert.True(fsharp.GetName().Version >= new Version(10, 1), $"FSharp.Core {fsharp.GetName().Version} in the renderer's context");
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name is "FSharp.Core" or "Plotly.NET");
    }

    [Fact]
    public void An_event_study_spec_is_sorted_by_event_time_with_a_line_at_no_change()
    {
        var spec = Charts.EventStudy([Row("y", 2, 1.5, 1.2, 1.8), Row("y", -2, 0.9, 0.8, 1.0)], "y").Spec;

        Assert.True(spec.LogY);
        Assert.Equal([-2.0, 2.0], spec.Series[0].X);
        Assert.Equal([0.8, 1.2], spec.Series[0].Low);
        Assert.Equal(SeriesKind.Reference, spec.Series[1].Kind);
        Assert.Equal([1.0, 1.0], spec.Series[1].Y);
    }

    [Fact]
    public void Charting_an_outcome_without_rows_says_so()
    {
        var e = Assert.Throws<ArgumentException>(() => Charts.EventStudy([Row("y", 0, 1, 1, 1)], "deployments"));
        Assert.StartsWith("There are no event-study rows for 'deployments' to chart.", e.Message);
    }

    [Fact]
    public void The_adoption_curve_ends_at_the_share_of_teams_that_ever_adopted()
    {
        var panel = NotebookData.Load(Path.Combine(TestPaths.DataSamples, "clean")).Panel;

        var spec = Charts.AdoptionCurve(panel).Spec;

        var adopted = spec.Series.Single(s => s.Name == "teams adopted");
        Assert.Equal(panel.PeriodLabels.Length, adopted.Y.Count);
        Assert.Equal((double)panel.Teams.Count(t => t.AdoptionPeriod is not null) / panel.Teams.Length, adopted.Y[^1], 12);
        Assert.Equal(0.0, adopted.Y[0]);
        Assert.All(adopted.Y.Zip(adopted.Y.Skip(1)), p => Assert.True(p.First <= p.Second));
        var active = spec.Series.Single(s => s.Name == "engineers active with AI");
        Assert.All(active.Y, v => Assert.InRange(v, 0, 1));
    }

    private static EventStudyRow Row(string outcome, int eventTime, double multiplier, double low, double high) =>
        new() { Outcome = outcome, EventTime = eventTime, Multiplier = multiplier, CiLow = low, CiHigh = high };
}
