using Modeling.Simulation.Organisation;
using Modeling.Simulation.Truth;

namespace Modeling.Simulation.Generation;

/// <summary>
/// The rates and probabilities of one team-month in one world (with or without AI). The generator draws from them;
/// <see cref="Expect"/> turns them into exact expected outcomes.
/// </summary>
internal readonly record struct MonthParameters
{
    public required double PrRatePerEngineerMonth { get; init; }   // merged PRs per engineer-month for a personal rate of 1
    public required double Releases { get; init; }                  // expected releases in the team-month
    public required double SplitExtra { get; init; }                // mean extra deployments per release
    public required double FailureProbability { get; init; }
    public required double IncidentProbability { get; init; }
    public required double HotfixProbability { get; init; }
    public required double UnplannedProbability { get; init; }
    public required double BackgroundIncidents { get; init; }
    public required double Defects { get; init; }
    public required double EscapeProbability { get; init; }
    public required double RevertProbability { get; init; }
    public required double PrSizeMedian { get; init; }
    public required double ReviewWaitMedianHours { get; init; }
    public required double ReviewToMergeMedianHours { get; init; }
    public required double LeadTimeMedianHours { get; init; }
    public required double RecoveryMedianHours { get; init; }

    public const double UnplannedBase = 0.05;
    public const double HotfixBase = 0.04;
    public const double EscapeBase = 0.25;
    public const double RevertBase = 0.02;
    public const double BackgroundIncidentRate = 0.06;
    public const double DefectRate = 0.25;
    public const double MergedPrRate = 4.6;
    public const double ReleaseRate = 1.3;

    /// <summary>
    /// Parameters for a team-month. <paramref name="eventTime"/> is null in the world without AI (or before adoption).
    /// </summary>
    public static MonthParameters For(SimulationOptions options, Team team, double trendSeason, double engineerMonths,
        double weightedEngineerMonths, int? eventTime)
    {
        // Without any effect of AI the adopted months take the parameters of the months before adoption.
        bool treated = eventTime is not null && !options.NoEffect;
        int e = treated ? eventTime!.Value : -1;
        double scale = options.ActivityScale;
        double multiplier = options.MultiplierOf(team.Tool);
        double prMultiplier = treated ? EffectModel.MergedPrMultiplier(multiplier, team.CohortFactor, e) : 1;
        double releaseMultiplier = treated ? EffectModel.ReleaseMultiplier(multiplier, team.CohortFactor, e, team.SplitsReleases) : 1;
        return new MonthParameters
        {
            PrRatePerEngineerMonth = MergedPrRate * scale * team.PrLevel * trendSeason * prMultiplier,
            Releases = ReleaseRate * scale * team.ReleaseLevel * trendSeason * engineerMonths * releaseMultiplier,
            SplitExtra = treated ? EffectModel.SplitExtra(e, team.SplitsReleases) : 0,
            FailureProbability = team.FailureProbability * EffectModel.Ramped(EffectModel.FailureFactor, e),
            IncidentProbability = team.IncidentProbability * EffectModel.Ramped(EffectModel.IncidentFactor, e),
            HotfixProbability = HotfixBase * EffectModel.Ramped(EffectModel.HotfixFactor, e),
            UnplannedProbability = UnplannedBase,
            BackgroundIncidents = BackgroundIncidentRate * scale * trendSeason * engineerMonths,
            Defects = DefectRate * scale * trendSeason * engineerMonths * EffectModel.Ramped(EffectModel.DefectFactor, e),
            EscapeProbability = EscapeBase * EffectModel.Ramped(EffectModel.EscapeFactor, e),
            RevertProbability = RevertBase * EffectModel.Ramped(EffectModel.RevertFactor, e),
            PrSizeMedian = team.PrSizeMedian * EffectModel.Ramped(team.Slices ? EffectModel.SlicingSizeFactor : EffectModel.OtherSizeFactor, e),
            ReviewWaitMedianHours = team.ReviewWaitMedianHours * EffectModel.Ramped(EffectModel.ReviewFactor, e),
            ReviewToMergeMedianHours = team.ReviewToMergeMedianHours * EffectModel.Ramped(EffectModel.ReviewFactor, e),
            LeadTimeMedianHours = team.LeadTimeMedianHours * EffectModel.Ramped(EffectModel.LeadTimeFactor, e),
            RecoveryMedianHours = team.RecoveryMedianHours * EffectModel.Ramped(EffectModel.RecoveryFactor, e),
            WeightedEngineerMonths = weightedEngineerMonths,
        };
    }

    /// <summary>Σ over members of personal rate × engineer-months: expected merged PRs = PR rate × this.</summary>
    public required double WeightedEngineerMonths { get; init; }

    /// <summary>Share of failed deployments not followed by a successful rollback: the chance a deployment yields no success.</summary>
    private double NoSuccessProbability => FailureProbability * (1 - EffectModel.RollbackShare);

    /// <summary>
    /// Exact expectations given these parameters and <paramref name="weekdays"/> working days:
    /// releases ~ Poisson(Releases/W) per weekday; each release is 1 + Poisson(SplitExtra) deployments the same day;
    /// each fails with FailureProbability, a failure is followed by a rollback with probability 0.6; every successful
    /// non-rollback deployment causes an incident with IncidentProbability (created the same month).
    /// </summary>
    public void Expect(int weekdays, Expectation[] into)
    {
        double perRelease = 1 + SplitExtra;
        double deployed = Releases * perRelease;                   // non-rollback deployments
        double f = FailureProbability;
        double g = NoSuccessProbability;
        // P(a release yields no successful deployment) = E[g^N], N = 1 + Poisson(s): g·exp(−s(1−g)).
        double releaseNoSuccess = g * Math.Exp(-SplitExtra * (1 - g));
        double days = weekdays * (1 - Math.Exp(-(Releases / weekdays) * (1 - releaseNoSuccess)));
        double all = deployed * (1 + EffectModel.RollbackShare * f);
        double successful = deployed * (1 - f) + deployed * f * EffectModel.RollbackShare;
        double caused = deployed * (1 - f) * IncidentProbability;
        double rework = 1 - (1 - HotfixProbability) * (1 - UnplannedProbability);
        double merged = PrRatePerEngineerMonth * WeightedEngineerMonths;

        into[(int)TruthOutcome.MergedPrs] = new(merged, 1);
        into[(int)TruthOutcome.Deployments] = new(successful, 1);
        into[(int)TruthOutcome.DeploymentDays] = new(days, 1);
        into[(int)TruthOutcome.Incidents] = new(caused + BackgroundIncidents, 1);
        into[(int)TruthOutcome.Defects] = new(Defects, 1);
        into[(int)TruthOutcome.EscapedDefects] = new(Defects * EscapeProbability, 1);
        into[(int)TruthOutcome.ChangeFailureRate] = new(deployed * f + caused, all);
        into[(int)TruthOutcome.ReworkRate] = new(deployed * (f * EffectModel.RollbackShare + rework), all);
        into[(int)TruthOutcome.RevertRate] = new(merged * RevertProbability, merged);
        into[(int)TruthOutcome.PrSizeLines] = new(PrSizeMedian, 1);
        into[(int)TruthOutcome.ReviewWaitHours] = new(ReviewWaitMedianHours, 1);
        into[(int)TruthOutcome.PrCycleHours] = new(ReviewWaitMedianHours + ReviewToMergeMedianHours, 1);
        into[(int)TruthOutcome.LeadTimeHours] = new(LeadTimeMedianHours, 1);
        into[(int)TruthOutcome.RecoveryHours] = new(RecoveryMedianHours, 1);
    }
}
