using Modeling.Estimation.BeforeAfter;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Estimation.Tests.Contract;

/// <summary>
/// One suite over every panel estimator (as ML.NET's TestEstimatorCore and scikit-learn's check_estimator run over all
/// of theirs): deterministic, the input left as it was, the same estimate whatever the row order or the unit numbering,
/// the standard error recomputed from the stored influence function, and what it cannot estimate (degenerate data, a
/// bad option) refused with <see cref="EstimationException"/> and a message naming the problem.
/// </summary>
public sealed class EstimatorContractTests
{
    /// <summary>Every panel estimator in the configurations analyze runs, by name.</summary>
    private static readonly Dictionary<string, Func<double, Func<PanelData, IEffectEstimate>>> Estimators = new()
    {
        ["naive_before_after"] = level => data => new NaiveBeforeAfter { ConfidenceLevel = level }.Fit(data),
        ["twfe_poisson"] = level => data => new Twfe { Model = TwfeModel.Poisson, ConfidenceLevel = level }.Fit(data),
        ["twfe_ols_log"] = level => data => new Twfe { Model = TwfeModel.Ols, OutcomeScale = OutcomeScale.Log, ConfidenceLevel = level }.Fit(Logged(data)),
        ["staggered_did_not_yet_log"] = level => data => new StaggeredDid
        {
            ControlGroup = ControlGroup.NotYetTreated, Scale = EffectScale.Log, ConfidenceLevel = level, Bootstrap = null,
        }.Fit(data),
        ["staggered_did_never_ratio"] = level => data => new StaggeredDid
        {
            ControlGroup = ControlGroup.NeverTreated, Scale = EffectScale.Ratio, ConfidenceLevel = level, Bootstrap = null,
        }.Fit(data),
        ["imputation_poisson"] = level => data => new ImputationDid { Form = ImputationForm.Poisson, ConfidenceLevel = level }.Fit(data),
        ["imputation_log"] = level => data => new ImputationDid { Form = ImputationForm.Log, ConfidenceLevel = level }.Fit(data),
    };

    public static TheoryData<string> Names => [.. Estimators.Keys];

    private static IEffectEstimate Fit(string name, PanelData data) => Estimators[name](0.95)(data);

    [Theory]
    [MemberData(nameof(Names))]
    public void The_same_input_gives_the_same_result(string name)
    {
        var data = Panel(seed: 1);
        var (a, b) = (Fit(name, data), Fit(name, data));
        Assert.Equal(a.Effect, b.Effect);
        Assert.Equal(a.Multiplier, b.Multiplier);
        Assert.Equal((a.ClusterCount, a.ObservationCount), (b.ClusterCount, b.ObservationCount));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_input_is_left_as_it_was(string name)
    {
        var data = Panel(seed: 2);
        var (unit, time, outcome, cohort, labels) = (data.Unit.ToArray(), data.Time.ToArray(), data.Outcome.ToArray(), data.Cohort!.ToArray(), data.UnitLabels.ToArray());
        Fit(name, data);
        Assert.Equal(unit, data.Unit);
        Assert.Equal(time, data.Time);
        Assert.Equal(outcome, data.Outcome);
        Assert.Equal(cohort, data.Cohort!);
        Assert.Equal(labels, data.UnitLabels);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Row_order_does_not_change_the_estimate(string name)
    {
        var data = Panel(seed: 3);
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Random(7).Shuffle(order);
        var shuffled = new PanelData([.. order.Select(i => data.Unit[i])], [.. order.Select(i => data.Time[i])], [.. order.Select(i => data.Outcome[i])],
            data.UnitLabels, [.. order.Select(i => data.Cohort![i])], outcomeName: data.OutcomeName);
        AssertSameEstimate(Fit(name, data), Fit(name, shuffled));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Numbering_the_units_differently_does_not_change_the_estimate(string name)
    {
        var data = Panel(seed: 4);
        var relabel = Enumerable.Range(0, data.UnitCount).ToArray();
        new Random(9).Shuffle(relabel); // old index → new index
        var labels = new string[data.UnitCount];
        for (int u = 0; u < data.UnitCount; u++) labels[relabel[u]] = data.UnitLabels[u];
        var renumbered = new PanelData([.. data.Unit.Select(u => relabel[u])], data.Time, data.Outcome, labels, data.Cohort, outcomeName: data.OutcomeName);
        AssertSameEstimate(Fit(name, data), Fit(name, renumbered));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_standard_error_is_the_one_the_influence_function_gives(string name)
    {
        var fit = Fit(name, Panel(seed: 5));
        var influence = Assert.IsAssignableFrom<IReadOnlyList<double>>(fit.Influence);
        double se = Math.Sqrt(fit.InfluenceVarianceFactor * influence.Sum(v => v * v));
        Assert.Equal(fit.Effect.StandardError, se, fit.Effect.StandardError * 1e-9);
        Assert.True(fit.ClusterCount >= 2 && fit.ObservationCount >= fit.ClusterCount, $"{fit.ClusterCount} clusters, {fit.ObservationCount} observations");
        Assert.False(string.IsNullOrWhiteSpace(fit.CovarianceType));
        Assert.NotNull(fit.Multiplier);
        Assert.Equal(fit.Effect.ConfidenceLevel, fit.Multiplier!.ConfidenceLevel);
    }

    /// <summary>Panels no estimator can estimate an effect from.</summary>
    public static TheoryData<string, string> Degenerate()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Estimators.Keys)
            foreach (var kind in new[] { "no adopting unit", "every unit adopts at once with no untreated period", "one unit", "one period", "zero outcome" })
                if (!(name == "naive_before_after" && kind == "one period")) // naive compares adopters' levels across units: it needs no time
                    data.Add(name, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Degenerate))]
    public void Data_it_cannot_estimate_from_is_refused_with_an_estimation_exception(string name, string kind)
    {
        var panel = Panel(seed: 6);
        var degenerate = kind switch
        {
            "no adopting unit" => panel.WithCohort([.. panel.Cohort!.Select(_ => PanelData.NeverTreated)]),
            "every unit adopts at once with no untreated period" => panel.WithCohort([.. panel.Cohort!.Select(_ => panel.Time.Min())]),
            "one unit" => panel.Rows([.. Enumerable.Range(0, panel.Count).Where(i => panel.Unit[i] == 0)])!,
            "one period" => panel.Rows([.. Enumerable.Range(0, panel.Count).Where(i => panel.Time[i] == 5)])!,
            _ => panel.WithOutcome([.. panel.Outcome.Select(_ => 0.0)], panel.OutcomeName),
        };
        var e = Record.Exception(() => Fit(name, degenerate));
        Assert.IsType<EstimationException>(e);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_confidence_level_outside_zero_one_is_refused_naming_the_option(string name)
    {
        foreach (double level in new[] { 0.0, 1.0, 1.5, double.NaN })
        {
            var e = Record.Exception(() => Estimators[name](level)(Panel(seed: 7)));
            Assert.IsType<EstimationException>(e);
            Assert.Contains("ConfidenceLevel", e!.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static void AssertSameEstimate(IEffectEstimate expected, IEffectEstimate actual)
    {
        Assert.Equal(expected.Effect.Estimate, actual.Effect.Estimate, Math.Abs(expected.Effect.Estimate) * 1e-9 + 1e-12);
        Assert.Equal(expected.Effect.StandardError, actual.Effect.StandardError, expected.Effect.StandardError * 1e-9);
        Assert.Equal((expected.ClusterCount, expected.ObservationCount), (actual.ClusterCount, actual.ObservationCount));
    }

    /// <summary>
    /// A staggered count panel: 40 units over 12 periods, cohorts at periods 4, 6 and 8 and never, a unit level and a
    /// common trend, ×1.3 after adoption, Poisson noise (strictly positive, so the log forms apply).
    /// </summary>
    private static PanelData Panel(int seed)
    {
        var random = new Random(seed);
        const int units = 40, periods = 12;
        int[] cohorts = [4, 6, 8, PanelData.NeverTreated];
        var unit = new List<int>();
        var time = new List<int>();
        var y = new List<double>();
        var cohort = new List<int>();
        for (int u = 0; u < units; u++)
        {
            int g = cohorts[u % cohorts.Length];
            double level = Math.Exp(1.5 + 0.5 * random.NextDouble());
            for (int t = 1; t <= periods; t++)
            {
                double mean = level * Math.Exp(0.03 * t) * (g != PanelData.NeverTreated && t >= g ? 1.3 : 1.0);
                unit.Add(u);
                time.Add(t);
                y.Add(1 + Poisson(random, mean));
                cohort.Add(g);
            }
        }
        return new PanelData(unit, time, y, [.. Enumerable.Range(0, units).Select(u => $"u{u:00}")], cohort, outcomeName: "y");
    }

    private static int Poisson(Random random, double mean)
    {
        double limit = Math.Exp(-mean), product = random.NextDouble();
        int k = 0;
        while (product > limit) { k++; product *= random.NextDouble(); }
        return k;
    }

    private static PanelData Logged(PanelData data) => data.WithOutcome([.. data.Outcome.Select(v => Math.Log(v))], data.OutcomeName);
}
