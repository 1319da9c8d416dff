using Modeling.Estimation.Inference;
using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.Tests.Contract;

/// <summary>
/// The estimator contract for the two ML.NET estimators, whose input is not a PanelData: deterministic for a seed, the
/// input left as it was, the one face (<see cref="IEffectEstimate"/>) filled in, and a bad confidence level refused with
/// <see cref="EstimationException"/> naming the option.
/// </summary>
public sealed class LearnerContractTests
{
    /// <summary>40 clusters × 12 rows: y = 0.3·d + x₁ + noise, d depending on x₁ (confounded), x₂ noise.</summary>
    private static DmlInput DmlData()
    {
        var random = new Random(5);
        int n = 480;
        var x = new double[n][];
        var d = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = [random.NextDouble(), random.NextDouble()];
            d[i] = 0.5 * x[i][0] + 0.5 * random.NextDouble();
            y[i] = 0.3 * d[i] + x[i][0] + 0.1 * (random.NextDouble() - 0.5);
        }
        return new DmlInput(y, d, x, ["x1", "x2"], [.. Enumerable.Range(0, n).Select(i => i / 12)], "y", "d");
    }

    /// <summary>30 teams × 10 periods, half adopting at period 6 with ×1.2; team level and a common trend.</summary>
    private static CounterfactualInput CounterfactualData()
    {
        var random = new Random(9);
        var (y, treated, teams, periods, features) = (new List<double>(), new List<bool>(), new List<string>(), new List<int>(), new List<double[]>());
        for (int g = 0; g < 30; g++)
        {
            double level = 5 + 5 * random.NextDouble();
            for (int t = 1; t <= 10; t++)
            {
                bool on = g % 2 == 0 && t >= 6;
                y.Add(level * (1 + 0.02 * t) * (on ? 1.2 : 1.0) * (0.95 + 0.1 * random.NextDouble()));
                treated.Add(on);
                teams.Add($"t{g:00}");
                periods.Add(t);
                features.Add([g % 3, level]);
            }
        }
        return new CounterfactualInput(y, treated, teams, periods, features, ["group", "size"], "y");
    }

    private static readonly DoubleMachineLearning Dml = new() { Learner = DmlLearner.Linear, Folds = 3, Repetitions = 2, Seed = 4 };
    private static readonly CounterfactualModel Counterfactual = new() { Folds = 3, BootstrapDraws = 60, Seed = 4 };

    [Fact]
    public void Double_machine_learning_keeps_the_contract()
    {
        var input = DmlData();
        var outcome = input.Outcome.ToArray();
        IEffectEstimate a = Dml.Fit(input), b = Dml.Fit(input);
        Assert.Equal(a.Effect, b.Effect);
        Assert.Equal(outcome, input.Outcome);
        Assert.Equal((40, 480), (a.ClusterCount, a.ObservationCount));
        Assert.False(string.IsNullOrWhiteSpace(a.CovarianceType));
        Assert.Null(a.Influence);
        var e = Assert.Throws<EstimationException>(() => (Dml with { ConfidenceLevel = 1.5 }).Fit(input));
        Assert.Contains("ConfidenceLevel", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_counterfactual_model_keeps_the_contract()
    {
        var input = CounterfactualData();
        var outcome = input.Outcome.ToArray();
        IEffectEstimate a = Counterfactual.Fit(input), b = Counterfactual.Fit(input);
        Assert.Equal(a.Effect, b.Effect);
        Assert.Equal(a.Multiplier, b.Multiplier);
        Assert.Equal(outcome, input.Outcome);
        Assert.Equal((30, 300), (a.ClusterCount, a.ObservationCount));
        Assert.NotNull(a.Multiplier);
        var e = Assert.Throws<EstimationException>(() => (Counterfactual with { ConfidenceLevel = 0 }).Fit(input));
        Assert.Contains("ConfidenceLevel", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
