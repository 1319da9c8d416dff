using System.Text;
using Modeling.Analysis.Tests.Support;
using Modeling.Estimation.BeforeAfter;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Results;

namespace Modeling.Analysis.Tests.Pipeline;

/// <summary>The one mapping from an estimator's result to an effects row, and the row's trip through results.json.</summary>
public class EffectRowsTests
{
    private static readonly Estimation.Data.PanelData Data = TestPanels.Poisson(60, 12, effect: 1.3, seed: 3);

    public static TheoryData<string> Names => ["naive_before_after", "twfe", "staggered_did", "imputation", "etwfe"];

    private static IEffectEstimate Fit(string name) => name switch
    {
        "naive_before_after" => new NaiveBeforeAfter().Fit(Data),
        "twfe" => new Twfe { Model = TwfeModel.Poisson }.Fit(Data),
        "staggered_did" => new StaggeredDid { ControlGroup = ControlGroup.NotYetTreated, Scale = EffectScale.Ratio, Bootstrap = null }.Fit(Data),
        "imputation" => new ImputationDid { Form = ImputationForm.Poisson }.Fit(Data),
        _ => new ExtendedTwfe { Model = TwfeModel.Poisson }.Fit(Data),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_result_becomes_a_row_that_survives_results_json_to_ten_digits(string name)
    {
        var fit = Fit(name);
        var row = EffectRows.From("y", name, fit, "poisson", headline: name == "imputation");
        Assert.Equal((fit.Multiplier!.Value, fit.ClusterCount, (long)fit.ObservationCount), (row.Multiplier!.Value, row.NTeams!.Value, row.NObs!.Value));

        var back = ResultsJson.Parse(Encoding.UTF8.GetString(ResultsJson.ToBytes(new ResultsDocument { Effects = [row] }))).Effects.Single();
        foreach (var (written, read) in new[] { (row.Multiplier, back.Multiplier), (row.CiLow, back.CiLow), (row.CiHigh, back.CiHigh), (row.PValue, back.PValue) })
            Assert.Equal(written!.Value, read!.Value, Math.Abs(written.Value) * 1e-9 + 1e-300);
        Assert.Equal(row with { Multiplier = back.Multiplier, CiLow = back.CiLow, CiHigh = back.CiHigh, PValue = back.PValue, CiLevel = back.CiLevel }, back);
    }

    [Fact]
    public void A_level_effect_without_a_multiplier_is_refused()
    {
        var level = new StaggeredDid { ControlGroup = ControlGroup.NotYetTreated, Scale = EffectScale.Level, Bootstrap = null }.Fit(Data);
        Assert.Null(((IEffectEstimate)level).Multiplier);
        Assert.Throws<EstimationException>(() => EffectRows.From("y", "staggered_did", level, "level"));
    }
}
