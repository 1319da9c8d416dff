using Modeling.Estimation.Data;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Sensitivity;

namespace Modeling.Estimation.Imputation;

/// <summary>
/// The imputation estimator's own event study with a universal base period, the input of the Rambachan–Roth
/// sensitivity analysis: the untreated-outcome model is fitted on team-periods more than <see cref="Leads"/> periods
/// before adoption (and on never-adopted teams), every later period of an adopting team is imputed, and each event time's
/// effect is taken relative to event time −1: β_e = τ_e − τ_−1, e = −Leads..−2 and 0..<see cref="LastEventTime"/>. The
/// pre-adoption β_e are then deviations from parallel trends on the headline's own scale (logs of multipliers for the
/// Poisson and Log forms), and their covariance with the post-adoption ones comes from the same per-team influence
/// functions (G/(G−1)·Σ_g ψ_a,g ψ_b,g), as anticipation is handled in did and didimputation. With
/// <see cref="BinWidth"/> w &gt; 1 the "event times" are bins of w periods (bin −1 = periods −w..−1, bin 0 = 0..w−1), each
/// pooled as the headline pools its periods: monthly estimates are noisy, and a bound on period-to-period changes set by
/// the largest noisy pre-adoption change is far looser than one on quarter-to-quarter changes.
/// </summary>
/// <remarks>
/// Teams that adopt within <see cref="Leads"/> periods of the panel's start have no team-period left to fit their level
/// on and are left out, as are post-adoption event times reached by fewer than two adopting teams (no leave-out interval)
/// and all later ones.
/// </remarks>
public sealed record ImputationEventStudy
{
    public ImputationForm Form { get; init; } = ImputationForm.Poisson;
    public ImputationVariance Variance { get; init; } = ImputationVariance.LeaveUnitOut;
    /// <summary>Pre-adoption event times: −Leads..−1 (−1 is the reference).</summary>
    public int Leads { get; init; } = 6;
    /// <summary>The last post-adoption event time (or bin) kept (0 = the adoption period).</summary>
    public int LastEventTime { get; init; } = 11;
    /// <summary>Periods per event-time bin; <see cref="Leads"/> must be a multiple of it.</summary>
    public int BinWidth { get; init; } = 1;

    public ImputationEventStudyResult Fit(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (Leads < 2) throw new EstimationException(Messages.EventStudyLeadsOutOfRange(Leads));
        if (LastEventTime < 0) throw new EstimationException(Messages.EventStudyLastEventTimeOutOfRange(LastEventTime));
        if (BinWidth < 1 || Leads % BinWidth != 0 || Leads / BinWidth < 2)
            throw new EstimationException(Messages.EventStudyBinWidthOutOfRange(BinWidth, Leads));
        int leadBins = Leads / BinWidth;
        var cohort = panel.Cohort ?? throw new EstimationException(Messages.MissingCohort("The imputation event study"));
        int firstTime = panel.Time.Min();
        // Anticipation-style shift: event times −Leads..−1 become "adopted" and are imputed like the post-adoption ones.
        var rows = Enumerable.Range(0, panel.Count)
            .Where(i => cohort[i] == PanelData.NeverTreated || cohort[i] - Leads > firstTime).ToArray();
        var shifted = panel.Rows(rows, i => cohort[i] == PanelData.NeverTreated ? PanelData.NeverTreated : cohort[i] - Leads)
            ?? throw new EstimationException(Messages.NoUntreatedObservations);
        int leftOut = panel.Count == rows.Length ? 0
            : Enumerable.Range(0, panel.Count).Except(rows).Select(i => panel.Unit[i]).Distinct().Count();

        var fit = new ImputationDid { Form = Form, Variance = Variance, HorizonWidth = BinWidth }.Fit(shifted);
        var byEventTime = fit.ByHorizon.ToDictionary(h => h.RelativeTime / BinWidth - leadBins);
        bool Usable(int e) => byEventTime.TryGetValue(e, out var h) && double.IsFinite(h.Effect.StandardError) && h.Influence.Count > 0;
        for (int e = -leadBins; e <= -1; e++)
            if (!Usable(e)) throw new EstimationException(Messages.EventStudyPreMissing(e));
        int last = -1;
        while (last < LastEventTime && Usable(last + 1)) last++;
        if (last < 0) throw new EstimationException(Messages.EventStudyPostMissing);

        var times = Enumerable.Range(-leadBins, leadBins - 1).Concat(Enumerable.Range(0, last + 1)).ToArray();
        var reference = byEventTime[-1];
        var psi = times.Select(e => byEventTime[e].Influence.Select((v, k) => v - reference.Influence[k]).ToArray()).ToArray();
        var covariance = new double[times.Length, times.Length];
        for (int a = 0; a < times.Length; a++)
            for (int b = a; b < times.Length; b++)
                covariance[a, b] = covariance[b, a] = fit.InfluenceCovariance(psi[a], psi[b]);
        var estimates = times.Select(e => byEventTime[e].Effect.Estimate - reference.Effect.Estimate).ToArray();
        var postWeights = Enumerable.Range(0, last + 1).Select(e => byEventTime[e].Weight).ToArray();
        double total = postWeights.Sum();
        return new ImputationEventStudyResult(this, new EventStudyEstimates(times, estimates, covariance),
            [.. postWeights.Select(w => w / total)], fit.AdoptingUnits, leftOut);
    }
}

/// <summary>The imputation event study (universal base −1).</summary>
/// <param name="Options">The options it was fitted with.</param>
/// <param name="EventStudy">β_e and their covariance, e = −Leads..−2 and 0..last.</param>
/// <param name="PostWeights">Each kept post-adoption event time's share of the headline's weight (Σ p·μ₀ or Σ p), summing to 1:
/// the target l that averages the event study as the headline averages its horizons.</param>
/// <param name="AdoptingUnits">Adopting units with an imputed period.</param>
/// <param name="UnitsLeftOut">Adopting units left out for adopting within Leads periods of the panel's start.</param>
public sealed record ImputationEventStudyResult(ImputationEventStudy Options, EventStudyEstimates EventStudy,
    IReadOnlyList<double> PostWeights, int AdoptingUnits, int UnitsLeftOut)
{
    /// <summary>The headline-weighted average of the post-adoption effects, as a sensitivity target.</summary>
    public SensitivityTarget HeadlineWeighted =>
        SensitivityTarget.Weighted(PostWeights.Select((w, e) => (e, w)).ToDictionary(p => p.e, p => p.w));
}
