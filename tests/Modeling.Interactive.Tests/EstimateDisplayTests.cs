using Modeling.Analysis.Estimates;
using Modeling.Estimation.GoodmanBacon;
using Modeling.Estimation.Sensitivity;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Interactive.Data;
using Modeling.Interactive.Display;
using Microsoft.Data.Analysis;
using Modeling.Tests;

namespace Modeling.Interactive.Tests;

/// <summary>The display of the estimators a notebook reaches beyond the headline ones, and of any CONTRACT §5 document.</summary>
public class EstimateDisplayTests
{
    // castle writes never treated as NA: the estimate reader takes that as R does.
    private static Estimation.Data.PanelData Castle() => EstimateInput.ReadPanel(Path.Combine(TestPaths.RefData, "castle_bacondecomp.csv"),
        new EstimateInput.PanelColumns("state", "year", "l_homicide", "effyear", null, []), new Ingest.Panels.PanelFileOptions()).Data;

    private static Estimation.Data.PanelData Mpdta() => PanelFrames.ToPanelData(
        DataFrame.LoadCsv(Path.Combine(TestPaths.RefData, "mpdta.csv"), dataTypes: [typeof(int), typeof(int), typeof(double), typeof(double), typeof(int), typeof(int)]),
        "countyreal", "year", "lemp", "first.treat");

    [Fact]
    public void The_bacon_decomposition_shows_its_types_and_the_twfe_coefficient()
    {
        var text = EstimateSummaries.Of(new BaconDecomposition().Fit(Castle())).ToText();
        Assert.Matches(@"TWFE coefficient:\s+0\.08181", text);
        Assert.Matches(@"TreatedVsUntreated\s+0\.90834\s+0\.08796", text); // bacondecomp's vignette
    }

    [Fact]
    public void Extended_twfe_shows_its_overall_effect_and_event_times()
    {
        var text = EstimateSummaries.Of(new ExtendedTwfe { Model = TwfeModel.Ols }.Fit(Mpdta())).ToText();
        Assert.Matches(@"overall \[CI\]:\s+-0\.0477", text);
        Assert.Matches(@"\n0\s+-0\.0311", text);
    }

    [Fact]
    public void An_estimate_document_shows_its_fields_and_one_table_per_list()
    {
        var fit = new StaggeredDid { Bootstrap = null, BasePeriod = BasePeriod.Universal }.Fit(Mpdta());
        var document = EventStudySensitivity.Analyse(EventStudyEstimates.FromStaggered(fit, int.MinValue, int.MaxValue),
            new SensitivityRequest(false, [0, 0.5, 1], false, 1), "staggered_did", fit.ObservationCount, fit.UnitCount, null,
            new EstimateContext("lemp", new Dictionary<string, long>()));
        var summary = EstimateSummaries.Of(document);
        Assert.Equal("sensitivity — lemp", summary.Title);
        Assert.Contains(("restriction", "relative_magnitudes"), summary.Facts);
        var intervals = summary.Tables.Single(t => t.Caption == "intervals");
        Assert.Equal(3, intervals.Rows.Count);
        // HonestDiD: [-0.1155, -0.0388] at Mbar = 0, up to the simulated least-favourable critical value.
        Assert.Equal("0", intervals.Rows[0][0]);
        Assert.InRange(double.Parse(intervals.Rows[0][1], System.Globalization.CultureInfo.InvariantCulture), -0.1155 - 5e-3, -0.1155 + 5e-3);
        Assert.InRange(double.Parse(intervals.Rows[0][2], System.Globalization.CultureInfo.InvariantCulture), -0.0388 - 5e-3, -0.0388 + 5e-3);
        Assert.Contains("<table", summary.ToHtml());
    }
}
