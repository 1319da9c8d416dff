using Modeling.Estimation.Imputation;
using Modeling.Estimation.Inference;
using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Ingest.Panels;
using Modeling.Results;

namespace Modeling.Analysis.Estimates;

/// <summary>
/// What an estimate document says besides the fit: the outcome's name, the rows of the input left out (by reason) and
/// the input's time axis, so periods are written back as the file had them (null: periods as they are).
/// </summary>
public sealed record EstimateContext(string Outcome, IReadOnlyDictionary<string, long> Dropped, PanelTimeAxis? Axis = null)
{
    /// <summary>The number written for a period.</summary>
    public int Value(int period) => Axis?.Value(period) ?? period;

    /// <summary>The period's label as the file wrote it, or null for whole-number times.</summary>
    public string? Label(int period) => Axis?.Label(period);

    /// <summary>The time format written, or null without an axis.</summary>
    public string? TimeFormat => Axis?.Name;
}

/// <summary>
/// The estimate documents of CONTRACT §5 from the estimators' results: one place, used by <c>modeling estimate</c> and by
/// notebooks (<see cref="EstimateJson.ToBytes"/> writes them), so both say the same thing about the same fit.
/// </summary>
public static partial class EstimateDocumentBuilder
{
    /// <summary>Callaway–Sant'Anna: ATT(g,t) and the four aggregations, with multipliers, bootstrap SEs and uniform bands
    /// where they were computed; the pre-trend test is did's (every pre-adoption cell) unless its covariance is singular,
    /// then the dynamic aggregation's leads.</summary>
    public static AggregatedEstimate Staggered(StaggeredDidResult fit, EstimateContext context)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(context);
        var options = fit.Options;
        bool clustered = options.UnitClusters is not null;
        var (pretrend, pretrendTest) = fit.PreTrend is { } cells ? (cells, "group_time_cells")
            : fit.EventStudyPreTrend() is { } leads ? (leads, "event_study_leads") : ((PreTrendTest?)null, (string?)null);
        return new AggregatedEstimate
        {
            Estimator = "staggered_did",
            Outcome = context.Outcome,
            NObs = fit.ObservationCount,
            NUnits = fit.UnitCount,
            TimeFormat = context.TimeFormat,
            Control = options.ControlGroup == ControlGroup.NotYetTreated ? "not_yet" : "never",
            Settings = new EstimateSettings
            {
                EstMethod = options.Method switch
                {
                    EstimationMethod.OutcomeRegression => "reg",
                    EstimationMethod.InverseProbabilityWeighting => "ipw",
                    _ => "dr",
                },
                BasePeriod = options.BasePeriod == BasePeriod.Universal ? "universal" : "varying",
                Anticipation = options.Anticipation,
                Scale = options.Scale switch { EffectScale.Log => "log", EffectScale.Ratio => "ratio", _ => "level" },
                Covariates = options.Covariates,
                BootstrapDraws = options.Bootstrap?.Draws,
                Seed = options.Bootstrap?.Seed,
                MinE = options.MinEventTime,
                MaxE = options.MaxEventTime,
                BalanceE = options.BalanceEventTime,
                AllowUnbalancedPanel = options.AllowUnbalancedPanel ? fit.RepeatedCrossSections : null,
            },
            AttGt = [.. fit.GroupTime.Select(Cell)],
            Aggregations = new Aggregations
            {
                Simple = Overall(fit.Simple.Overall, clustered),
                Dynamic = Aggregation(fit.Dynamic, k => new() { EventTime = k }, clustered),
                Group = Aggregation(fit.Group, k => new() { Group = context.Value(k), Label = context.Label(k) }, clustered),
                Calendar = Aggregation(fit.Calendar, k => new() { Time = context.Value(k), Label = context.Label(k) }, clustered),
            },
            PretrendPValue = pretrend?.PValue,
            PretrendTest = pretrendTest,
            DroppedUnits = fit.DroppedUnitCount,
            Multiplier = fit.Simple.Overall.Multiplier?.Value,
            CiLow = fit.Simple.Overall.Multiplier?.CiLow,
            CiHigh = fit.Simple.Overall.Multiplier?.CiHigh,
            DroppedRows = context.Dropped,
        };

        GroupTimeEstimate Cell(GroupTimeEffect c)
        {
            var p = Pointwise(c, clustered);
            return WithAddenda(new GroupTimeEstimate(context.Value(c.Cohort), context.Value(c.Period), p.Estimate, p.StandardError, p.CiLow, p.CiHigh)
            {
                GroupLabel = context.Label(c.Cohort), TimeLabel = context.Label(c.Period),
            }, c);
        }
    }

    /// <summary>
    /// The imputation estimator (Borusyak, Jaravel &amp; Spiess 2024): simple = the overall ATT over every adopted
    /// unit-period; dynamic = one effect per event time, its overall the equal-weight average of those (SE from the event
    /// times' per-unit influences); <paramref name="preTrend"/> is BJS Test 1 when it could be run.
    /// </summary>
    /// <param name="fit">The fit.</param>
    /// <param name="preTrend">BJS Test 1, or null when it could not be run.</param>
    /// <param name="context">Outcome, dropped rows and time axis.</param>
    /// <param name="horizons">The event times to report (didimputation's horizon = c(...)); null: every one estimated.</param>
    public static AggregatedEstimate Imputation(ImputationDidResult fit, ImputationPreTrendResult? preTrend, EstimateContext context,
        IReadOnlyCollection<int>? horizons = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(context);
        var kept = fit.ByHorizon.Where(h => double.IsFinite(h.Effect.StandardError) && (horizons is null || horizons.Contains(h.RelativeTime))).ToArray();
        AttEstimate dynamicOverall = new(null, null, null, null);
        if (kept.Length > 0)
        {
            double mean = kept.Average(h => h.Effect.Estimate);
            var psi = Enumerable.Range(0, fit.ClusterCount).Select(c => kept.Average(h => h.Influence[c])).ToArray();
            dynamicOverall = Att(new Effect(mean, Math.Sqrt(fit.InfluenceCovariance(psi, psi)), fit.Overall.ConfidenceLevel));
        }
        var form = fit.Options.Form;
        bool multiplicative = form != ImputationForm.Linear;
        return new AggregatedEstimate
        {
            Estimator = "imputation",
            Outcome = context.Outcome,
            NObs = fit.ObservationCount,
            NUnits = fit.ClusterCount,
            TimeFormat = context.TimeFormat,
            Aggregations = new Aggregations
            {
                Simple = Att(fit.Overall),
                Dynamic = new AggregationEstimate
                {
                    Overall = dynamicOverall,
                    ByEventTime = [.. kept.Select(h => EventTimeElement(h.RelativeTime, h.Effect, multiplicative ? h.Multiplier : null))],
                },
            },
            PretrendPValue = preTrend?.Test?.PValue,
            PretrendTest = preTrend?.Test is null ? null : "imputation_leads",
            Model = form switch { ImputationForm.Poisson => "poisson", ImputationForm.Log => "log", _ => "ols" },
            Multiplier = multiplicative ? fit.Multiplier.Value : null,
            CiLow = multiplicative ? fit.Multiplier.CiLow : null,
            CiHigh = multiplicative ? fit.Multiplier.CiHigh : null,
            Covariance = fit.CovarianceDescription,
            DroppedRows = context.Dropped,
        };
    }

    /// <summary>A two-way fixed-effects coefficient (static specification), with its multiplier where multiplicative.</summary>
    public static CoefficientEstimate Twfe(TwfeResult fit, EstimateContext context)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(context);
        var effect = fit.Treatment ?? throw new EstimationException(EstimateDocumentMessages.NoTreatmentCoefficient);
        return WithEffect(new CoefficientEstimate
        {
            Estimator = "twfe",
            Outcome = context.Outcome,
            Model = fit.Options.Model == TwfeModel.Poisson ? "poisson" : "ols",
            Multiplier = fit.Multiplier?.Value,
            MultiplierCiLow = fit.Multiplier?.CiLow,
            MultiplierCiHigh = fit.Multiplier?.CiHigh,
            NObs = fit.ObservationCount,
            NClusters = fit.ClusterCount,
            Covariance = fit.CovarianceType,
            DroppedRows = context.Dropped,
        }, effect);
    }

    /// <summary>The partially linear double machine learning estimate.</summary>
    public static DmlEstimate Dml(DmlResult fit, DoubleMachineLearning options, string treatment, IReadOnlyList<string> covariates, EstimateContext context)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        return WithEffect(new DmlEstimate
        {
            Estimator = "dml",
            Outcome = context.Outcome,
            Treatment = treatment,
            Model = "partially_linear",
            NObs = fit.ObservationCount,
            NClusters = fit.ClusterCount,
            Covariance = fit.CovarianceType,
            Learner = fit.LearnerName,
            Folds = options.Folds,
            Repetitions = options.Repetitions,
            Seed = options.Seed,
            Covariates = covariates,
            RepetitionCoefficients = fit.RepetitionThetas,
            OutcomeR2 = fit.OutcomeR2,
            TreatmentR2 = fit.TreatmentR2,
            TreatmentMin = fit.TreatmentMin,
            TreatmentMax = fit.TreatmentMax,
            DroppedRows = context.Dropped,
        }, fit.Effect);
    }

    /// <summary>A coefficient document's estimate, SE, interval, p-value and level from one effect.</summary>
    private static T WithEffect<T>(T document, Effect e) where T : CoefficientFields => document with
    {
        Coefficient = e.Estimate, Se = e.StandardError, CiLow = e.CiLow, CiHigh = e.CiHigh, PValue = e.PValue, CiLevel = e.ConfidenceLevel,
    };

    private static AttEstimate Att(Effect e) => new(e.Estimate, e.StandardError, e.CiLow, e.CiHigh);

    /// <summary>One event time's effect, with its multiplier where the scale is multiplicative.</summary>
    private static AggregationElement EventTimeElement(int eventTime, Effect e, Multiplier? m) => new()
    {
        EventTime = eventTime, Att = e.Estimate, Se = e.StandardError, CiLow = e.CiLow, CiHigh = e.CiHigh,
        Multiplier = m?.Value, MultiplierCiLow = m?.CiLow, MultiplierCiHigh = m?.CiHigh,
    };

    private static AttEstimate Overall(AggregateEffect e, bool clustered) => WithAddenda(Att(Pointwise(e, clustered)), e);

    /// <summary>
    /// The effect a document reports as se and ci: the analytic one, or with clusters above the unit (did's clustervars)
    /// the cluster bootstrap's SE and the normal interval around it, as did reports them.
    /// </summary>
    private static Effect Pointwise(StaggeredEstimate e, bool clustered) =>
        clustered && e.BootstrapStandardError is double b ? e.Effect with { StandardError = b } : e.Effect;

    private static AggregationEstimate Aggregation(Aggregation a, Func<int, AggregationElement> keyed, bool clustered) => new()
    {
        Overall = Overall(a.Overall, clustered),
        UniformCriticalValue = a.UniformCriticalValue,
        ByEventTime = a.Kind == AggregationKind.Dynamic ? Elements(a, keyed, clustered) : null,
        ByGroup = a.Kind == AggregationKind.Group ? Elements(a, keyed, clustered) : null,
        ByTime = a.Kind == AggregationKind.Calendar ? Elements(a, keyed, clustered) : null,
    };

    /// <summary>An aggregation's elements, each keyed as the aggregation is (event time, cohort or period).</summary>
    private static List<AggregationElement> Elements(Aggregation a, Func<int, AggregationElement> keyed, bool clustered) =>
        [.. a.Elements.Select(e =>
        {
            var p = Pointwise(e, clustered);
            return WithAddenda((e.Key is int k ? keyed(k) : new AggregationElement()) with
            {
                Att = p.Estimate, Se = p.StandardError, CiLow = p.CiLow, CiHigh = p.CiHigh,
            }, e);
        })];

    private static T WithAddenda<T>(T document, StaggeredEstimate e) where T : EffectAddenda => document with
    {
        Multiplier = e.Multiplier?.Value,
        MultiplierCiLow = e.Multiplier?.CiLow,
        MultiplierCiHigh = e.Multiplier?.CiHigh,
        BootstrapSe = e.BootstrapStandardError,
        BandLow = e.UniformBand?.Low,
        BandHigh = e.UniformBand?.High,
    };
}

/// <summary>Texts of the estimate documents.</summary>
internal static class EstimateDocumentMessages
{
    public const string NoTreatmentCoefficient = "the treatment coefficient could not be estimated (collinear with the fixed effects)";
}
