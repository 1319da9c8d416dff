using System.Collections.ObjectModel;
using Modeling.Estimation.Inference;

namespace Modeling.Estimation.Staggered;

/// <summary>A closed interval, e.g. a simultaneous (uniform) confidence band for one estimate.</summary>
public sealed record Interval(double Low, double High);

/// <summary>
/// One estimate of the staggered DiD with all its inference. <see cref="Effect"/> carries the analytic
/// influence-function SE (pointwise interval, p-value); the bootstrap SE and the simultaneous band (sup-t over the
/// estimate's family, e.g. all event times) come from the multiplier bootstrap.
/// </summary>
public abstract class StaggeredEstimate
{
    private protected StaggeredEstimate(Effect effect, double? bootstrapSe, Interval? band, Multiplier? multiplier, double[] influence)
    {
        Effect = effect;
        BootstrapStandardError = bootstrapSe;
        UniformBand = band;
        Multiplier = multiplier;
        RawInfluence = influence;
        InfluenceFunction = new ReadOnlyCollection<double>(influence);
    }

    /// <summary>Estimate on the fitting scale (level, or log under <see cref="EffectScale.Log"/>) with analytic SE.</summary>
    public Effect Effect { get; }
    public double Estimate => Effect.Estimate;
    public double? BootstrapStandardError { get; }
    public Interval? UniformBand { get; }
    /// <summary>With AI ÷ without AI; null under <see cref="EffectScale.Level"/>.</summary>
    public Multiplier? Multiplier { get; }
    /// <summary>
    /// Influence function indexed by the panel's unit index (length <see cref="Data.PanelData.UnitCount"/>), 0 for units
    /// outside the estimation sample. Convention of R did: SE = √(Σψᵢ²) / n with n = <see cref="StaggeredDidResult.UnitCount"/>.
    /// </summary>
    public IReadOnlyList<double> InfluenceFunction { get; }
    internal double[] RawInfluence { get; }
}

/// <summary>ATT(g,t): the average effect in period <see cref="Period"/> on the cohort first treated in <see cref="Cohort"/>.</summary>
public sealed class GroupTimeEffect : StaggeredEstimate
{
    internal GroupTimeEffect(int cohort, int period, int basePeriod, bool isReference, int treated, int controls,
        Effect effect, double? bootstrapSe, Interval? band, Multiplier? multiplier, double[] influence)
        : base(effect, bootstrapSe, band, multiplier, influence)
    {
        Cohort = cohort;
        Period = period;
        BasePeriod = basePeriod;
        IsReference = isReference;
        TreatedCount = treated;
        ControlCount = controls;
    }

    public int Cohort { get; }
    public int Period { get; }
    /// <summary>The period compared with (g−δ−1 after treatment; under a varying base the previous period before it).</summary>
    public int BasePeriod { get; }
    public int EventTime => Period - Cohort;
    public bool IsPostTreatment => Period >= Cohort;
    /// <summary>The universal-base reference cell (t = g−δ−1), 0 by construction with no uncertainty.</summary>
    public bool IsReference { get; }
    public int TreatedCount { get; }
    public int ControlCount { get; }
}

/// <summary>One element of an aggregation (an event time, cohort or period) or its overall summary.</summary>
public sealed class AggregateEffect : StaggeredEstimate
{
    internal AggregateEffect(int? key, Effect effect, double? bootstrapSe, Interval? band, Multiplier? multiplier, double[] influence)
        : base(effect, bootstrapSe, band, multiplier, influence) => Key = key;

    /// <summary>Event time (dynamic), cohort (group) or period (calendar); null for an overall summary.</summary>
    public int? Key { get; }
}

public enum AggregationKind { Simple, Dynamic, Group, Calendar }

/// <summary>An aggregation of the ATT(g,t) as R did's aggte.</summary>
/// <param name="Kind">Which aggregation.</param>
/// <param name="Overall">Simple: the group-size weighted mean of post-treatment ATT(g,t). Dynamic: mean over event times ≥ 0. Group: cohort-size weighted mean of the cohort effects. Calendar: mean over periods.</param>
/// <param name="Elements">Per event time / cohort / period, ascending; empty for Simple.</param>
/// <param name="UniformCriticalValue">Bootstrap sup-t critical value for simultaneous bands over the elements.</param>
public sealed record Aggregation(AggregationKind Kind, AggregateEffect Overall, IReadOnlyList<AggregateEffect> Elements, double? UniformCriticalValue)
{
    public AggregateEffect this[int key] => Elements.First(e => e.Key == key);
}

/// <summary>Wald test that all pre-treatment ATT(g,t) are 0 (did's Wpval), from their influence-function covariance.</summary>
public sealed record PreTrendTest(double Statistic, int DegreesOfFreedom, double PValue);

/// <summary>A cell that could not be estimated (did returns NA for it); it is left out of every aggregation.</summary>
public sealed record SkippedCell(int Cohort, int Period, string Reason);

/// <summary>The fitted staggered DiD (immutable); its headline effect is the simple aggregation.</summary>
public sealed class StaggeredDidResult : IEffectEstimate
{
    internal StaggeredDidResult(StaggeredDid options, string outcomeName, int unitCount, int observationCount, int droppedUnitCount,
        IReadOnlyList<int> periods, IReadOnlyList<int> cohorts, IReadOnlyList<GroupTimeEffect> groupTime, double? groupTimeCritical,
        Aggregation simple, Aggregation dynamic, Aggregation group, Aggregation calendar, PreTrendTest? preTrend, IReadOnlyList<SkippedCell> skipped)
    {
        Options = options;
        OutcomeName = outcomeName;
        UnitCount = unitCount;
        ObservationCount = observationCount;
        DroppedUnitCount = droppedUnitCount;
        Periods = periods;
        Cohorts = cohorts;
        GroupTime = groupTime;
        GroupTimeUniformCriticalValue = groupTimeCritical;
        Simple = simple;
        Dynamic = dynamic;
        Group = group;
        Calendar = calendar;
        PreTrend = preTrend;
        SkippedCells = skipped;
    }

    public StaggeredDid Options { get; }
    public string OutcomeName { get; }
    /// <summary>Units (= clusters) in the estimation sample: n in every SE.</summary>
    public int UnitCount { get; }
    public int ClusterCount => UnitCount;
    public int ObservationCount { get; }
    /// <summary>Units dropped because they were treated in the first period (no untreated period).</summary>
    public int DroppedUnitCount { get; }
    /// <summary>The cells were estimated as repeated cross-sections (<see cref="StaggeredDid.AllowUnbalancedPanel"/> on a
    /// panel with gaps); false when the panel was balanced and fitted as a panel (as did resets allow_unbalanced_panel).</summary>
    public bool RepeatedCrossSections { get; init; }
    public IReadOnlyList<int> Periods { get; }
    public IReadOnlyList<int> Cohorts { get; }
    /// <summary>Every ATT(g,t), ordered by cohort then period.</summary>
    public IReadOnlyList<GroupTimeEffect> GroupTime { get; }
    public double? GroupTimeUniformCriticalValue { get; }
    public Aggregation Simple { get; }
    public Aggregation Dynamic { get; }
    public Aggregation Group { get; }
    public Aggregation Calendar { get; }
    /// <summary>Null when there is no pre-treatment cell or their covariance is singular.</summary>
    public PreTrendTest? PreTrend { get; }
    public IReadOnlyList<SkippedCell> SkippedCells { get; }

    public const string CovarianceType = "influence function of the simple aggregation, clustered by unit: sum of squared unit influences / n^2 (R did)";

    Effect IEffectEstimate.Effect => Simple.Overall.Effect;
    Multiplier? IEffectEstimate.Multiplier => Simple.Overall.Multiplier;
    string IEffectEstimate.CovarianceType => CovarianceType;
    IReadOnlyList<double>? IEffectEstimate.Influence => Simple.Overall.InfluenceFunction;
    public double InfluenceVarianceFactor => 1.0 / ((double)UnitCount * UnitCount);

    /// <summary>
    /// Wald test that the event-study effects of the <paramref name="leads"/> periods before adoption (event times
    /// −leads..−1 that could be estimated and vary) are all 0, from the influence functions of the dynamic aggregation:
    /// the same Wald statistic as <see cref="PreTrend"/> (W = n·θᵀV⁻¹θ, V = Ψᵀ Ψ / n), χ²(k). With hundreds of cohorts × periods the cell-level
    /// <see cref="PreTrend"/> is a Wald test in hundreds of dimensions whose estimated covariance is ill-conditioned,
    /// so it rejects even when every pre-period event-study effect is near 0; this test asks the question a reader of
    /// the event-study chart asks. Null when no lead is available or the covariance is singular.
    /// </summary>
    public PreTrendTest? EventStudyPreTrend(int leads = 6)
    {
        if (leads < 1)
            throw new ArgumentOutOfRangeException(nameof(leads), leads, $"The 'leads' parameter of EventStudyPreTrend must be at least 1. Got {leads} instead.");
        var pre = Dynamic.Elements
            .Where(e => e.Key is int k && k < 0 && k >= -leads && e.Effect.StandardError > 0)
            .ToArray();
        if (pre.Length == 0) return null;
        var gram = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(pre.Length, pre.Length, (a, b) =>
        {
            double sum = 0;
            var ia = pre[a].InfluenceFunction;
            var ib = pre[b].InfluenceFunction;
            for (int i = 0; i < ia.Count; i++) sum += ia[i] * ib[i];
            return sum;
        });
        return StaggeredDidFitter.Wald(gram, pre.Select(e => e.Estimate).ToArray(), UnitCount);
    }

    public GroupTimeEffect this[int cohort, int period] => GroupTime.First(c => c.Cohort == cohort && c.Period == period);
}
