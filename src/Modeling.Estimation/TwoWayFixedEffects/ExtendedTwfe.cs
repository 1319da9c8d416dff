using Modeling.Estimation.Data;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.TwoWayFixedEffects;

/// <summary>
/// Wooldridge's (2021, 2023) extended TWFE: unit and period effects plus one dummy per treated cohort × period cell
/// (period ≥ cohort), so every cell has its own effect and no already-treated unit serves as a control.
/// The Poisson form (Wooldridge 2023, Econometrics Journal 26(3); R etwfe with family = "poisson") is the count-data
/// analogue of Callaway–Sant'Anna; OLS on levels or logs is the linear form.
/// </summary>
/// <remarks>
/// Poisson aggregate: with the cell dummies the fitted means sum to the observed totals Y_c in each cell, so the
/// multiplier over a set of cells is M = Σ_c Y_c ÷ Σ_c Y_c·exp(−β_c) (treated outcome ÷ outcome without treatment).
/// Linear aggregate: Σ_c n_c β_c ÷ Σ_c n_c (observation-weighted ATT; a multiplier exp of it for logs). Intervals by
/// the delta method on the CR1 covariance of the β_c (unit-clustered influence), treating the cell totals as fixed.
/// Unlike etwfe's default (cohort effects), this uses unit effects: identical for OLS, and for Poisson the unit-effect
/// PPML is equally consistent (no incidental-parameter bias).
/// </remarks>
public sealed record ExtendedTwfe
{
    public TwfeModel Model { get; init; } = TwfeModel.Poisson;
    /// <summary>Used for OLS only: Log makes exp(ATT) the multiplier.</summary>
    public OutcomeScale OutcomeScale { get; init; } = OutcomeScale.Level;
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Which fixed effects count in the SEs' small-sample K: nested (default, as fixest and reghdfe) or full.</summary>
    public FixedEffectsInK FixedEffectsInK { get; init; } = FixedEffectsInK.Nested;

    /// <summary>Name of the dummy for cohort g in period t.</summary>
    public static string CellTerm(int cohort, int period) => $"cell_{cohort}_{period}";

    public ExtendedTwfeResult Fit(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) throw new EstimationException(Messages.ConfidenceLevelOutOfRange(ConfidenceLevel));
        var cohort = panel.Cohort ?? throw new EstimationException(Messages.MissingCohort("Extended TWFE"));
        var cells = Enumerable.Range(0, panel.Count)
            .Where(i => cohort[i] != PanelData.NeverTreated && panel.Time[i] >= cohort[i])
            .Select(i => (Cohort: cohort[i], Period: panel.Time[i])).Distinct().Order().ToArray();
        if (cells.Length == 0) throw new EstimationException(Messages.NoTreatedObservations(Twfe.TreatedTerm));
        var cellIndex = cells.Select((c, k) => (c, k)).ToDictionary(x => x.c, x => x.k);
        var cellOf = new int[panel.Count];
        for (int i = 0; i < panel.Count; i++)
            cellOf[i] = cohort[i] != PanelData.NeverTreated && panel.Time[i] >= cohort[i] ? cellIndex[(cohort[i], panel.Time[i])] : -1;
        var rowsByCell = Enumerable.Range(0, panel.Count).Where(i => cellOf[i] >= 0).ToLookup(i => cellOf[i]);
        var input = new RegressionInput(panel.Outcome, [.. cells.Select((c, k) => new Regressor(CellTerm(c.Cohort, c.Period), new IndicatorColumn(panel.Count, rowsByCell[k])))],
            panel.Unit, panel.Time, panel.Weight, panel.OutcomeName) { FixedEffectsInK = FixedEffectsInK };
        var fit = Model == TwfeModel.Poisson ? FixedEffectsRegression.Poisson(input) : FixedEffectsRegression.Ols(input);

        // Per-cell totals (Poisson) or weights (OLS) over the rows the fit used.
        var dropped = fit.DroppedUnits.ToHashSet();
        var droppedPeriods = fit.DroppedPeriods.ToHashSet();
        var mass = new double[cells.Length];
        for (int i = 0; i < panel.Count; i++)
        {
            if (cellOf[i] < 0 || dropped.Contains(panel.Unit[i]) || droppedPeriods.Contains(panel.Time[i])) continue;
            double w = panel.Weight?[i] ?? 1.0;
            mass[cellOf[i]] += Model == TwfeModel.Poisson ? w * panel.Outcome[i] : w;
        }
        var termIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < fit.Terms.Count; j++) termIndex[fit.Terms[j]] = j;
        var termOf = cells.Select(c => termIndex.GetValueOrDefault(CellTerm(c.Cohort, c.Period), -1)).ToArray();
        var estimable = Enumerable.Range(0, cells.Length).Where(k => termOf[k] >= 0 && mass[k] > 0).ToArray();
        var isEstimable = new bool[cells.Length];
        foreach (int k in estimable) isEstimable[k] = true;
        if (estimable.Length == 0) throw new EstimationException(Messages.TreatmentCollinear(Twfe.TreatedTerm));

        bool multiplicative = Model == TwfeModel.Poisson || OutcomeScale == OutcomeScale.Log;
        (Effect Effect, Multiplier? Multiplier) Aggregate(IEnumerable<int> subset)
        {
            var ks = subset.Where(k => isEstimable[k]).ToArray();
            var gradient = new double[fit.Terms.Count];
            double estimate;
            if (Model == TwfeModel.Poisson)
            {
                double numerator = ks.Sum(k => mass[k]);
                double denominator = ks.Sum(k => mass[k] * Math.Exp(-Beta(k)));
                estimate = Math.Log(numerator / denominator);
                foreach (int k in ks) gradient[Term(k)] = mass[k] * Math.Exp(-Beta(k)) / denominator;
            }
            else
            {
                double total = ks.Sum(k => mass[k]);
                estimate = ks.Sum(k => mass[k] * Beta(k)) / total;
                foreach (int k in ks) gradient[Term(k)] = mass[k] / total;
            }
            double variance = 0;
            for (int g = 0; g < fit.ClusterCount; g++)
            {
                double psi = 0;
                foreach (int k in ks) psi += gradient[Term(k)] * fit.ClusterInfluence(g, Term(k));
                variance += psi * psi;
            }
            var effect = new Effect(estimate, Math.Sqrt(fit.SmallSampleFactor * variance), ConfidenceLevel);
            return (effect, multiplicative ? Multiplier.FromLogEffect(effect) : null);
        }
        int Term(int k) => termOf[k];
        double Beta(int k) => fit.Coefficients[Term(k)];

        var overall = Aggregate(estimable);
        var cellEffects = estimable.Select(k =>
        {
            var e = new Effect(Beta(k), fit.StandardError(Term(k)), ConfidenceLevel);
            return new CellEffect(cells[k].Cohort, cells[k].Period, e, multiplicative ? Multiplier.FromLogEffect(e) : null);
        }).ToArray();
        var horizons = estimable.GroupBy(k => cells[k].Period - cells[k].Cohort).OrderBy(g => g.Key)
            .Select(g => { var a = Aggregate(g); return new EventTimeCoefficient(g.Key, a.Effect, a.Multiplier); }).ToArray();

        return new ExtendedTwfeResult
        {
            Options = this,
            OutcomeName = panel.OutcomeName,
            Overall = overall.Effect,
            Multiplier = overall.Multiplier,
            Cells = cellEffects,
            ByHorizon = horizons,
            ObservationCount = fit.ObservationCount,
            ClusterCount = fit.ClusterCount,
            ParameterCount = fit.ParameterCount,
            CovarianceType = fit.CovarianceDescription + "; aggregates by the delta method with cell totals fixed",
            DroppedTerms = fit.DroppedTerms,
            DroppedUnits = [.. fit.DroppedUnits.Select(u => panel.UnitLabels[u])],
            DroppedPeriods = fit.DroppedPeriods,
        };
    }
}

/// <summary>Effect of cohort g in period t (log ratio for Poisson/logs, level for OLS in levels).</summary>
public sealed record CellEffect(int Cohort, int Period, Effect Effect, Multiplier? Multiplier);

/// <summary>
/// Result of <see cref="ExtendedTwfe.Fit"/>: overall effect (log multiplier for Poisson and OLS on logs, level ATT
/// otherwise) and multiplier, cell effects, per-horizon aggregates, counts and everything dropped.
/// </summary>
public sealed record ExtendedTwfeResult : IEffectEstimate
{
    public required ExtendedTwfe Options { get; init; }
    public required string OutcomeName { get; init; }
    public required Effect Overall { get; init; }
    public required Multiplier? Multiplier { get; init; }
    public required IReadOnlyList<CellEffect> Cells { get; init; }
    public required IReadOnlyList<EventTimeCoefficient> ByHorizon { get; init; }
    public required int ObservationCount { get; init; }
    public required int ClusterCount { get; init; }
    public required int ParameterCount { get; init; }
    public required string CovarianceType { get; init; }
    public required IReadOnlyList<DroppedTerm> DroppedTerms { get; init; }
    public required IReadOnlyList<string> DroppedUnits { get; init; }
    public required IReadOnlyList<int> DroppedPeriods { get; init; }

    Effect IEffectEstimate.Effect => Overall;

    /// <summary>The overall effect aggregates the cell coefficients by the delta method: no single influence list is kept.</summary>
    IReadOnlyList<double>? IEffectEstimate.Influence => null;
    double IEffectEstimate.InfluenceVarianceFactor => double.NaN;
}
