using MathNet.Numerics.Distributions;
using Modeling.Panel;
using Modeling.Results;
using Modeling.Estimation.Data;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Regression;

namespace Modeling.Analysis.Refutations;

/// <summary>Settings of the refutations. Immutable.</summary>
public sealed record RefutationOptions
{
    /// <summary>Seed of the placebo-outcome permutation and the random common cause.</summary>
    public int Seed { get; init; } = AnalysisOptions.DefaultSeed;

    /// <summary>Periods by which every adopted team's adoption is moved earlier in the placebo-date test (a quarter of months).</summary>
    public int PlaceboShift { get; init; } = 3;

    /// <summary>A placebo passes when its p-value is at least this ...</summary>
    public double PlaceboAlpha { get; init; } = 0.05;

    /// <summary>... or when its multiplier is within this distance of 1 on the log scale (2%: far below any mandate's target,
    /// yet detectable at 2,100 teams, where a significance test alone would flag negligible deviations).</summary>
    public double NegligibleLogEffect { get; init; } = 0.02;

    /// <summary>The random common cause passes when the estimate moves by at most this many of its standard errors (log scale).</summary>
    public double RandomCauseTolerance { get; init; } = 0.25;

    /// <summary>At most this many leave-out refits: with more cohorts, consecutive cohorts are left out together (cost bound).</summary>
    public int MaxCohortGroups { get; init; } = 8;

    /// <summary>Adoption thresholds of the sensitivity test (the run's own threshold is skipped).</summary>
    public IReadOnlyList<double> Thresholds { get; init; } = [0.3, 0.4, 0.6, 0.7];
}

/// <summary>
/// Refutations of one outcome's headline (imputation) estimate: each refits the headline on altered data and says
/// whether the estimate survives (DESIGN.md, Refutations). Pure: no I/O; randomness from <see cref="RefutationOptions.Seed"/>.
/// </summary>
public sealed record RefutationSuite(OutcomeEstimation Estimation, RefutationOptions Options)
{
    public const string PlaceboDateTest = "placebo_adoption_date";
    public const string PlaceboOutcomeTest = "placebo_outcome";
    public const string RandomCommonCauseTest = "random_common_cause";
    public const string LeaveOneCohortOutTest = "leave_one_cohort_out";
    public const string AdoptionThresholdTest = "adoption_threshold";

    /// <summary>
    /// Every refutation of each outcome's headline estimate, outcome by outcome (placebo date, placebo outcome, random
    /// common cause, leave one cohort out, other adoption thresholds, parallel-trends sensitivity), the refits side by
    /// side; and each outcome's placebo-date estimate. Outcomes without a headline estimate are skipped.
    /// </summary>
    /// <param name="panel">The panel (its ai_active_share gives the cohorts at the other thresholds).</param>
    /// <param name="outcomes">The outcomes with their data, in the order the rows are written.</param>
    /// <param name="effects">The effects estimated so far (the headline rows are looked up here).</param>
    /// <param name="runThreshold">The run's own adoption threshold (left out of the threshold test).</param>
    /// <param name="confidenceLevel">Level of the sensitivity intervals.</param>
    public (IReadOnlyList<RefutationRow> Rows, IReadOnlyDictionary<string, PlaceboEstimate> Placebo) Run(TeamPanel panel,
        IReadOnlyList<(string Name, OutcomeKind Kind, PanelData Data)> outcomes, IReadOnlyList<EffectRow> effects, double runThreshold,
        double confidenceLevel)
    {
        var thresholds = Options.Thresholds.Where(t => Math.Abs(t - runThreshold) > 1e-12)
            .Select(t => (t, AdoptionRule.AdoptionPeriodsAt(panel, t))).ToArray();
        string Label(int ordinal) => PeriodCalendar.Label(PeriodCalendar.FromOrdinal(ordinal, panel.Options.Period), panel.Options.Period);
        var jobs = new List<Func<(IReadOnlyList<RefutationRow> Rows, PlaceboEstimate? Placebo)>>();
        foreach (var (name, kind, d) in outcomes)
        {
            var headline = effects.FirstOrDefault(e => e.Outcome == name && e.Headline);
            if (headline is null) continue;
            jobs.Add(() => { var row = PlaceboDate(d, kind, out var p); return ([row], p); });
            jobs.Add(() => ([PlaceboOutcome(d, kind)], null));
            jobs.Add(() => ([RandomCommonCause(d, kind, headline)], null));
            jobs.Add(() => (LeaveOneCohortOut(d, kind, headline, Label), null));
            jobs.Add(() => (AdoptionThreshold(d, kind, headline, thresholds), null));
            jobs.Add(() => (ParallelTrendsSensitivity.Rows(d, kind, confidenceLevel, Options.Seed), null));
        }
        var results = ParallelJobs.Run(jobs);
        var placebo = new SortedDictionary<string, PlaceboEstimate>(StringComparer.Ordinal);
        foreach (var (rows, p) in results)
            if (p is not null) placebo[rows[0].Outcome] = p;
        return ([.. results.SelectMany(r => r.Rows)], placebo);
    }

    /// <summary>
    /// Placebo adoption dates: only untreated rows are kept (never-adopted teams, adopted teams before their adoption),
    /// and each adopted team is pretended to adopt <see cref="RefutationOptions.PlaceboShift"/> periods earlier. AI
    /// cannot have acted before adoption, so the multiplier should be 1; a clear departure means pre-trends or
    /// anticipation, which the real estimate would carry too.
    /// </summary>
    public RefutationRow PlaceboDate(PanelData data, OutcomeKind kind, out PlaceboEstimate? placebo)
    {
        placebo = null;
        var cohort = Cohort(data);
        int shift = Options.PlaceboShift;
        var keep = Enumerable.Range(0, data.Count).Where(i => cohort[i] == PanelData.NeverTreated || data.Time[i] < cohort[i]).ToArray();
        var shifted = data.Rows(keep, i => cohort[i] == PanelData.NeverTreated ? PanelData.NeverTreated : cohort[i] - shift);
        string parameter = $"shift=-{shift}";
        if (shifted is null || Fit(shifted, kind) is not { } row)
            return NotEstimated(data.OutcomeName, PlaceboDateTest, parameter);
        placebo = new PlaceboEstimate(row.Value, row.CiLow, row.CiHigh, row.PValue);
        bool passed = PlaceboPasses(row);
        return Row(data.OutcomeName, PlaceboDateTest, parameter, row, null, passed, Messages.PlaceboDateDetail(shift, row.Value, passed));
    }

    /// <summary>
    /// Placebo outcome: each team's outcome series is shuffled across its own periods after dividing out the
    /// never-adopted teams' period means (and multiplied back in), so it keeps the team's level and the org-wide trend
    /// but loses any link with adoption timing. AI cannot have changed the order of a team's months, so the estimate
    /// should be 1; a clear departure means the estimator manufactures effects from the adoption pattern itself.
    /// </summary>
    public RefutationRow PlaceboOutcome(PanelData data, OutcomeKind kind)
    {
        var cohort = Cohort(data);
        var trend = data.Time.Distinct().ToDictionary(t => t, _ => 0.0);
        var counts = trend.Keys.ToDictionary(t => t, _ => 0);
        for (int i = 0; i < data.Count; i++)
            if (cohort[i] == PanelData.NeverTreated) { trend[data.Time[i]] += data.Outcome[i]; counts[data.Time[i]]++; }
        double Trend(int t) => counts[t] > 0 && trend[t] > 0 ? trend[t] / counts[t] : 1.0;

        var random = new Random(Options.Seed);
        var permuted = data.Outcome.ToArray();
        foreach (var rows in Enumerable.Range(0, data.Count).GroupBy(i => data.Unit[i]).OrderBy(g => g.Key))
        {
            var r = rows.ToArray();
            var order = r.ToArray();
            random.Shuffle(order);
            for (int k = 0; k < r.Length; k++)
                permuted[r[k]] = data.Outcome[order[k]] * Trend(data.Time[r[k]]) / Trend(data.Time[order[k]]);
        }
        const string parameter = "within-team permutation";
        if (Fit(data.WithOutcome(permuted, data.OutcomeName), kind) is not { } row)
            return NotEstimated(data.OutcomeName, PlaceboOutcomeTest, parameter);
        bool passed = PlaceboPasses(row);
        return Row(data.OutcomeName, PlaceboOutcomeTest, parameter, row, null, passed, Messages.PlaceboOutcomeDetail(row.Value, passed));
    }

    /// <summary>
    /// Random common cause: a standard-normal covariate independent of everything is added to the untreated-outcome
    /// model. A sound estimate barely moves; the tolerance is a fraction of the estimate's own standard error.
    /// </summary>
    public RefutationRow RandomCommonCause(PanelData data, OutcomeKind kind, EffectRow headline)
    {
        const string parameter = "covariate=N(0,1)";
        var random = new Random(Options.Seed + 1);
        var noise = new double[data.Count];
        for (int i = 0; i < noise.Length; i++) noise[i] = Normal.Sample(random, 0, 1);
        var form = OutcomeEstimation.HeadlineForm(data, kind);
        try
        {
            double without = ImputationPoint.Multiplier(data, form, []);
            double with = ImputationPoint.Multiplier(data, form, [new Regressor("random_common_cause", noise)]);
            double moved = Math.Abs(Math.Log(with) - Math.Log(without));
            var h = Numbers(headline);
            double se = (Math.Log(h.CiHigh) - Math.Log(h.CiLow)) / (2 * Normal.InvCDF(0, 1, 0.5 + h.ConfidenceLevel / 2));
            bool passed = moved <= Options.RandomCauseTolerance * se;
            return new RefutationRow
            {
                Outcome = data.OutcomeName, Test = RandomCommonCauseTest, Parameter = parameter, Multiplier = with, Value = moved, Passed = passed,
                Detail = Messages.RandomCauseDetail(without, with, Options.RandomCauseTolerance, passed),
            };
        }
        catch (EstimationException)
        {
            return NotEstimated(data.OutcomeName, RandomCommonCauseTest, parameter);
        }
    }

    /// <summary>
    /// Leave one cohort out: the headline refitted without each adoption cohort's teams (consecutive cohorts grouped when
    /// there are more than <see cref="RefutationOptions.MaxCohortGroups"/>). Passes when every refit's multiplier stays
    /// inside the headline's interval: no single cohort drives the result.
    /// </summary>
    public IReadOnlyList<RefutationRow> LeaveOneCohortOut(PanelData data, OutcomeKind kind, EffectRow headline, Func<int, string> periodLabel)
    {
        var h = Numbers(headline);
        var cohort = Cohort(data);
        var cohorts = cohort.Where(c => c != PanelData.NeverTreated).Distinct().Order().ToArray();
        if (cohorts.Length < 2) return [];
        int groups = Math.Min(cohorts.Length, Options.MaxCohortGroups);
        var rows = new List<RefutationRow>();
        for (int g = 0; g < groups; g++)
        {
            var left = cohorts[(g * cohorts.Length / groups)..((g + 1) * cohorts.Length / groups)];
            string parameter = left.Length == 1 ? $"cohort={periodLabel(left[0])}" : $"cohorts={periodLabel(left[0])}..{periodLabel(left[^1])}";
            var set = left.ToHashSet();
            var subset = data.Rows([.. Enumerable.Range(0, data.Count).Where(i => !set.Contains(cohort[i]))]);
            if (subset is null || Fit(subset, kind) is not { } row)
            {
                rows.Add(NotEstimated(data.OutcomeName, LeaveOneCohortOutTest, parameter));
                continue;
            }
            bool passed = row.Value >= h.CiLow && row.Value <= h.CiHigh;
            rows.Add(Row(data.OutcomeName, LeaveOneCohortOutTest, parameter, row, null, passed,
                Messages.LeaveOutDetail(parameter, row.Value, h, passed)));
        }
        return rows;
    }

    /// <summary>
    /// Adoption-threshold sensitivity: the headline refitted with each team's adoption period recomputed at another
    /// threshold. Passes when the refit's interval overlaps the headline's (the conclusion does not hinge on the threshold).
    /// </summary>
    /// <param name="data">The outcome's data at the run's threshold (unit labels are team ids).</param>
    /// <param name="kind">The outcome's kind.</param>
    /// <param name="headline">The headline estimate at the run's threshold.</param>
    /// <param name="cohortsByThreshold">Per alternative threshold: each team's adoption period ordinal (absent = never).</param>
    public IReadOnlyList<RefutationRow> AdoptionThreshold(PanelData data, OutcomeKind kind, EffectRow headline,
        IReadOnlyList<(double Threshold, IReadOnlyDictionary<string, int> Cohorts)> cohortsByThreshold)
    {
        var h = Numbers(headline);
        var rows = new List<RefutationRow>();
        foreach (var (threshold, cohorts) in cohortsByThreshold)
        {
            string parameter = "threshold=" + threshold.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
            var cohort = Enumerable.Range(0, data.Count)
                .Select(i => cohorts.TryGetValue(data.UnitLabels[data.Unit[i]], out var c) ? c : PanelData.NeverTreated).ToArray();
            // Cohorts unchanged at this threshold: the refit is the headline itself (saves a fit).
            var row = cohort.SequenceEqual(Cohort(data)) ? h : Fit(data.WithCohort(cohort), kind);
            if (row is null)
            {
                rows.Add(NotEstimated(data.OutcomeName, AdoptionThresholdTest, parameter));
                continue;
            }
            bool passed = row.CiLow <= h.CiHigh && row.CiHigh >= h.CiLow;
            rows.Add(Row(data.OutcomeName, AdoptionThresholdTest, parameter, row, null, passed,
                Messages.ThresholdDetail(threshold, row.Value, h, passed)));
        }
        return rows;
    }

    private bool PlaceboPasses(Multiplier row) =>
        row.PValue >= Options.PlaceboAlpha || Math.Abs(Math.Log(row.Value)) <= Options.NegligibleLogEffect;

    /// <summary>The headline estimator refitted; null when it cannot be estimated.</summary>
    private Multiplier? Fit(PanelData data, OutcomeKind kind) => Estimation.Headline(data, kind, []) is { } row ? Numbers(row) : null;

    /// <summary>The numbers of a headline row (the analysis's own rows always carry them; NaN stands for a missing one).</summary>
    private static Multiplier Numbers(EffectRow row) =>
        new(row.Multiplier ?? double.NaN, row.CiLow ?? double.NaN, row.CiHigh ?? double.NaN, row.CiLevel ?? double.NaN, row.PValue ?? double.NaN);

    private static IReadOnlyList<int> Cohort(PanelData data) =>
        data.Cohort ?? throw new ArgumentException("the panel has no cohort column", nameof(data));

    private static RefutationRow Row(string outcome, string test, string parameter, Multiplier fit, double? value, bool? passed, string detail) =>
        new()
        {
            Outcome = outcome, Test = test, Parameter = parameter,
            Multiplier = fit.Value, CiLow = fit.CiLow, CiHigh = fit.CiHigh, PValue = fit.PValue, Value = value, Passed = passed, Detail = detail,
        };

    private static RefutationRow NotEstimated(string outcome, string test, string parameter) =>
        new() { Outcome = outcome, Test = test, Parameter = parameter, Detail = Messages.RefutationNotEstimated };
}
