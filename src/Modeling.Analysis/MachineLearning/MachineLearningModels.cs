using Modeling.Panel;
using Modeling.Estimation.Regression;
using Modeling.Results;

namespace Modeling.Analysis.MachineLearning;

/// <summary>What the ML.NET models add to the results.</summary>
/// <param name="Effects">DML's multiplier per outcome, then the counterfactual model's.</param>
/// <param name="DoseResponse">DML's multiplier at each adoption share.</param>
/// <param name="EValues">The E-value refutation row of each DML fit.</param>
/// <param name="DoseRange">The observed range of the treatment, from the first fit.</param>
/// <param name="CounterfactualModels">The saved counterfactual models and their accuracy.</param>
/// <param name="Dml">The DML fit per outcome (the adoption a target would need is read from it).</param>
public sealed record MachineLearningResults(
    IReadOnlyList<EffectRow> Effects,
    IReadOnlyList<DoseResponseRow> DoseResponse,
    IReadOnlyList<RefutationRow> EValues,
    DoseRange? DoseRange,
    IReadOnlyList<CounterfactualModel> CounterfactualModels,
    IReadOnlyDictionary<string, DmlOutcome> Dml)
{
    public static MachineLearningResults None { get; } = new([], [], [], null, [], new Dictionary<string, DmlOutcome>());
}

/// <summary>
/// The ML.NET models on the headline outcomes: double machine learning (effect, dose-response, E-value), then the
/// counterfactual model (effect, saved model). A model that cannot be fitted on an outcome becomes a warning.
/// </summary>
public static class MachineLearningModels
{
    public static MachineLearningResults Run(TeamPanel panel, IReadOnlyList<string> outcomes, AnalysisOptions options,
        IReadOnlyDictionary<string, double> teamSizes, List<string> warnings, Action<string> progress)
    {
        var effects = new List<EffectRow>();
        var doses = new List<DoseResponseRow>();
        var eValues = new List<RefutationRow>();
        var dml = new Dictionary<string, DmlOutcome>(StringComparer.Ordinal);
        DoseRange? range = null;
        foreach (var name in outcomes)
        {
            progress(Messages.MachineLearningProgress(DmlAnalysis.Estimator, name));
            try
            {
                var fit = DmlAnalysis.Fit(panel, name, options.Seed, options.ConfidenceLevel);
                if (fit.ZeroRowsLeftOut > 0) warnings.Add(Messages.DmlZeroRows(name, fit.ZeroRowsLeftOut));
                dml[name] = fit;
                effects.Add(DmlAnalysis.EffectOf(fit));
                doses.AddRange(DmlAnalysis.DoseRows(fit));
                eValues.Add(DmlAnalysis.EValueRow(fit));
                range ??= new DoseRange(PanelColumns.AiActiveShare, fit.Dose.ObservedMin, fit.Dose.ObservedMax); // the raw shares, not the within-transformed ones
            }
            catch (EstimationException e)
            {
                warnings.Add(Messages.EstimatorFailed(DmlAnalysis.Estimator, name, e.Message.Split('\n')[0].Trim()));
            }
        }
        var counterfactual = new List<CounterfactualModel>();
        foreach (var name in outcomes)
        {
            progress(Messages.MachineLearningProgress(CounterfactualAnalysis.Estimator, name));
            try
            {
                var (effect, model) = CounterfactualAnalysis.FitAndSave(panel, name, options.Seed, options.ConfidenceLevel, options.OutputFolder, teamSizes);
                effects.Add(effect);
                counterfactual.Add(model);
            }
            catch (EstimationException e)
            {
                warnings.Add(Messages.EstimatorFailed(CounterfactualAnalysis.Estimator, name, e.Message.Split('\n')[0].Trim()));
            }
        }
        return new MachineLearningResults(effects, doses, eValues, range, counterfactual, dml);
    }
}
