using Modeling.Estimation.MachineLearning;
using Modeling.Results;
using CounterfactualModel = Modeling.Results.CounterfactualModel;
using CounterfactualFit = Modeling.Estimation.MachineLearning.CounterfactualModel;
using Modeling.Panel;

namespace Modeling.Analysis.MachineLearning;

/// <summary>
/// The counterfactual model of one outcome: FastTree trained on untreated team-periods with the team's
/// attributes (org, service tier, language as codes) and size as features (the model adds the period and the team's
/// own level), saved to models/&lt;outcome&gt;.zip so the monthly job can reuse and compare it.
/// </summary>
public static class CounterfactualAnalysis
{
    public const string Estimator = "counterfactual_model";
    public const string ModelsFolder = "models";

    public static readonly IReadOnlyList<string> Features = ["org", "service_tier", "primary_language", "engineers"];

    public static CounterfactualInput InputFor(TeamPanel panel, string outcome)
    {
        var y = panel.Values(outcome);
        var codes = new[] { PanelColumns.Org, PanelColumns.ServiceTier, PanelColumns.PrimaryLanguage }
            .Select(c => DmlAnalysis.Codes(panel.Teams.Select(t => c == PanelColumns.Org ? t.Org : c == PanelColumns.ServiceTier ? t.ServiceTier : t.PrimaryLanguage)))
            .ToArray();
        var rows = Enumerable.Range(0, panel.RowCount).Where(r => double.IsFinite(y[r])).ToArray();
        return new CounterfactualInput(
            [.. rows.Select(r => y[r])],
            [.. rows.Select(r => panel.Cohort[r] != 0 && panel.PeriodIndex[r] >= panel.Cohort[r])],
            [.. rows.Select(r => panel.TeamIds[panel.TeamIndex[r]])],
            [.. rows.Select(r => panel.PeriodIndex[r])],
            [.. rows.Select(r => new[] { codes[0][panel.TeamIndex[r]], codes[1][panel.TeamIndex[r]], codes[2][panel.TeamIndex[r]], panel.Engineers[r] })],
            Features, outcome);
    }

    /// <summary>Fits, saves the model under <paramref name="outputFolder"/>/models and returns the effects and results rows.</summary>
    public static (EffectRow Effect, CounterfactualModel Model) FitAndSave(TeamPanel panel, string outcome, int seed, double confidenceLevel,
        string outputFolder, IReadOnlyDictionary<string, double> teamSizes)
    {
        var input = InputFor(panel, outcome);
        var fit = new CounterfactualFit { Seed = seed, ConfidenceLevel = confidenceLevel }.Fit(input);
        var relative = $"{ModelsFolder}/{outcome}.zip";
        Directory.CreateDirectory(Path.Combine(outputFolder, ModelsFolder));
        using (var file = File.Create(Path.Combine(outputFolder, ModelsFolder, outcome + ".zip"))) fit.Save(file);

        double threshold = panel.Options.SmallGroupThreshold;
        var shown = fit.PerTeam.Where(t => teamSizes.TryGetValue(t.TeamId, out var e) && e >= threshold)
            .OrderBy(t => t.TeamId, StringComparer.Ordinal)
            .Select(t => new TeamUplift(t.TeamId, t.Multiplier, t.CiLow, t.CiHigh, teamSizes[t.TeamId])).ToArray();
        var effect = EffectRows.From(outcome, Estimator, fit, "ratio_of_means");
        var model = new CounterfactualModel
        {
            Outcome = outcome,
            ModelFile = relative,
            CvR2 = fit.Accuracy.RSquared,
            CvMape = fit.Accuracy.MeanAbsolutePercentageError,
            CvFolds = fit.Accuracy.Folds,
            TrainingRows = fit.TrainingRows,
            PerTeam = shown,
            SuppressedTeams = fit.PerTeam.Count - shown.Length,
        };
        return (effect, model);
    }
}
