using Modeling.Estimation.Regression;
using Modeling.Estimation.Data;

namespace Modeling.Estimation.Staggered;

/// <summary>Which units serve as controls for a cohort.</summary>
public enum ControlGroup
{
    /// <summary>Units never treated in the sample (cohort 0, or first treated after the last period).</summary>
    NeverTreated,
    /// <summary>Never-treated units plus units not yet treated (nor anticipating) in the compared periods.</summary>
    NotYetTreated,
}

/// <summary>The 2×2 DiD estimator used for each ATT(g,t) (Sant'Anna &amp; Zhao 2020, as R DRDID).</summary>
public enum EstimationMethod
{
    /// <summary>Outcome regression: OLS of ΔY on X among controls, imputed for the treated (DRDID reg_did_panel).</summary>
    OutcomeRegression,
    /// <summary>Normalised (Hajek) inverse probability weighting with a logit propensity score (DRDID std_ipw_did_panel).</summary>
    InverseProbabilityWeighting,
    /// <summary>Locally efficient doubly robust estimator (DRDID drdid_panel, what R did's att_gt uses). Equals OR without covariates.</summary>
    DoublyRobust,
}

/// <summary>The base period of each ATT(g,t).</summary>
public enum BasePeriod
{
    /// <summary>Post-treatment cells compare with g−δ−1; pre-treatment cells with the period just before t (did's default).</summary>
    Varying,
    /// <summary>Every cell of cohort g compares with g−δ−1; that reference cell is reported as 0.</summary>
    Universal,
}

/// <summary>The scale on which the effect is read as a multiplier (DESIGN.md, "The scale matters").</summary>
public enum EffectScale
{
    /// <summary>Level ATTs only; no multiplier.</summary>
    Level,
    /// <summary>CS on log outcomes (all outcomes must be &gt; 0); multiplier = exp(ATT), interval = exp of the log interval.</summary>
    Log,
    /// <summary>
    /// Level ATTs plus a ratio-of-means multiplier: treated mean ÷ (treated mean − ATT) over the same cells and weights,
    /// interval from the delta method on the log ratio using both influence functions. Works with zeros.
    /// </summary>
    Ratio,
}

/// <summary>Multiplier bootstrap settings (did's mboot): Rademacher weights drawn per unit (or cluster), seeded.</summary>
/// <param name="Draws">Number of bootstrap draws (did's biters), at least 100.</param>
/// <param name="Seed">Seed of the weight draws; same seed, same numbers.</param>
/// <param name="UniformBands">Also compute sup-t critical values for simultaneous bands over each family of estimates.</param>
public sealed record Bootstrap(int Draws = 1000, int Seed = 20211, bool UniformBands = true);

/// <summary>
/// Callaway &amp; Sant'Anna (2021) staggered difference-in-differences: one ATT(g,t) per cohort g and period t from a 2×2
/// comparison with controls, then aggregations (simple, dynamic, group, calendar) with influence-function standard
/// errors and a multiplier bootstrap, following R did 2.x (att_gt, aggte) and DRDID. Inference is clustered by unit.
/// </summary>
/// <remarks>
/// <para>Unbalanced panels: by default each ATT(g,t) uses the treated and control units observed in both t and its base
/// period; its influence function is rescaled by n/n₁ and is 0 for the other units, where n counts every unit in the
/// sample (as did does for a balanced panel, so balanced panels give did's numbers exactly). This keeps every unit and
/// the panel (within-unit) differencing. did itself either balances the panel (its default: drops units with gaps; the
/// caller does that) or, with <see cref="AllowUnbalancedPanel"/>, switches to its repeated-cross-section estimators.</para>
/// <para>Sample rules as did's pre-processing: cohorts first treated after the last period count as never treated;
/// units treated in the first period are dropped (counted in <see cref="StaggeredDidResult.DroppedUnitCount"/>);
/// without never-treated units and with not-yet-treated controls, periods from the last cohort's start − δ on are dropped.</para>
/// <para>Covariates are read in each cell's base period (time-invariant covariates are the intended use).</para>
/// </remarks>
public sealed record StaggeredDid
{
    public ControlGroup ControlGroup { get; init; } = ControlGroup.NeverTreated;
    public EstimationMethod Method { get; init; } = EstimationMethod.DoublyRobust;
    public BasePeriod BasePeriod { get; init; } = BasePeriod.Varying;
    /// <summary>Number of periods before g in which units may already react (did's anticipation, δ).</summary>
    public int Anticipation { get; init; }
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Names of <see cref="PanelData.Covariates"/> to condition on; empty = unconditional parallel trends.</summary>
    public IReadOnlyList<string> Covariates { get; init; } = [];
    /// <summary>Multiplier bootstrap; null = analytic influence-function inference only (no uniform bands).</summary>
    public Bootstrap? Bootstrap { get; init; } = new();
    /// <summary>
    /// A cluster above the unit for each unit label (did's clustervars): the bootstrap then draws one multiplier per
    /// cluster, so bootstrap SEs and bands are cluster-robust (did allows clustering only with its bootstrap, and so does
    /// this). Null: units are the clusters.
    /// </summary>
    public IReadOnlyDictionary<string, string>? UnitClusters { get; init; }
    public EffectScale Scale { get; init; } = EffectScale.Level;
    /// <summary>Dynamic aggregation: keep event times ≥ this (did's min_e).</summary>
    public int? MinEventTime { get; init; }
    /// <summary>Dynamic aggregation: keep event times ≤ this (did's max_e).</summary>
    public int? MaxEventTime { get; init; }
    /// <summary>
    /// did's allow_unbalanced_panel: on a panel with gaps every observation of a cell's two periods enters DRDID's
    /// repeated-cross-section estimators (reg_did_rc, std_ipw_did_rc, drdid_rc) with its own covariates, and the influence
    /// function is summed by unit (n/n₁ with n₁ observations). A balanced panel is fitted as a panel either way.
    /// </summary>
    public bool AllowUnbalancedPanel { get; init; }
    /// <summary>Dynamic aggregation: only cohorts observed for at least this many periods after treatment (did's balance_e).</summary>
    public int? BalanceEventTime { get; init; }

    /// <summary>Estimates every ATT(g,t), the aggregations, bootstrap and pre-trend test. Does not change <paramref name="panel"/>.</summary>
    /// <exception cref="ArgumentException">Degenerate or invalid input; texts in <see cref="StaggeredDidMessages"/>.</exception>
    public StaggeredDidResult Fit(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        Validate();
        var layout = PanelLayout.Build(panel, this);
        return StaggeredDidFitter.Fit(layout, this);
    }

    private void Validate()
    {
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            throw new EstimationException(StaggeredDidMessages.InvalidConfidenceLevel(ConfidenceLevel));
        if (Anticipation < 0)
            throw new EstimationException(StaggeredDidMessages.InvalidAnticipation(Anticipation));
        if (UnitClusters is not null && Bootstrap is null)
            throw new EstimationException(StaggeredDidMessages.ClustersNeedBootstrap);
        if (Bootstrap is { Draws: < 100 } b)
            throw new EstimationException(StaggeredDidMessages.InvalidBootstrapDraws(b.Draws));
        if (MinEventTime is int lo && MaxEventTime is int hi && lo > hi)
            throw new EstimationException(StaggeredDidMessages.InvalidEventWindow(lo, hi));
    }
}
