using Modeling.Estimation.BeforeAfter;
using Modeling.Estimation.GoodmanBacon;
using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Results;

namespace Modeling.Analysis.Estimates;

public static partial class EstimateDocumentBuilder
{
    /// <summary>A two-way fixed-effects event study: one coefficient per event time, relative to event time −1.</summary>
    public static CoefficientEstimate TwfeEventStudy(TwfeResult fit, EstimateContext context)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(context);
        return new CoefficientEstimate
        {
            Estimator = "twfe",
            Outcome = context.Outcome,
            Model = fit.Options.Model == TwfeModel.Poisson ? "poisson" : "ols",
            NObs = fit.ObservationCount,
            NClusters = fit.ClusterCount,
            Covariance = fit.CovarianceType,
            ReferenceEventTime = -1,
            ByEventTime = [.. fit.EventStudy.Select(e => EventTimeElement(e.RelativeTime, e.Effect, e.Multiplier))],
            DroppedRows = context.Dropped,
        };
    }

    /// <summary>
    /// Wooldridge's extended TWFE: simple = the aggregate over every treated cohort × period cell, dynamic = one effect per
    /// event time; multipliers on the Poisson and log forms.
    /// </summary>
    public static AggregatedEstimate ExtendedTwfe(ExtendedTwfeResult fit, EstimateContext context)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(context);
        var options = fit.Options;
        return new AggregatedEstimate
        {
            Estimator = "etwfe",
            Outcome = context.Outcome,
            NObs = fit.ObservationCount,
            NUnits = fit.ClusterCount,
            TimeFormat = context.TimeFormat,
            Aggregations = new Aggregations
            {
                Simple = Att(fit.Overall) with
                {
                    Multiplier = fit.Multiplier?.Value, MultiplierCiLow = fit.Multiplier?.CiLow, MultiplierCiHigh = fit.Multiplier?.CiHigh,
                },
                Dynamic = new AggregationEstimate
                {
                    Overall = new AttEstimate(null, null, null, null),
                    ByEventTime = [.. fit.ByHorizon.Select(h => EventTimeElement(h.RelativeTime, h.Effect, h.Multiplier))],
                },
            },
            Model = options.Model == TwfeModel.Poisson ? "poisson" : options.OutcomeScale == OutcomeScale.Log ? "log" : "ols",
            Multiplier = fit.Multiplier?.Value,
            CiLow = fit.Multiplier?.CiLow,
            CiHigh = fit.Multiplier?.CiHigh,
            Covariance = fit.CovarianceType,
            DroppedRows = context.Dropped,
        };
    }

    /// <summary>The naive before/after ratio of the adopting units' means (no comparison group).</summary>
    public static BeforeAfterEstimate BeforeAfter(NaiveBeforeAfterResult fit, EstimateContext context)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(context);
        return WithEffect(new BeforeAfterEstimate
        {
            Estimator = "naive_before_after",
            Outcome = context.Outcome,
            Model = "ratio_of_means",
            Multiplier = fit.Multiplier.Value,
            MultiplierCiLow = fit.Multiplier.CiLow,
            MultiplierCiHigh = fit.Multiplier.CiHigh,
            NObs = fit.ObservationCount,
            NClusters = fit.ClusterCount,
            Covariance = NaiveBeforeAfterResult.CovarianceType,
            MeanBefore = fit.MeanBefore,
            MeanAfter = fit.MeanAfter,
            NObsBefore = fit.ObservationsBefore,
            NObsAfter = fit.ObservationsAfter,
            DroppedRows = context.Dropped,
        }, fit.LogRatio);
    }

    /// <summary>The Goodman-Bacon decomposition: comparisons by type, each with its weight, and the TWFE coefficient.</summary>
    public static BaconEstimate Bacon(BaconDecompositionResult fit, long observations, int units, EstimateContext context)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(context);
        return new BaconEstimate
        {
            Estimator = "bacon",
            Outcome = context.Outcome,
            NObs = observations,
            NUnits = units,
            TimeFormat = context.TimeFormat,
            TwfeCoefficient = fit.TwfeEstimate,
            WeightedSum = fit.WeightedSum,
            TreatmentVariance = fit.TreatmentVariance,
            ByType = [.. fit.ByType.Select(t => new BaconTypeRow(TypeName(t.Type), t.Weight, t.AverageEstimate))],
            Comparisons = [.. fit.Comparisons.Select(c => new BaconComparisonRow(TypeName(c.Type), Cohort(c.TreatedCohort), Cohort(c.ControlCohort), c.Estimate, c.Weight)
            {
                TreatedLabel = c.TreatedCohort == 0 ? null : context.Label(c.TreatedCohort),
                ControlLabel = c.ControlCohort == 0 ? null : context.Label(c.ControlCohort),
            })],
            DroppedRows = context.Dropped,
        };

        int Cohort(int c) => c == 0 ? 0 : context.Value(c);
    }

    /// <summary>The counterfactual model's multiplier with its accuracy on held-out teams; per-unit effects are left out.</summary>
    public static CounterfactualEstimate Counterfactual(CounterfactualResult fit, IReadOnlyList<string> features, EstimateContext context)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(context);
        return WithEffect(new CounterfactualEstimate
        {
            Estimator = "counterfactual",
            Outcome = context.Outcome,
            Model = "fast_tree",
            Multiplier = fit.Multiplier.Value,
            MultiplierCiLow = fit.Multiplier.CiLow,
            MultiplierCiHigh = fit.Multiplier.CiHigh,
            NObs = fit.ObservationCount,
            NClusters = fit.ClusterCount,
            Covariance = CounterfactualResult.CovarianceType,
            UnitBootstrapSe = fit.TeamBootstrapStandardError,
            ModelJackknifeSe = fit.ModelJackknifeStandardError,
            ObservedTotal = fit.ObservedTotal,
            PredictedTotal = fit.PredictedTotal,
            CvR2 = fit.Accuracy.RSquared,
            CvMape = fit.Accuracy.MeanAbsolutePercentageError,
            Usable = fit.Accuracy.RSquared > 0,
            Folds = fit.Options.Folds,
            BootstrapDraws = fit.Options.BootstrapDraws,
            Seed = fit.Options.Seed,
            TrainingRows = fit.TrainingRows,
            AdoptedRows = fit.AdoptedRows,
            AdoptedUnits = fit.AdoptedTeams,
            UnpredictableRows = fit.UnpredictableRows,
            Features = features,
            DroppedRows = context.Dropped,
        }, fit.LogEffect);
    }

    /// <summary>bacondecomp's type labels in snake case.</summary>
    private static string TypeName(BaconComparisonType type) => type switch
    {
        BaconComparisonType.TreatedVsUntreated => "treated_vs_untreated",
        BaconComparisonType.EarlierVsLaterTreated => "earlier_vs_later_treated",
        BaconComparisonType.LaterVsEarlierTreated => "later_vs_earlier_treated",
        _ => "later_vs_always_treated",
    };
}
