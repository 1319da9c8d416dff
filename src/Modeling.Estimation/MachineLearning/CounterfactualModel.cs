using Microsoft.ML;
using Modeling.Estimation.Inference;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// Counterfactual model: an ML.NET FastTree regression trained on untreated team-periods (never-adopted teams, and
/// adopted teams before adoption) that predicts each adopted team-period's outcome without AI. Multiplier = Σ observed
/// ÷ Σ predicted over the adopted team-periods (for per-engineer rates: every team-month weighs equally, as the
/// simulator's truth defines it).
/// </summary>
/// <remarks>
/// <para><b>Scale.</b> Teams differ in size and pace multiplicatively, so the tree does not predict the raw outcome.
/// Each team's level b_i comes from the multiplicative two-way fit y_it ≈ b_i·p_t on the untreated rows (Poisson
/// fixed-effect normal equations; an adopted team's level uses only its pre-adoption periods, adjusted for when they
/// were). The tree predicts the ratio y_it / b_i from the caller's features, the period index and log b_i (so trends
/// may differ by attributes and by level), and the prediction is b_i × predicted ratio. A ratio target has no
/// retransformation bias (unlike log(1+y)) and keeps zeros.</para>
/// <para><b>Accuracy.</b> K folds split by team; each fold's model is trained on the other teams; a held-out team's
/// level comes from the first half of its untreated periods and its second half is predicted (R², MAPE).</para>
/// <para><b>Interval of the overall multiplier.</b> Refitting the trees in every bootstrap draw would cost ~B × a full
/// fit (minutes at 2,100 teams), so two cheap parts are combined on the log scale: (1) a team-cluster bootstrap of the
/// adopted teams' (Σ observed, Σ predicted) pairs with the model fixed — the adopted teams' own noise, including the
/// noise of their levels; (2) a delete-a-fold (grouped) jackknife over the K cross-validation models, each trained
/// without one fold of teams — the model's estimation error shared by all adopted teams (period effects learnt from a
/// finite set of teams). SE = √(SE₁² + SE₂²), interval = exp(log M ± z·SE). With K = 5 the jackknife part has few
/// degrees of freedom; raise <see cref="Folds"/> for a steadier interval.</para>
/// <para><b>Per-team intervals</b> are split-conformal: if a team had no effect, log(its Σ observed ÷ Σ predicted)
/// would be distributed like the held-out teams' cross-validation errors; the interval inverts their empirical
/// quantiles (pooled over window lengths, so approximate for teams with much shorter or longer windows).</para>
/// <para>Deterministic for a <see cref="Seed"/>: trees are grown on one thread, folds and bootstrap draws are seeded.</para>
/// </remarks>
public sealed record CounterfactualModel
{
    public CounterfactualTreeOptions Trees { get; init; } = new();
    public int Seed { get; init; } = 20240101;
    /// <summary>Cross-validation folds split by team (at least 2); their models also give the jackknife part of the interval.</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Team-cluster bootstrap draws (at least 50).</summary>
    public int BootstrapDraws { get; init; } = 999;
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Trees trained side by side (folds and the final model); results do not depend on it.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    public CounterfactualResult Fit(CounterfactualInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate();
        input.Validate();
        var data = new Prepared(input);
        var untreated = Enumerable.Range(0, data.N).Where(i => !input.Treated[i]).ToArray();
        var treated = Enumerable.Range(0, data.N).Where(i => input.Treated[i]).ToArray();
        if (treated.Length == 0) throw new EstimationException(CounterfactualMessages.NoTreatedRows);
        if (untreated.Length == 0) throw new EstimationException(CounterfactualMessages.NoUntreatedRows);

        var levels = CounterfactualLevels.Fit(untreated, data.Y, data.Team, data.TeamCount, data.Period, data.PeriodCount);
        var training = untreated.Where(i => levels.TeamLevel[data.Team[i]] > 0).ToArray();
        var trainingTeams = training.Select(i => data.Team[i]).Distinct().Order().ToArray();
        if (trainingTeams.Length < Folds) throw new EstimationException(CounterfactualMessages.TooFewTrainingTeams(trainingTeams.Length, Folds));
        var predictable = treated.Where(i => levels.TeamLevel[data.Team[i]] > 0).ToArray();
        if (predictable.Length == 0) throw new EstimationException(CounterfactualMessages.NothingPredictable);

        var fold = AssignFolds(trainingTeams, data.TeamCount);
        var jobs = new Func<object>[Folds + 1];
        jobs[0] = () => TrainFinal(data, levels, training);
        for (int k = 0; k < Folds; k++)
        {
            int f = k;
            jobs[k + 1] = () => CrossValidate(data, untreated, predictable, fold, f);
        }
        var outputs = new object[jobs.Length];
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxParallelism) }, j => outputs[j] = jobs[j]());
        var predictor = (CounterfactualPredictor)outputs[0];
        var folds = outputs.Skip(1).Cast<FoldOutput>().ToArray();

        var predictions = predictor.Predict(input);
        return Summarise(input, data, predictions, predictable, treated.Length, training, trainingTeams.Length, folds, predictor);
    }

    private void Validate()
    {
        ArgumentNullException.ThrowIfNull(Trees);
        Trees.Validate();
        if (Folds < 2) throw new EstimationException(CounterfactualMessages.OptionOutOfRange(nameof(Folds), "at least 2", Folds));
        if (BootstrapDraws < 50) throw new EstimationException(CounterfactualMessages.OptionOutOfRange(nameof(BootstrapDraws), "at least 50", BootstrapDraws));
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            throw new EstimationException(CounterfactualMessages.OptionOutOfRange(nameof(ConfidenceLevel), "in (0, 1)", ConfidenceLevel));
    }

    /// <summary>Teams in ordinal order, shuffled with the seed, dealt round-robin into folds; −1 for teams not trained on.</summary>
    private int[] AssignFolds(int[] trainingTeams, int teamCount)
    {
        var order = (int[])trainingTeams.Clone();
        new Random(Seed).Shuffle(order);
        var fold = Enumerable.Repeat(-1, teamCount).ToArray();
        for (int k = 0; k < order.Length; k++) fold[order[k]] = k % Folds;
        return fold;
    }

    private CounterfactualPredictor TrainFinal(Prepared data, CounterfactualLevels levels, int[] training)
    {
        var context = new MLContext(Seed);
        var rows = TrainingRows(data, training, levels.TeamLevel);
        var (model, schema) = CounterfactualTrees.Train(context, rows, data.Width, Trees, Seed);
        var teamLevels = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int g = 0; g < data.TeamCount; g++)
            if (double.IsFinite(levels.TeamLevel[g])) teamLevels[data.TeamLabels[g]] = levels.TeamLevel[g];
        var periodEffects = new Dictionary<int, double>();
        for (int t = 0; t < data.PeriodCount; t++)
            if (double.IsFinite(levels.PeriodEffect[t])) periodEffects[data.PeriodLabels[t]] = levels.PeriodEffect[t];
        return new CounterfactualPredictor(context, model, schema, data.Input.OutcomeName, data.Input.FeatureNames, teamLevels, periodEffects);
    }

    private sealed record FoldOutput(double[] HeldOutY, double[] HeldOutPrediction, double[] TeamLogErrors, int HeldOutTeams, double TreatedObserved, double TreatedPredicted);

    private FoldOutput CrossValidate(Prepared data, int[] untreated, int[] predictable, int[] fold, int k)
    {
        int seed = Seed + 1 + k;
        var context = new MLContext(seed);
        var trainRows = untreated.Where(i => fold[data.Team[i]] >= 0 && fold[data.Team[i]] != k).ToArray();
        var levels = CounterfactualLevels.Fit(trainRows, data.Y, data.Team, data.TeamCount, data.Period, data.PeriodCount);
        var positive = trainRows.Where(i => levels.TeamLevel[data.Team[i]] > 0).ToArray();
        var (model, _) = CounterfactualTrees.Train(context, TrainingRows(data, positive, levels.TeamLevel), data.Width, Trees, seed);

        // Held-out teams: level from the first half of their untreated periods, predict the second half.
        var heldOut = untreated.Where(i => fold[data.Team[i]] == k).GroupBy(i => data.Team[i]).OrderBy(g => g.Key);
        var baseline = new List<int>();
        var evaluate = new List<int>();
        foreach (var team in heldOut)
        {
            var rows = team.OrderBy(i => data.Period[i]).ToArray();
            if (rows.Length < 2) continue;
            int half = (rows.Length + 1) / 2;
            baseline.AddRange(rows.Take(half));
            evaluate.AddRange(rows.Skip(half).Where(i => double.IsFinite(levels.PeriodEffect[data.Period[i]])));
        }
        var heldOutLevel = CounterfactualLevels.LevelsGivenPeriods(baseline, data.Y, data.Team, data.TeamCount, data.Period, levels.PeriodEffect);
        var scored = evaluate.Where(i => heldOutLevel[data.Team[i]] > 0).ToArray();
        var evalPrediction = PredictRows(context, model, data, scored, heldOutLevel);
        var teamErrors = scored.Select((i, r) => (Team: data.Team[i], Y: data.Y[i], P: evalPrediction[r]))
            .GroupBy(x => x.Team).OrderBy(g => g.Key)
            .Where(g => g.Sum(x => x.Y) > 0)
            .Select(g => Math.Log(g.Sum(x => x.Y) / g.Sum(x => x.P))).ToArray();

        // The fold's model on the adopted team-periods, with levels from this fold's period effects (jackknife).
        var treatedLevel = CounterfactualLevels.LevelsGivenPeriods(untreated, data.Y, data.Team, data.TeamCount, data.Period, levels.PeriodEffect);
        var treatedRows = predictable.Where(i => treatedLevel[data.Team[i]] > 0).ToArray();
        var treatedPrediction = PredictRows(context, model, data, treatedRows, treatedLevel);
        return new FoldOutput([.. scored.Select(i => data.Y[i])], evalPrediction, teamErrors, teamErrors.Length,
            treatedRows.Sum(i => data.Y[i]), treatedPrediction.Sum());
    }

    private static double[] PredictRows(MLContext context, ITransformer model, Prepared data, int[] rows, double[] level)
    {
        var ratio = CounterfactualTrees.Score(context, model, rows, i => CounterfactualTrees.FeatureRow(data.Input.Features[i], data.Input.Periods[i], level[data.Team[i]]), data.Width);
        return [.. rows.Select((i, r) => level[data.Team[i]] * ratio[r])];
    }

    private static List<CounterfactualTrees.Row> TrainingRows(Prepared data, int[] rows, double[] level) =>
        [.. rows.Select(i => new CounterfactualTrees.Row
        {
            Label = (float)(data.Y[i] / level[data.Team[i]]),
            Features = CounterfactualTrees.FeatureRow(data.Input.Features[i], data.Input.Periods[i], level[data.Team[i]]),
        })];

    private CounterfactualResult Summarise(CounterfactualInput input, Prepared data, double[] predictions, int[] predictable, int treatedCount,
        int[] training, int trainingTeams, FoldOutput[] folds, CounterfactualPredictor predictor)
    {
        // Per adopted team: Σ observed, Σ predicted over its predicted adopted periods.
        var teams = predictable.GroupBy(i => data.Team[i]).OrderBy(g => data.TeamLabels[g.Key], StringComparer.Ordinal)
            .Select(g => (Team: g.Key, Rows: g.Count(), Observed: g.Sum(i => data.Y[i]), Predicted: g.Sum(i => predictions[i]))).ToArray();
        double observed = teams.Sum(t => t.Observed), predicted = teams.Sum(t => t.Predicted);
        double logM = Math.Log(observed / predicted);

        var random = new Random(unchecked(Seed * 31 + 7));
        var draws = new double[BootstrapDraws];
        for (int b = 0; b < BootstrapDraws; b++)
        {
            double o = 0, p = 0;
            for (int j = 0; j < teams.Length; j++)
            {
                var t = teams[random.Next(teams.Length)];
                o += t.Observed;
                p += t.Predicted;
            }
            draws[b] = Math.Log(o / p);
        }
        double bootSe = StandardDeviation(draws);
        var foldLog = folds.Select(f => Math.Log(f.TreatedObserved / f.TreatedPredicted)).ToArray();
        double foldMean = foldLog.Average();
        double jackSe = Math.Sqrt((Folds - 1.0) / Folds * foldLog.Sum(v => (v - foldMean) * (v - foldMean)));
        var logEffect = new Effect(logM, Math.Sqrt(bootSe * bootSe + jackSe * jackSe), ConfidenceLevel);

        var errors = folds.SelectMany(f => f.TeamLogErrors).Order().ToArray();
        double alpha = 1 - ConfidenceLevel;
        double qLow = ConformalQuantile(errors, alpha / 2, upper: false), qHigh = ConformalQuantile(errors, 1 - alpha / 2, upper: true);
        var perTeam = teams.Select(t =>
        {
            double m = t.Observed / t.Predicted;
            return new CounterfactualTeamEffect(data.TeamLabels[t.Team], m, m * Math.Exp(-qHigh), m * Math.Exp(-qLow), t.Rows, t.Observed, t.Predicted);
        }).ToArray();

        var y = folds.SelectMany(f => f.HeldOutY).ToArray();
        var yHat = folds.SelectMany(f => f.HeldOutPrediction).ToArray();
        double yMean = y.Average();
        double rss = 0, tss = 0, ape = 0;
        int positive = 0;
        for (int i = 0; i < y.Length; i++)
        {
            rss += (y[i] - yHat[i]) * (y[i] - yHat[i]);
            tss += (y[i] - yMean) * (y[i] - yMean);
            if (y[i] > 0) { ape += Math.Abs(y[i] - yHat[i]) / y[i]; positive++; }
        }
        var accuracy = new CounterfactualAccuracy(1 - rss / tss, positive > 0 ? ape / positive : double.NaN, Folds, y.Length, folds.Sum(f => f.HeldOutTeams));

        return new CounterfactualResult(this, input.OutcomeName, Multiplier.FromLogEffect(logEffect), logEffect, bootSe, jackSe, observed, predicted,
            perTeam, accuracy, training.Length, trainingTeams, predictable.Length, teams.Length, treatedCount - predictable.Length,
            draws, foldLog, errors, predictions, predictor, input.Count, input.TeamIds.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Split-conformal order statistic: the ⌈(n+1)q⌉-th smallest (upper) or ⌊(n+1)q⌋-th (lower); ±∞ beyond the sample.</summary>
    private static double ConformalQuantile(double[] sorted, double q, bool upper)
    {
        int n = sorted.Length;
        if (upper)
        {
            int rank = (int)Math.Ceiling((n + 1) * q);
            return rank > n ? double.PositiveInfinity : sorted[Math.Max(rank, 1) - 1];
        }
        int lowRank = (int)Math.Floor((n + 1) * q);
        return lowRank < 1 ? double.NegativeInfinity : sorted[lowRank - 1];
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    /// <summary>Dense team and period codes (ordinal team order, ascending periods) over the input rows.</summary>
    private sealed class Prepared
    {
        public Prepared(CounterfactualInput input)
        {
            Input = input;
            N = input.Count;
            Y = [.. input.Outcome];
            TeamLabels = [.. input.TeamIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            var teamIndex = TeamLabels.Select((t, g) => (t, g)).ToDictionary(x => x.t, x => x.g, StringComparer.Ordinal);
            PeriodLabels = [.. input.Periods.Distinct().Order()];
            var periodIndex = PeriodLabels.Select((t, k) => (t, k)).ToDictionary(x => x.t, x => x.k);
            Team = [.. input.TeamIds.Select(t => teamIndex[t])];
            Period = [.. input.Periods.Select(t => periodIndex[t])];
            Width = input.FeatureNames.Count + 2;
        }

        public CounterfactualInput Input { get; }
        public int N { get; }
        public double[] Y { get; }
        public string[] TeamLabels { get; }
        public int[] PeriodLabels { get; }
        public int[] Team { get; }
        public int[] Period { get; }
        public int TeamCount => TeamLabels.Length;
        public int PeriodCount => PeriodLabels.Length;
        public int Width { get; }
    }
}
