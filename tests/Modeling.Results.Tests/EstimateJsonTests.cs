using System.Text;
using System.Text.Json;

namespace Modeling.Results.Tests;

/// <summary>The estimate JSON (CONTRACT §5): field order per family, exact numbers, non-finite as null.</summary>
public sealed class EstimateJsonTests
{
    private static string[] Names(EstimateDocument estimate)
    {
        using var document = JsonDocument.Parse(EstimateJson.ToBytes(estimate));
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    [Fact]
    public void A_coefficient_estimate_carries_its_multiplier_between_the_inference_and_the_counts()
    {
        var twfe = new CoefficientEstimate { Estimator = "twfe", Outcome = "y", Model = "poisson", Coefficient = 0.1, Multiplier = 1.105, MultiplierCiLow = 1, MultiplierCiHigh = 1.2 };
        Assert.Equal(["estimator", "outcome", "model", "coefficient", "se", "ci_low", "ci_high", "p_value", "ci_level",
            "multiplier", "multiplier_ci_low", "multiplier_ci_high", "n_obs", "n_clusters", "covariance", "dropped_rows"], Names(twfe));
        Assert.DoesNotContain("multiplier", Names(twfe with { Multiplier = null, MultiplierCiLow = null, MultiplierCiHigh = null }));
    }

    [Fact]
    public void A_dml_estimate_names_its_treatment_first_and_its_learner_after_the_counts()
    {
        var dml = new DmlEstimate { Estimator = "dml", Outcome = "y", Treatment = "d", Model = "partially_linear", RepetitionCoefficients = [0.1, 0.2] };
        Assert.Equal(["estimator", "outcome", "treatment", "model", "coefficient", "se", "ci_low", "ci_high", "p_value", "ci_level",
            "n_obs", "n_clusters", "covariance", "learner", "folds", "repetitions", "seed", "covariates", "repetition_coefficients",
            "outcome_r2", "treatment_r2", "treatment_min", "treatment_max", "dropped_rows"], Names(dml));
    }

    [Fact]
    public void Numbers_are_exact_and_non_finite_ones_null()
    {
        var json = Encoding.UTF8.GetString(EstimateJson.ToBytes(new CoefficientEstimate
        {
            Estimator = "twfe", Outcome = "y", Coefficient = 0.17633658220899912, Se = double.NaN, DroppedRows = new Dictionary<string, long> { ["suppressed"] = 3 },
        }));
        Assert.Contains("\"coefficient\": 0.17633658220899912,", json);
        Assert.Contains("\"se\": null,", json);
        Assert.Contains("\"suppressed\": 3", json);
        Assert.EndsWith("}\n", json);
    }
}
