using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Modeling.Estimation.Data;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Estimation.Imputation;

/// <summary>
/// The pre-trend test that belongs to the imputation estimator (Borusyak, Jaravel &amp; Spiess 2024, "Test 1"): on the
/// untreated observations only, the same two-way fixed-effects model (Poisson or OLS on logs, as the estimate) plus
/// one indicator per period before adoption, <c>y_it = α_i + β_t + Σ_k γ_k·1[t = G_i − k]</c>, and a team-clustered
/// Wald test of γ = 0. It tests parallel trends on the scale the headline estimate assumes them, unlike a level or
/// ratio test whose rejection says nothing about multiplicative trends.
/// </summary>
public sealed record ImputationPreTrend
{
    public ImputationForm Form { get; init; } = ImputationForm.Poisson;

    /// <summary>Periods before adoption tested (leads 1..Leads).</summary>
    public int Leads { get; init; } = 6;

    public ImputationPreTrendResult Fit(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (Leads < 1) throw new ArgumentOutOfRangeException(nameof(panel), Leads, "The 'Leads' parameter of ImputationPreTrend must be at least 1.");
        var cohort = panel.Cohort ?? throw new EstimationException(Messages.MissingCohort("The imputation pre-trend test"));
        var treated = Twfe.AdoptionIndicator(panel.Time, cohort);
        var y = new ImputationDid { Form = Form }.Outcome(panel);
        var rows = Enumerable.Range(0, panel.Count).Where(i => treated[i] == 0).ToArray();
        if (rows.Length == 0) throw new EstimationException(Messages.NoUntreatedObservations);

        var leads = Enumerable.Range(1, Leads).Select(k => new Regressor(
            $"lead_{k}", [.. rows.Select(i => cohort[i] != PanelData.NeverTreated && panel.Time[i] == cohort[i] - k ? 1.0 : 0.0)])).ToList();
        var input = new RegressionInput([.. rows.Select(i => y[i])], leads, [.. rows.Select(i => panel.Unit[i])],
            [.. rows.Select(i => panel.Time[i])], panel.Weight is null ? null : [.. rows.Select(i => panel.Weight[i])], panel.OutcomeName);
        var fit = Form == ImputationForm.Poisson ? FixedEffectsRegression.Poisson(input) : FixedEffectsRegression.Ols(input);

        int k = fit.Terms.Count;
        var coefficients = fit.Terms.Select((t, j) => new LeadEffect(int.Parse(t["lead_".Length..], System.Globalization.CultureInfo.InvariantCulture),
            fit.Coefficients[j], fit.StandardError(j))).ToList();
        PreTrendTest? test = null;
        double? detectable = null;
        if (k > 0)
        {
            var v = Matrix<double>.Build.Dense(k, k, (a, b) => fit.Covariance(a, b));
            var g = Vector<double>.Build.Dense([.. fit.Coefficients]);
            // A singular covariance (a lead with one cluster) has no Wald statistic.
            if (v.Rank() == k)
            {
                double w = g * v.Solve(g);
                test = new PreTrendTest(w, k, 1 - ChiSquared.CDF(k, w));
                // Roth (2022)'s pre-test power: the linear pre-trend (γ_k = −slope·k, k periods before adoption) this test
                // rejects 80 % of the time at the 5 % level has noncentrality slope²·d'V⁻¹d = λ₈₀.
                var d = Vector<double>.Build.Dense(k, j => -coefficients[j].PeriodsBeforeAdoption);
                double information = d * v.Solve(d);
                detectable = Math.Sqrt(Numerics.NoncentralChiSquared.NoncentralityForPower(k, 0.8) / information);
            }
        }
        return new ImputationPreTrendResult(this, test, coefficients, fit.DroppedTerms, fit.ClusterCount, fit.ObservationCount)
        {
            DetectableSlope = detectable,
        };
    }
}

/// <summary>A lead's coefficient γ_k (log scale) and its clustered SE; exp(γ_k) is the pre-adoption multiplier k periods before.</summary>
public sealed record LeadEffect(int PeriodsBeforeAdoption, double Coefficient, double StandardError);

public sealed record ImputationPreTrendResult(
    ImputationPreTrend Options, PreTrendTest? Test, IReadOnlyList<LeadEffect> Leads, IReadOnlyList<DroppedTerm> DroppedLeads,
    int ClusterCount, int ObservationCount)
{
    /// <summary>
    /// The pre-test's power (Roth 2022): the slope per period (log scale) of a linear pre-trend, γ_k = −slope·k, that the
    /// test detects with 80 % probability at the 5 % level; a passed test says nothing about trends smaller than this.
    /// Null without a test.
    /// </summary>
    public double? DetectableSlope { get; init; }
}
