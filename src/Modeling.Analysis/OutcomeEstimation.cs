using Modeling.Results;
using Modeling.Estimation.BeforeAfter;
using Modeling.Estimation.Data;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;

namespace Modeling.Analysis;

/// <summary>What kind of values an outcome holds; decides the model of each estimator (DESIGN.md, "The scale matters").</summary>
public enum OutcomeKind
{
    /// <summary>A count or a count per engineer-month: Poisson models, ratio of means.</summary>
    Count,
    /// <summary>A duration, median or rate: log models when strictly positive.</summary>
    Continuous,
}

/// <summary>Estimates of one outcome by every estimator, plus the warnings of those that could not run.</summary>
/// <param name="Effects">One multiplier per estimator that ran.</param>
/// <param name="EventStudy">The staggered DiD's multiplier per event time.</param>
/// <param name="Headline">The headline estimate with its inference, when it could be fitted (also in <paramref name="Effects"/>).</param>
/// <param name="Warnings">Estimators that could not run, and why.</param>
/// <param name="PreTrendPValue">The headline's pre-trend test (imputation, BJS Test 1, on the headline's scale over
/// <see cref="OutcomeEstimation.PreTrendLeads"/> leads): what mandate verdicts are judged on.</param>
public sealed record OutcomeEstimates(
    IReadOnlyList<EffectRow> Effects, IReadOnlyList<EventStudyRow> EventStudy, HeadlineEstimate? Headline, double? PreTrendPValue, IReadOnlyList<string> Warnings)
{
    /// <summary>The pre-trend test's power: the linear pre-trend slope (log scale, per period) it detects 80 % of the time.</summary>
    public double? PreTrendDetectableSlope { get; init; }
}

/// <summary>
/// Runs naive before/after, TWFE, Callaway–Sant'Anna and the imputation estimator (the headline) on one outcome.
/// An estimator that rejects the data (degenerate input) becomes a warning, never a failure of the run.
/// </summary>
public sealed record OutcomeEstimation(int Seed, int BootstrapDraws, double ConfidenceLevel)
{
    public const string Naive = "naive_before_after";
    public const string TwfeName = "twfe";
    public const string StaggeredName = "staggered_did";
    /// <summary>Event times before adoption that the pre-trend test covers (−6..−1).</summary>
    public const int PreTrendLeads = 6;

    /// <summary>What diagnostics.pretrend_p_value (and each mandate's pretrend_p_value) is.</summary>
    public const string PreTrendTest =
        "headline imputation model (Borusyak, Jaravel & Spiess 2024, test 1) on untreated team-periods with indicators for the 6 periods before adoption; team-clustered Wald test that all are zero";

    public OutcomeEstimates Run(PanelData data, OutcomeKind kind)
    {
        var effects = new List<EffectRow>();
        var events = new List<EventStudyRow>();
        var warnings = new List<string>();
        string outcome = data.OutcomeName;
        bool positive = data.Outcome.All(v => v > 0);

        Try(Naive, outcome, warnings, () =>
        {
            var r = new NaiveBeforeAfter { ConfidenceLevel = ConfidenceLevel }.Fit(data);
            effects.Add(EffectRows.From(outcome, Naive, r, "ratio_of_means"));
        });

        if (kind == OutcomeKind.Count || positive)
        {
            Try(TwfeName, outcome, warnings, () =>
            {
                var twfe = kind == OutcomeKind.Count
                    ? new Twfe { Model = TwfeModel.Poisson, ConfidenceLevel = ConfidenceLevel }
                    : new Twfe { Model = TwfeModel.Ols, OutcomeScale = OutcomeScale.Log, ConfidenceLevel = ConfidenceLevel };
                var input = kind == OutcomeKind.Count ? data : data.WithOutcome([.. data.Outcome.Select(v => Math.Log(v))], outcome);
                var r = twfe.Fit(input);
                effects.Add(EffectRows.From(outcome, TwfeName, r, kind == OutcomeKind.Count ? "poisson" : "log"));
            });
        }
        else warnings.Add(Messages.TwfeNotApplicable(outcome));

        Try(StaggeredName, outcome, warnings, () =>
        {
            var cs = new StaggeredDid
            {
                ControlGroup = ControlGroup.NotYetTreated,
                Scale = positive ? EffectScale.Log : EffectScale.Ratio,
                ConfidenceLevel = ConfidenceLevel,
                Bootstrap = new Bootstrap(BootstrapDraws, Seed),
            };
            // did's weights are one per unit; engineer-month weights vary by period, so CS runs unweighted.
            var r = cs.Fit(data.WithWeight(null));
            effects.Add(EffectRows.From(outcome, StaggeredName, r, positive ? "log" : "ratio"));
            foreach (var e in r.Dynamic.Elements)
                if (e.Key is int t && e.Multiplier is { } m && double.IsFinite(m.Value))
                {
                    var (low, high) = UniformBand(m, r.Dynamic.UniformCriticalValue);
                    events.Add(new EventStudyRow
                    {
                        Outcome = outcome, Estimator = StaggeredName, EventTime = t, Multiplier = m.Value, CiLow = m.CiLow, CiHigh = m.CiHigh,
                        UniformCiLow = low, UniformCiHigh = high,
                    });
                }
        });

        var headline = HeadlineFit(data, kind, warnings);
        if (headline is not null) effects.Add(headline.Row);
        var (pretrend, detectable) = PreTrend(data, kind, warnings);
        return new OutcomeEstimates(effects, events, headline, pretrend, warnings) { PreTrendDetectableSlope = detectable };
    }

    /// <summary>
    /// An event time's simultaneous band on the multiplier scale: the bootstrap's sup-t critical value over the outcome's
    /// event times applied to the same log-scale standard error as the pointwise interval beside it (so the band holds it).
    /// </summary>
    private static (double? Low, double? High) UniformBand(Multiplier m, double? critical)
    {
        if (critical is not double c || !(m.CiLow > 0) || !(m.CiHigh > 0)) return (null, null);
        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + m.ConfidenceLevel / 2);
        double se = (Math.Log(m.CiHigh) - Math.Log(m.CiLow)) / (2 * z);
        return (Math.Exp(Math.Log(m.Value) - c * se), Math.Exp(Math.Log(m.Value) + c * se));
    }

    /// <summary>The headline's pre-trend test (<see cref="PreTrendTest"/>), or null when it cannot be run (said in <paramref name="warnings"/>).</summary>
    public double? PreTrendPValue(PanelData data, OutcomeKind kind, List<string>? warnings = null) => PreTrend(data, kind, warnings).PValue;

    /// <summary>The headline's pre-trend test and its power: the linear pre-trend slope (log scale, per period) it detects 80 % of the time.</summary>
    public (double? PValue, double? DetectableSlope) PreTrend(PanelData data, OutcomeKind kind, List<string>? warnings = null)
    {
        ImputationPreTrendResult? fit = null;
        Try(Messages.HeadlineEstimator + " pre-trend test", data.OutcomeName, warnings ?? [], () =>
            fit = new ImputationPreTrend { Form = HeadlineForm(data, kind), Leads = PreTrendLeads }.Fit(data));
        double? p = fit?.Test?.PValue;
        return (p is double value && double.IsFinite(value) ? value : null, fit?.DetectableSlope);
    }

    /// <summary>The headline estimate alone (imputation; Poisson form for counts and outcomes with zeros), or null with a warning.</summary>
    public EffectRow? Headline(PanelData data, OutcomeKind kind, List<string> warnings) => HeadlineFit(data, kind, warnings)?.Row;

    /// <summary>The headline estimate with the inference its adopting teams allow (<see cref="HeadlineInference"/>), or null with a warning.</summary>
    public HeadlineEstimate? HeadlineFit(PanelData data, OutcomeKind kind, List<string> warnings, AdoptedWindow? window = null, PeriodRange? baseline = null)
    {
        HeadlineEstimate? estimate = null;
        Try(Messages.HeadlineEstimator, data.OutcomeName, warnings, () =>
            estimate = new HeadlineInference(ConfidenceLevel, Seed).Fit(data, HeadlineForm(data, kind), window, baseline));
        return estimate;
    }

    /// <summary>The headline's form: Poisson for counts and outcomes with zeros, logs for strictly positive continuous outcomes.</summary>
    public static ImputationForm HeadlineForm(PanelData data, OutcomeKind kind) =>
        kind == OutcomeKind.Count || !data.Outcome.All(v => v > 0) ? ImputationForm.Poisson : ImputationForm.Log;

    /// <summary>Degenerate input (no controls, one cluster, all zeros, ...) is the estimator's verdict on the data, not a crash.</summary>
    private static void Try(string estimator, string outcome, List<string> warnings, Action fit)
    {
        try
        {
            fit();
        }
        catch (Estimation.Regression.EstimationException e)
        {
            warnings.Add(Messages.EstimatorFailed(estimator, outcome, e.Message.Split('\n')[0].Trim()));
        }
    }
}
