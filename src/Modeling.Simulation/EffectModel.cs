namespace Modeling.Simulation;

/// <summary>
/// The effects built into the simulator, as pure functions of the team's state in a month.
/// All effects are multiplicative and start in the adoption month (event time e = 0):
/// <list type="bullet">
/// <item><c>ramp(e) = min(1, (e+1)/RampMonths)</c>: the share of the steady-state effect reached e months after adoption.</item>
/// <item><c>cohortFactor = 1.2 − 0.4·p</c>, p = (adoption month − first possible) / (last possible − first possible):
///   early cohorts gain more (1.2), late cohorts less (0.8), the middle cohort exactly 1.</item>
/// <item>merged PRs per engineer: <c>M^(cohortFactor·ramp(e))</c>, M = <see cref="SimulationOptions.TrueMultiplier"/>.</item>
/// <item>releases: <c>M^(0.5·cohortFactor·ramp(e))</c>; release-splitting teams <c>M^(0.1·cohortFactor·ramp(e))</c> and each release
///   becomes 1 + Poisson(<see cref="SplitExtraDeployments"/>·ramp(e)) deployments on the same day.</item>
/// <item>quality: failure probability ×1.3^ramp, incident-per-deployment probability ×1.4^ramp, defects ×1.15^ramp,
///   escape probability ×1.3^ramp, hotfix probability ×1.2^ramp, revert probability ×1.3^ramp (not cohort-specific).</item>
/// <item>durations (scale of lognormal distributions): review wait and review-to-merge ×0.9^ramp, lead time ×0.8^ramp,
///   recovery ×1.1^ramp; PR size ×0.6^ramp for slicing teams and ×0.95^ramp for others.</item>
/// </list>
/// </summary>
public static class EffectModel
{
    /// <summary>Months until the full effect: ramp(e) = min(1, (e+1)/RampMonths).</summary>
    public const int RampMonths = 4;

    /// <summary>Cohort factor of the earliest possible cohort.</summary>
    public const double EarliestCohortFactor = 1.2;

    /// <summary>Cohort factor of the latest possible cohort.</summary>
    public const double LatestCohortFactor = 0.8;

    /// <summary>Elasticity of releases (deployment events) to the merged-PR effect, in logs.</summary>
    public const double ReleaseElasticity = 0.5;

    /// <summary>Elasticity of releases for release-splitting teams (they mostly split, they barely ship more).</summary>
    public const double SplitterReleaseElasticity = 0.1;

    /// <summary>Steady-state mean number of extra deployments a release-splitting team makes per release.</summary>
    public const double SplitExtraDeployments = 1.5;

    /// <summary>Share of failed deployments followed by a (successful) rollback deployment the same day.</summary>
    public const double RollbackShare = 0.6;

    public const double FailureFactor = 1.3;
    public const double IncidentFactor = 1.4;
    public const double DefectFactor = 1.15;
    public const double EscapeFactor = 1.3;
    public const double HotfixFactor = 1.2;
    public const double RevertFactor = 1.3;
    public const double ReviewFactor = 0.9;
    public const double LeadTimeFactor = 0.8;
    public const double RecoveryFactor = 1.1;
    public const double SlicingSizeFactor = 0.6;
    public const double OtherSizeFactor = 0.95;

    /// <summary>Share of the steady-state effect reached at event time e (0 before adoption).</summary>
    public static double Ramp(int eventTime) => eventTime < 0 ? 0 : Math.Min(1.0, (eventTime + 1) / (double)RampMonths);

    /// <summary>Cohort factor of a cohort adopting in month index <paramref name="adoptionMonth"/>.</summary>
    public static double CohortFactor(int adoptionMonth, int firstAdoptionMonth, int lastAdoptionMonth)
    {
        double p = lastAdoptionMonth > firstAdoptionMonth
            ? (adoptionMonth - firstAdoptionMonth) / (double)(lastAdoptionMonth - firstAdoptionMonth)
            : 0.5;
        return EarliestCohortFactor + (LatestCohortFactor - EarliestCohortFactor) * p;
    }

    /// <summary>Multiplier of merged PRs per engineer at event time e for a cohort.</summary>
    public static double MergedPrMultiplier(double trueMultiplier, double cohortFactor, int eventTime) =>
        Math.Pow(trueMultiplier, cohortFactor * Ramp(eventTime));

    /// <summary>Multiplier of releases (before splitting) at event time e.</summary>
    public static double ReleaseMultiplier(double trueMultiplier, double cohortFactor, int eventTime, bool splitsReleases) =>
        Math.Pow(trueMultiplier, (splitsReleases ? SplitterReleaseElasticity : ReleaseElasticity) * cohortFactor * Ramp(eventTime));

    /// <summary>Mean extra deployments per release at event time e (0 for teams that do not split).</summary>
    public static double SplitExtra(int eventTime, bool splitsReleases) =>
        splitsReleases ? SplitExtraDeployments * Ramp(eventTime) : 0;

    /// <summary>A quality or duration factor raised to ramp(e).</summary>
    public static double Ramped(double factor, int eventTime) => Math.Pow(factor, Ramp(eventTime));
}
