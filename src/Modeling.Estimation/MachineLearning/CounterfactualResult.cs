using Modeling.Estimation.Inference;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// Cross-validated accuracy of the counterfactual model on untreated rows, folds split by team. Each held-out team's
/// level comes from the first half of its untreated periods and the second half is predicted, as the model predicts an
/// adopted team's later months from its earlier ones.
/// </summary>
/// <param name="RSquared">1 − Σ(y − ŷ)² / Σ(y − ȳ)² over the predicted held-out rows.</param>
/// <param name="MeanAbsolutePercentageError">Mean of |y − ŷ| / y over the predicted held-out rows with y &gt; 0, as a fraction (0.12 = 12%).</param>
/// <param name="Folds">Number of folds.</param>
/// <param name="Rows">Held-out rows predicted.</param>
/// <param name="Teams">Held-out teams predicted.</param>
public sealed record CounterfactualAccuracy(double RSquared, double MeanAbsolutePercentageError, int Folds, int Rows, int Teams);

/// <summary>
/// One adopted team's multiplier: Σ observed ÷ Σ predicted without AI over its adopted periods, with a split-conformal
/// interval (see <see cref="CounterfactualModel"/>; 0 or +∞ at an end when too few teams were held out for the level).
/// </summary>
public sealed record CounterfactualTeamEffect(string TeamId, double Multiplier, double CiLow, double CiHigh, int AdoptedPeriods, double Observed, double Predicted);

/// <summary>The fitted counterfactual model (immutable).</summary>
public sealed class CounterfactualResult : IEffectEstimate
{
    internal CounterfactualResult(CounterfactualModel options, string outcomeName, Multiplier multiplier, Effect logEffect,
        double teamBootstrapSe, double modelJackknifeSe, double observed, double predicted, IReadOnlyList<CounterfactualTeamEffect> perTeam,
        CounterfactualAccuracy accuracy, int trainingRows, int trainingTeams, int adoptedRows, int adoptedTeams, int unpredictableRows,
        IReadOnlyList<double> bootstrapLogMultipliers, IReadOnlyList<double> foldLogMultipliers, IReadOnlyList<double> heldOutTeamLogErrors,
        IReadOnlyList<double> predictions, CounterfactualPredictor predictor, int observationCount, int clusterCount)
    {
        ObservationCount = observationCount;
        ClusterCount = clusterCount;
        Options = options;
        OutcomeName = outcomeName;
        Multiplier = multiplier;
        LogEffect = logEffect;
        TeamBootstrapStandardError = teamBootstrapSe;
        ModelJackknifeStandardError = modelJackknifeSe;
        ObservedTotal = observed;
        PredictedTotal = predicted;
        PerTeam = perTeam;
        Accuracy = accuracy;
        TrainingRows = trainingRows;
        TrainingTeams = trainingTeams;
        AdoptedRows = adoptedRows;
        AdoptedTeams = adoptedTeams;
        UnpredictableRows = unpredictableRows;
        BootstrapLogMultipliers = bootstrapLogMultipliers;
        FoldLogMultipliers = foldLogMultipliers;
        HeldOutTeamLogErrors = heldOutTeamLogErrors;
        Predictions = predictions;
        Predictor = predictor;
    }

    public CounterfactualModel Options { get; }
    public string OutcomeName { get; }

    /// <summary>Rows of the input (training, adopted and unpredictable alike).</summary>
    public int ObservationCount { get; }

    /// <summary>Teams of the input: the units the adopted teams are resampled among.</summary>
    public int ClusterCount { get; }

    public const string CovarianceType = "log multiplier: bootstrap over adopted teams (model fixed) combined with a jackknife over cross-fitting folds";

    Effect IEffectEstimate.Effect => LogEffect;
    Multiplier? IEffectEstimate.Multiplier => Multiplier;
    string IEffectEstimate.CovarianceType => CovarianceType;
    IReadOnlyList<double>? IEffectEstimate.Influence => null;
    double IEffectEstimate.InfluenceVarianceFactor => double.NaN;
    /// <summary>Σ observed ÷ Σ predicted without AI over the predicted adopted team-periods, with its interval and p-value (H0: 1).</summary>
    public Multiplier Multiplier { get; }
    /// <summary>log of the multiplier with the combined standard error (teams bootstrap ⊕ model jackknife).</summary>
    public Effect LogEffect { get; }
    /// <summary>SE of log multiplier from resampling adopted teams (their outcomes and their own levels) with the model fixed.</summary>
    public double TeamBootstrapStandardError { get; }
    /// <summary>SE of log multiplier from refitting the model without each fold of teams (grouped jackknife).</summary>
    public double ModelJackknifeStandardError { get; }
    public double ObservedTotal { get; }
    public double PredictedTotal { get; }
    /// <summary>Adopted teams with at least one predicted adopted period, ordinal by team id.</summary>
    public IReadOnlyList<CounterfactualTeamEffect> PerTeam { get; }
    public CounterfactualAccuracy Accuracy { get; }
    /// <summary>Untreated rows the final model was trained on.</summary>
    public int TrainingRows { get; }
    public int TrainingTeams { get; }
    /// <summary>Adopted team-periods predicted (the multiplier's rows).</summary>
    public int AdoptedRows { get; }
    public int AdoptedTeams { get; }
    /// <summary>Adopted team-periods that could not be predicted (their team has no untreated row with a non-zero outcome).</summary>
    public int UnpredictableRows { get; }
    /// <summary>log multiplier of each bootstrap draw of adopted teams.</summary>
    public IReadOnlyList<double> BootstrapLogMultipliers { get; }
    /// <summary>log multiplier with the model of each cross-validation fold (trained without that fold's teams).</summary>
    public IReadOnlyList<double> FoldLogMultipliers { get; }
    /// <summary>log(Σ y ÷ Σ ŷ) of each held-out team's predicted window in cross-validation: the no-effect error distribution behind the per-team intervals.</summary>
    public IReadOnlyList<double> HeldOutTeamLogErrors { get; }
    /// <summary>The predicted outcome without AI per input row (NaN where the team has no level); untreated rows are in-sample fits.</summary>
    public IReadOnlyList<double> Predictions { get; }
    /// <summary>The trained model, for prediction on new rows and for <see cref="Save"/>.</summary>
    public CounterfactualPredictor Predictor { get; }

    /// <summary>Writes the trained model to <paramref name="stream"/> (see <see cref="CounterfactualPredictor.Save"/>).</summary>
    public void Save(Stream stream) => Predictor.Save(stream);
}
