using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Regression;

namespace Modeling.Analysis.Refutations;

/// <summary>
/// The point estimate of the imputation estimator (Borusyak, Jaravel &amp; Spiess 2024) with extra regressors in the
/// untreated-outcome model: E[y | untreated] = exp(α_team + γ_period + xβ) (Poisson form) or log y = α + γ + xβ + ε
/// (log form), fitted on untreated team-periods only; the multiplier is Σ y ÷ Σ imputed (Poisson) or exp(mean(log y −
/// imputed log y)) over the imputable adopted team-periods. With no regressors it equals <see cref="ImputationDid"/>'s
/// multiplier (tested); the random-common-cause refutation adds a random regressor to it.
/// </summary>
public static class ImputationPoint
{
    public static double Multiplier(PanelData data, ImputationForm form, IReadOnlyList<Regressor> regressors)
    {
        var cohort = data.Cohort ?? throw new ArgumentException("the panel has no cohort column", nameof(data));
        if (form == ImputationForm.Linear) throw new ArgumentOutOfRangeException(nameof(form), form, "Only the Log and Poisson forms give a multiplier directly.");
        int n = data.Count;
        var y = data.Outcome.Select(v => form == ImputationForm.Log ? Math.Log(v) : v).ToArray();
        var untreated = Enumerable.Range(0, n).Where(i => cohort[i] == PanelData.NeverTreated || data.Time[i] < cohort[i]).ToArray();
        var treated = Enumerable.Range(0, n).Where(i => cohort[i] != PanelData.NeverTreated && data.Time[i] >= cohort[i]).ToArray();
        var input = new RegressionInput(
            [.. untreated.Select(i => y[i])],
            [.. regressors.Select(r => new Regressor(r.Name, [.. untreated.Select(i => r.Values[i])]))],
            [.. untreated.Select(i => data.Unit[i])], [.. untreated.Select(i => data.Time[i])],
            data.Weight is { } w0 ? [.. untreated.Select(i => w0[i])] : null, data.OutcomeName);
        var fit = form == ImputationForm.Poisson ? FixedEffectsRegression.Poisson(input) : FixedEffectsRegression.Ols(input);

        var terms = fit.Terms.Select((name, k) => (Values: regressors.Single(r => r.Name == name).Values, Beta: fit.Coefficients[k])).ToArray();
        double sumObserved = 0, sumImputed = 0, sumWeight = 0;
        foreach (int i in treated)
        {
            if (!fit.UnitEffects.TryGetValue(data.Unit[i], out var a) || !fit.PeriodEffects.TryGetValue(data.Time[i], out var g)) continue;
            double index = a + g;
            foreach (var (values, beta) in terms) index += beta * values[i];
            double p = data.Weight?[i] ?? 1.0;
            if (form == ImputationForm.Poisson) { sumObserved += p * y[i]; sumImputed += p * Math.Exp(index); }
            else { sumObserved += p * (y[i] - index); sumWeight += p; }
        }
        if (form == ImputationForm.Poisson)
            return sumImputed > 0 ? sumObserved / sumImputed : throw new EstimationException("no imputable adopted team-period");
        return sumWeight > 0 ? Math.Exp(sumObserved / sumWeight) : throw new EstimationException("no imputable adopted team-period");
    }
}
