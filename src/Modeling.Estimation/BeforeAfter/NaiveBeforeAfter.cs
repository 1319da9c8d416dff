using Modeling.Estimation.Data;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.BeforeAfter;

/// <summary>
/// What dashboards show: among units that adopt within the panel, the mean outcome after adoption divided by the
/// mean before (a ratio of means over observations, weighted if the panel has weights). No comparison group, so
/// any common trend or selection of fast teams into early adoption lands in the "effect" — kept to expose that bias.
/// </summary>
/// <remarks>
/// Inference on log R = log m_after − log m_before by the unit-clustered delta method: unit g's influence is
/// Σ_{i∈g, after} w_i(y_i − m_a)/(W_a m_a) − Σ_{i∈g, before} w_i(y_i − m_b)/(W_b m_b), Var = G/(G−1)·Σ_g ψ_g².
/// </remarks>
public sealed record NaiveBeforeAfter
{
    public double ConfidenceLevel { get; init; } = 0.95;

    public NaiveBeforeAfterResult Fit(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) throw new EstimationException(Messages.ConfidenceLevelOutOfRange(ConfidenceLevel));
        var cohort = panel.Cohort ?? throw new EstimationException(Messages.MissingCohort("Naive before/after"));
        for (int i = 0; i < panel.Count; i++)
        {
            if (!double.IsFinite(panel.Outcome[i])) throw new EstimationException(Messages.NonFiniteValue(panel.OutcomeName, i, panel.Outcome[i]));
            if (panel.Weight is { } wt && !(wt[i] > 0 && double.IsFinite(wt[i]))) throw new EstimationException(Messages.NonPositiveWeight(i, wt[i]));
        }

        var rows = Enumerable.Range(0, panel.Count).Where(i => cohort[i] != PanelData.NeverTreated).ToArray();
        if (rows.Length == 0) throw new EstimationException(Messages.NoAdoptedUnits);
        double sa = 0, wa = 0, sb = 0, wb = 0;
        int na = 0, nb = 0;
        foreach (int i in rows)
        {
            double w = panel.Weight?[i] ?? 1.0;
            if (panel.Time[i] >= cohort[i]) { sa += w * panel.Outcome[i]; wa += w; na++; }
            else { sb += w * panel.Outcome[i]; wb += w; nb++; }
        }
        if (na == 0 || nb == 0) throw new EstimationException(Messages.NoBeforeOrAfter(nb, na));
        double ma = sa / wa, mb = sb / wb;
        if (!(mb > 0)) throw new EstimationException(Messages.NonPositiveMean("before", mb));
        if (!(ma > 0)) throw new EstimationException(Messages.NonPositiveMean("after", ma));

        var influence = new SortedDictionary<int, double>();
        foreach (int i in rows)
        {
            double w = panel.Weight?[i] ?? 1.0;
            double psi = panel.Time[i] >= cohort[i] ? w * (panel.Outcome[i] - ma) / (wa * ma) : -w * (panel.Outcome[i] - mb) / (wb * mb);
            influence[panel.Unit[i]] = influence.GetValueOrDefault(panel.Unit[i]) + psi;
        }
        int g = influence.Count;
        if (g < 2) throw new EstimationException(Messages.FewerThanTwoClusters(g));
        double variance = g / (g - 1.0) * influence.Values.Sum(v => v * v);
        var logRatio = new Effect(Math.Log(ma / mb), Math.Sqrt(variance), ConfidenceLevel);
        return new NaiveBeforeAfterResult(
            logRatio, Multiplier.FromLogEffect(logRatio), ma, mb, na, nb, g,
            [.. influence.Keys.Select(u => panel.UnitLabels[u])], [.. influence.Values]);
    }
}

/// <summary>
/// Ratio of means after ÷ before adoption (<see cref="Multiplier"/>, interval from the log scale), its log
/// (<see cref="LogRatio"/>), the two means and counts, and the per-unit influence on the log ratio.
/// </summary>
public sealed record NaiveBeforeAfterResult(
    Effect LogRatio,
    Multiplier Multiplier,
    double MeanAfter,
    double MeanBefore,
    int ObservationsAfter,
    int ObservationsBefore,
    int ClusterCount,
    IReadOnlyList<string> ClusterUnits,
    IReadOnlyList<double> Influence) : IEffectEstimate
{
    public const string CovarianceType = "delta method on the log ratio, clustered by unit: G/(G-1) * sum of squared unit influences";

    public int ObservationCount => ObservationsAfter + ObservationsBefore;

    Effect IEffectEstimate.Effect => LogRatio;
    Multiplier? IEffectEstimate.Multiplier => Multiplier;
    string IEffectEstimate.CovarianceType => CovarianceType;
    IReadOnlyList<double>? IEffectEstimate.Influence => Influence;
    public double InfluenceVarianceFactor => ClusterCount / (ClusterCount - 1.0);
}
