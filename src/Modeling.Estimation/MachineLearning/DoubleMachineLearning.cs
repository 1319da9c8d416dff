using Modeling.Estimation.Inference;
using Modeling.Estimation.Regression;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// Double machine learning for the partially linear model (Chernozhukov et al. 2018), "partialling out" score:
/// Y = θ·D + g(X) + ε, D = m(X) + v. Both nuisances ℓ(X) = E[Y|X] and m(X) = E[D|X] are learned with cross-fitting
/// (folds split by cluster), θ = Σṽỹ / Σṽ² on the out-of-fold residuals, cluster-robust SE on the score; repeated
/// splits are aggregated by the median (θ) and the median-corrected variance (SE). See README.md beside this file.
/// </summary>
public sealed record DoubleMachineLearning
{
    public DmlLearner Learner { get; init; } = DmlLearner.FastTree;
    public LearnerSettings LearnerSettings { get; init; } = new();
    /// <summary>Cross-fitting folds K (at least 2).</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Independent fold splits S, aggregated by the median.</summary>
    public int Repetitions { get; init; } = 3;
    public int Seed { get; init; } = 1;
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Fits with random folds by cluster drawn from <see cref="Seed"/>.</summary>
    public DmlResult Fit(DmlInput input) => Fit(input, folds: null);

    /// <summary>Fits with the given folds (for oracle comparisons); they must match <see cref="Folds"/> and <see cref="Repetitions"/>.</summary>
    public DmlResult Fit(DmlInput input, DmlFoldAssignment? folds)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateOptions();
        input.Validate();
        var (clusterOfRow, clusterCount) = input.ClusterIndex();
        if (clusterCount < Folds) throw new EstimationException(DmlMessages.FewerClustersThanFolds(clusterCount, Folds));
        if (folds is null) folds = DmlFoldAssignment.ByCluster(clusterOfRow, clusterCount, Folds, Repetitions, Seed);
        else
        {
            if (folds.Folds != Folds) throw new EstimationException(DmlMessages.InjectedFoldCount(folds.Folds, Folds));
            folds.Validate(input.Count, Repetitions, clusterOfRow, clusterCount);
        }

        double[] y = [.. input.Outcome], d = [.. input.Treatment];
        var tasks = new List<LearnerTask>();
        var predictions = new (double[] Outcome, double[] Treatment)[Repetitions];
        for (int r = 0; r < Repetitions; r++)
        {
            predictions[r] = (new double[y.Length], new double[y.Length]);
            for (int k = 0; k < Folds; k++)
            {
                tasks.Add(new LearnerTask(y, folds.FoldOfRow[r], k, predictions[r].Outcome, TaskSeed(r, k, 0)));
                tasks.Add(new LearnerTask(d, folds.FoldOfRow[r], k, predictions[r].Treatment, TaskSeed(r, k, 1)));
            }
        }
        new LearnerCrossFitting(Learner, LearnerSettings, input.Covariates).Run(tasks);

        var repetitions = new DmlRepetition[Repetitions];
        for (int r = 0; r < Repetitions; r++)
            repetitions[r] = DmlScore.Repetition(y, d, predictions[r].Outcome, predictions[r].Treatment, folds.FoldOfRow[r], clusterOfRow, clusterCount);
        var (theta, se) = DmlScore.MedianAggregate(repetitions);
        return new DmlResult
        {
            Options = this,
            OutcomeName = input.OutcomeName,
            TreatmentName = input.TreatmentName,
            FeatureNames = [.. input.FeatureNames],
            Effect = new Effect(theta, se, ConfidenceLevel),
            ObservationCount = y.Length,
            ClusterCount = clusterCount,
            CovarianceType = input.ClusterIds is null ? "heteroskedasticity" : "cluster",
            LearnerName = Learner switch { DmlLearner.FastTree => "fast_tree", DmlLearner.LightGbm => "light_gbm", _ => "linear" },
            Folds = folds,
            Repetitions = repetitions,
            OutcomeR2 = DmlScore.Median([.. repetitions.Select(x => x.OutcomeR2)]),
            TreatmentR2 = DmlScore.Median([.. repetitions.Select(x => x.TreatmentR2)]),
            TreatmentMin = d.Min(),
            TreatmentMax = d.Max(),
        };
    }

    private void ValidateOptions()
    {
        if (Folds < 2) throw new EstimationException(DmlMessages.FoldsOutOfRange(Folds));
        if (Repetitions < 1) throw new EstimationException(DmlMessages.RepetitionsOutOfRange(Repetitions));
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) throw new EstimationException(DmlMessages.ConfidenceLevelOutOfRange(ConfidenceLevel));
        LearnerSettings.Validate();
    }

    /// <summary>A distinct, reproducible seed per repetition, fold and nuisance (0 = outcome, 1 = treatment).</summary>
    private int TaskSeed(int repetition, int fold, int nuisance) => unchecked(Seed * 7919 + repetition * 1009 + fold * 2 + nuisance);
}
