using Modeling.Estimation.Data;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.TwoWayFixedEffects;

/// <summary>Likelihood of the two-way fixed-effects model.</summary>
public enum TwfeModel
{
    /// <summary>Least squares (levels, rates, or logs — see <see cref="OutcomeScale"/>).</summary>
    Ols,
    /// <summary>Poisson pseudo-maximum-likelihood for counts; multiplier = exp(β).</summary>
    Poisson,
}

/// <summary>What the treatment regressor is.</summary>
public enum TwfeTreatment
{
    /// <summary>Binary post-adoption indicator from the cohort column: 1 when cohort ≠ 0 and period ≥ cohort.</summary>
    Adoption,
    /// <summary>The panel's continuous treatment column (e.g. ai_active_share).</summary>
    Continuous,
}

/// <summary>Scale of the outcome as given to OLS; decides whether exp(β) is a multiplier.</summary>
public enum OutcomeScale
{
    Level,
    /// <summary>The outcome is already a logarithm, so exp(β) is the multiplier.</summary>
    Log,
}

/// <summary>Static (one treatment coefficient) or event study (relative-time dummies, reference period −1).</summary>
public enum TwfeSpecification
{
    Static,
    EventStudy,
}

/// <summary>
/// Two-way (unit and period) fixed-effects regression of the outcome on the treatment, with unit-clustered CR1
/// standard errors (<see cref="FixedEffectsFit"/>). Immutable options; <see cref="Fit"/> returns a new result.
/// </summary>
public sealed record Twfe
{
    public const string TreatedTerm = "treated";
    public const string TreatmentTerm = "treatment";

    public TwfeModel Model { get; init; } = TwfeModel.Ols;
    public TwfeTreatment Treatment { get; init; } = TwfeTreatment.Adoption;
    /// <summary>Panel covariate names to include as regressors (after the treatment).</summary>
    public IReadOnlyList<string> Covariates { get; init; } = [];
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Which fixed effects count in the SEs' small-sample K: nested (default, as fixest and reghdfe) or full.</summary>
    public FixedEffectsInK FixedEffectsInK { get; init; } = FixedEffectsInK.Nested;
    public OutcomeScale OutcomeScale { get; init; } = OutcomeScale.Level;
    public TwfeSpecification Specification { get; init; } = TwfeSpecification.Static;

    /// <summary>Name of the event-study regressor for relative period e (e.g. rel_m2, rel_p0).</summary>
    public static string EventTerm(int relativeTime) => relativeTime < 0 ? $"rel_m{-relativeTime}" : $"rel_p{relativeTime}";

    public TwfeResult Fit(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) throw new EstimationException(Messages.ConfidenceLevelOutOfRange(ConfidenceLevel));

        var (regressors, eventTimes) = BuildTreatment(panel);
        foreach (var name in Covariates)
        {
            if (!panel.Covariates.TryGetValue(name, out var values))
                throw new EstimationException(Messages.MissingCovariate(name, panel.Covariates.Keys));
            regressors.Add(new Regressor(name, values));
        }
        var input = new RegressionInput(panel.Outcome, regressors, panel.Unit, panel.Time, panel.Weight, panel.OutcomeName) { FixedEffectsInK = FixedEffectsInK };
        var fit = Model == TwfeModel.Poisson ? FixedEffectsRegression.Poisson(input) : FixedEffectsRegression.Ols(input);

        if (Specification == TwfeSpecification.Static)
        {
            string term = regressors[0].Name;
            if (fit.DroppedTerms.Any(t => t.Name == term)) throw new EstimationException(Messages.TreatmentCollinear(term));
        }
        else if (!eventTimes.Any(e => fit.IndexOf(EventTerm(e)) >= 0))
            throw new EstimationException(Messages.TreatmentCollinear(TreatedTerm));

        bool multiplicative = Model == TwfeModel.Poisson || OutcomeScale == OutcomeScale.Log;
        var coefficients = fit.Terms.Select((name, j) =>
        {
            var effect = new Effect(fit.Coefficients[j], fit.StandardError(j), ConfidenceLevel);
            return new TwfeCoefficient(name, effect, multiplicative ? Multiplier.FromLogEffect(effect) : null);
        }).ToArray();

        TwfeCoefficient? treatment = Specification == TwfeSpecification.Static ? coefficients[0] : null;
        var eventStudy = eventTimes
            .Select(e => (e, index: fit.IndexOf(EventTerm(e))))
            .Where(x => x.index >= 0)
            .Select(x => new EventTimeCoefficient(x.e, coefficients[x.index].Effect, coefficients[x.index].Multiplier))
            .ToArray();
        var treatmentInfluence = treatment is null
            ? []
            : Enumerable.Range(0, fit.ClusterCount).Select(g => fit.ClusterInfluence(g, 0)).ToArray();

        return new TwfeResult
        {
            Options = this,
            OutcomeName = panel.OutcomeName,
            Treatment = treatment?.Effect,
            Multiplier = treatment?.Multiplier,
            Coefficients = coefficients,
            EventStudy = eventStudy,
            ObservationCount = fit.ObservationCount,
            ClusterCount = fit.ClusterCount,
            ParameterCount = fit.ParameterCount,
            CovarianceType = fit.CovarianceDescription,
            DroppedTerms = fit.DroppedTerms,
            DroppedUnits = [.. fit.DroppedUnits.Select(u => panel.UnitLabels[u])],
            DroppedPeriods = fit.DroppedPeriods,
            DroppedObservationCount = fit.DroppedObservationCount,
            Iterations = fit.Iterations,
            ClusterUnits = [.. fit.Clusters.Select(u => panel.UnitLabels[u])],
            TreatmentInfluence = treatmentInfluence,
        };
    }

    private (List<Regressor> Regressors, int[] EventTimes) BuildTreatment(PanelData panel)
    {
        if (Treatment == TwfeTreatment.Continuous)
        {
            if (Specification == TwfeSpecification.EventStudy) throw new EstimationException(Messages.EventStudyNeedsAdoption);
            var dose = panel.Treatment ?? throw new EstimationException(Messages.MissingTreatment("TWFE"));
            if (dose.All(v => v == 0)) throw new EstimationException(Messages.NoTreatedObservations(TreatmentTerm));
            return ([new Regressor(TreatmentTerm, dose)], []);
        }

        var cohort = panel.Cohort ?? throw new EstimationException(Messages.MissingCohort("TWFE"));
        var treated = AdoptionIndicator(panel.Time, cohort);
        if (treated.All(v => v == 0)) throw new EstimationException(Messages.NoTreatedObservations(TreatedTerm));
        if (Specification == TwfeSpecification.Static) return ([new Regressor(TreatedTerm, treated)], []);

        var eventTimes = Enumerable.Range(0, panel.Count)
            .Where(i => cohort[i] != PanelData.NeverTreated)
            .Select(i => panel.Time[i] - cohort[i])
            .Distinct().Where(e => e != -1).Order().ToArray();
        var rowsByEventTime = Enumerable.Range(0, panel.Count)
            .Where(i => cohort[i] != PanelData.NeverTreated)
            .ToLookup(i => panel.Time[i] - cohort[i]);
        var regressors = eventTimes.Select(e => new Regressor(EventTerm(e), new IndicatorColumn(panel.Count, rowsByEventTime[e]))).ToList();
        return (regressors, eventTimes);
    }

    /// <summary>1 when the unit has adopted by this period (cohort ≠ 0 and time ≥ cohort), else 0.</summary>
    public static double[] AdoptionIndicator(IReadOnlyList<int> time, IReadOnlyList<int> cohort) =>
        [.. time.Select((t, i) => cohort[i] != PanelData.NeverTreated && t >= cohort[i] ? 1.0 : 0.0)];
}
