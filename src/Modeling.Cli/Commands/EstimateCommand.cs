using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Modeling.Estimation.Data;
using Modeling.Estimation.Inference;
using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Ingest.Panels;
using Modeling.Panel;
using Modeling.Results;

namespace Modeling.Cli.Commands;

/// <summary>
/// <c>modeling estimate --panel FILE --unit COL --time COL --outcome COL (--cohort COL | --treatment COL) [--estimator ...]</c>:
/// one estimator on any panel CSV, writing the estimate JSON of CONTRACT §5 to --out or stdout. <c>--estimator dml</c>
/// needs --treatment and --covariates only (--unit, when given, clusters the folds and the SE; no --time).
/// A panel with a <c>suppressed</c> column (analyze's panel.csv) has its suppressed rows left out, counted in
/// <c>dropped_rows</c>.
/// </summary>
internal static class EstimateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var panel = new Option<FileInfo>("--panel") { Description = "Panel CSV (header row; one row per unit and time).", Required = true };
        var unit = new Option<string>("--unit") { Description = "Unit (cluster) column." };
        var time = new Option<string>("--time") { Description = "Time column (integers, e.g. years)." };
        var outcome = new Option<string>("--outcome") { Description = "Outcome column.", Required = true };
        var cohort = new Option<string?>("--cohort") { Description = "First-treated period column (0 or empty = never treated)." };
        var treatment = new Option<string?>("--treatment") { Description = "Treatment column (continuous or 0/1)." };
        var estimator = new Option<string>("--estimator") { DefaultValueFactory = _ => "staggered_did", Description = "staggered_did (default), imputation, twfe or dml." };
        estimator.AcceptOnlyFromAmong("staggered_did", "imputation", "twfe", "dml");
        var control = new Option<string>("--control") { DefaultValueFactory = _ => "never", Description = "Controls of staggered_did: never (default) or not_yet." };
        control.AcceptOnlyFromAmong("never", "not_yet");
        var covariates = new Option<string?>("--covariates") { Description = "Comma-separated covariate columns." };
        var model = new Option<string>("--model") { DefaultValueFactory = _ => "ols", Description = "twfe and imputation: ols (default, the outcome's own scale) or poisson (a multiplier)." };
        model.AcceptOnlyFromAmong("ols", "poisson");
        var output = new Option<FileInfo?>("--out") { Description = "JSON file to write; stdout when absent." }.MustBeFile();
        var seed = SharedOptions.Seed();
        var learner = new Option<string>("--learner") { DefaultValueFactory = _ => "fast_tree", Description = "dml nuisance learner: fast_tree (default), light_gbm or linear." };
        learner.AcceptOnlyFromAmong("fast_tree", "light_gbm", "linear");
        var folds = new Option<int>("--folds") { DefaultValueFactory = _ => 5, Description = "dml: cross-fitting folds, split by --unit (default 5)." };
        var repetitions = new Option<int>("--repetitions") { DefaultValueFactory = _ => 3, Description = "dml: fold splits, median-aggregated (default 3)." };
        var command = new Command("estimate", "Fit one estimator on a panel CSV and write the estimate JSON (CONTRACT §5).")
        {
            panel, unit, time, outcome, cohort, treatment, estimator, control, covariates, model, output, seed, learner, folds, repetitions,
        };
        command.SetAction(parse =>
        {
            var request = new EstimateRequest(
                parse.GetValue(panel)!.FullName, parse.GetValue(unit), parse.GetValue(time), parse.GetValue(outcome)!,
                parse.GetValue(cohort), parse.GetValue(treatment), parse.GetValue(estimator)!, parse.GetValue(control) == "not_yet",
                (parse.GetValue(covariates) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                parse.GetValue(model) == "poisson",
                new DmlRequest(parse.GetValue(seed), parse.GetValue(learner)!, parse.GetValue(folds), parse.GetValue(repetitions)));
            var json = Estimate(request);
            if (parse.GetValue(output) is { } file)
            {
                if (file.DirectoryName is { Length: > 0 } folder) Directory.CreateDirectory(folder);
                File.WriteAllBytes(file.FullName, json);
                stderr.WriteLine(EstimateMessages.Written(file.FullName));
            }
            else stdout.Write(Encoding.UTF8.GetString(json));
            return ExitCodes.Success;
        });
        return command;
    }

    internal sealed record EstimateRequest(
        string Panel, string? Unit, string? Time, string Outcome, string? Cohort, string? Treatment, string Estimator,
        bool NotYetControls, IReadOnlyList<string> Covariates, bool Poisson, DmlRequest? Dml = null);

    /// <summary>The dml-only settings.</summary>
    internal sealed record DmlRequest(int Seed, string Learner, int Folds, int Repetitions);

    internal static byte[] Estimate(EstimateRequest r)
    {
        if (r.Estimator == "dml") return Dml(r);
        if (r.Unit is null || r.Time is null) throw new UserFacingException(EstimateMessages.UnitAndTimeRequired(r.Estimator), ExitCodes.BadInput);
        if ((r.Cohort is null) == (r.Treatment is null)) throw new UserFacingException(EstimateMessages.CohortXorTreatment, ExitCodes.BadInput);
        if (r.Estimator is "staggered_did" or "imputation" && r.Cohort is null)
            throw new UserFacingException(EstimateMessages.NeedsCohort(r.Estimator), ExitCodes.BadInput);

        var (data, suppressed) = PanelCsv.Read(r.Panel, r.Unit, r.Time, r.Outcome, r.Cohort, r.Treatment, r.Covariates);
        try
        {
            return r.Estimator switch
            {
                "staggered_did" => Staggered(data, r, suppressed),
                "imputation" => Imputation(data, r, suppressed),
                _ => TwoWay(data, r, suppressed),
            };
        }
        catch (Estimation.Regression.EstimationException e)
        {
            throw new UserFacingException(EstimateMessages.CannotEstimate(r.Panel, e.Message.Split('\n')[0].Trim()), ExitCodes.BadInput);
        }
    }

    private static byte[] Staggered(PanelData data, EstimateRequest r, int suppressed)
    {
        var fit = new StaggeredDid
        {
            ControlGroup = r.NotYetControls ? ControlGroup.NotYetTreated : ControlGroup.NeverTreated,
            Covariates = r.Covariates,
        }.Fit(data);
        return EstimateJson.ToBytes(new AggregatedEstimate
        {
            Estimator = "staggered_did",
            Outcome = r.Outcome,
            NObs = fit.ObservationCount,
            NUnits = fit.UnitCount,
            Control = r.NotYetControls ? "not_yet" : "never",
            AttGt = [.. fit.GroupTime.Select(c => new GroupTimeEstimate(c.Cohort, c.Period, c.Effect.Estimate, c.Effect.StandardError, c.Effect.CiLow, c.Effect.CiHigh))],
            Aggregations = new Aggregations
            {
                Simple = Att(fit.Simple.Overall.Effect),
                Dynamic = new AggregationEstimate { Overall = Att(fit.Dynamic.Overall.Effect), ByEventTime = Elements(fit.Dynamic, k => new() { EventTime = k }) },
                Group = new AggregationEstimate { Overall = Att(fit.Group.Overall.Effect), ByGroup = Elements(fit.Group, k => new() { Group = k }) },
                Calendar = new AggregationEstimate { Overall = Att(fit.Calendar.Overall.Effect), ByTime = Elements(fit.Calendar, k => new() { Time = k }) },
            },
            PretrendPValue = fit.PreTrend?.PValue,
            DroppedRows = Dropped(suppressed),
        });
    }

    /// <summary>
    /// The imputation estimator (Borusyak, Jaravel &amp; Spiess 2024): simple = the overall ATT over every adopted
    /// unit-period; dynamic = one effect per event time, its overall the equal-weight average of those (SE from the
    /// event times' per-unit influences); the BJS pre-trend test (six leads, or as many as the data hold).
    /// </summary>
    private static byte[] Imputation(PanelData data, EstimateRequest r, int suppressed)
    {
        var form = r.Poisson ? Estimation.Imputation.ImputationForm.Poisson : Estimation.Imputation.ImputationForm.Linear;
        var fit = new Estimation.Imputation.ImputationDid { Form = form }.Fit(data);
        double? pretrend = null;
        try
        {
            pretrend = new Estimation.Imputation.ImputationPreTrend { Form = form }.Fit(data).Test?.PValue;
        }
        catch (Estimation.Regression.EstimationException)
        {
            // Too few pre-adoption periods for the test: reported as null.
        }
        var horizons = fit.ByHorizon.Where(h => double.IsFinite(h.Effect.StandardError)).ToArray();
        AttEstimate dynamicOverall = new(null, null, null, null);
        if (horizons.Length > 0)
        {
            double mean = horizons.Average(h => h.Effect.Estimate);
            var psi = Enumerable.Range(0, fit.ClusterCount).Select(c => horizons.Average(h => h.Influence[c])).ToArray();
            dynamicOverall = Att(new Effect(mean, Math.Sqrt(fit.InfluenceCovariance(psi, psi)), fit.Overall.ConfidenceLevel));
        }
        bool multiplicative = form == Estimation.Imputation.ImputationForm.Poisson;
        return EstimateJson.ToBytes(new AggregatedEstimate
        {
            Estimator = "imputation",
            Outcome = r.Outcome,
            NObs = fit.ObservationCount,
            NUnits = fit.ClusterCount,
            Aggregations = new Aggregations
            {
                Simple = Att(fit.Overall),
                Dynamic = new AggregationEstimate
                {
                    Overall = dynamicOverall,
                    ByEventTime = [.. horizons.Select(h => new AggregationElement
                    {
                        EventTime = h.RelativeTime, Att = h.Effect.Estimate, Se = h.Effect.StandardError, CiLow = h.Effect.CiLow, CiHigh = h.Effect.CiHigh,
                    })],
                },
            },
            PretrendPValue = pretrend,
            Model = r.Poisson ? "poisson" : "ols",
            Multiplier = multiplicative ? fit.Multiplier.Value : null,
            CiLow = multiplicative ? fit.Multiplier.CiLow : null,
            CiHigh = multiplicative ? fit.Multiplier.CiHigh : null,
            Covariance = Estimation.Imputation.ImputationDidResult.CovarianceType,
            DroppedRows = Dropped(suppressed),
        });
    }

    private static AttEstimate Att(Effect e) => new(e.Estimate, e.StandardError, e.CiLow, e.CiHigh);

    /// <summary>An aggregation's elements, each keyed as the aggregation is (event time, cohort or period).</summary>
    private static List<AggregationElement> Elements(Aggregation a, Func<int, AggregationElement> keyed) =>
        [.. a.Elements.Select(e => (e.Key is int k ? keyed(k) : new AggregationElement()) with
        {
            Att = e.Effect.Estimate, Se = e.Effect.StandardError, CiLow = e.Effect.CiLow, CiHigh = e.Effect.CiHigh,
        })];

    private static byte[] TwoWay(PanelData data, EstimateRequest r, int suppressed)
    {
        var fit = new Twfe
        {
            Model = r.Poisson ? TwfeModel.Poisson : TwfeModel.Ols,
            Treatment = r.Cohort is null ? TwfeTreatment.Continuous : TwfeTreatment.Adoption,
            Covariates = r.Covariates,
        }.Fit(data);
        var effect = fit.Treatment ?? throw new Estimation.Regression.EstimationException(EstimateMessages.NoTreatmentCoefficient);
        return EstimateJson.ToBytes(new CoefficientEstimate
        {
            Estimator = "twfe",
            Outcome = r.Outcome,
            Model = r.Poisson ? "poisson" : "ols",
            Coefficient = effect.Estimate,
            Se = effect.StandardError,
            CiLow = effect.CiLow,
            CiHigh = effect.CiHigh,
            PValue = effect.PValue,
            CiLevel = effect.ConfidenceLevel,
            Multiplier = fit.Multiplier?.Value,
            MultiplierCiLow = fit.Multiplier?.CiLow,
            MultiplierCiHigh = fit.Multiplier?.CiHigh,
            NObs = fit.ObservationCount,
            NClusters = fit.ClusterCount,
            Covariance = fit.CovarianceType,
            DroppedRows = Dropped(suppressed),
        });
    }

    private static byte[] Dml(EstimateRequest r)
    {
        if (r.Treatment is null) throw new UserFacingException(EstimateMessages.DmlNeedsTreatment, ExitCodes.BadInput);
        if (r.Cohort is not null) throw new UserFacingException(EstimateMessages.DmlTakesNoCohort, ExitCodes.BadInput);
        if (r.Covariates.Count == 0) throw new UserFacingException(EstimateMessages.DmlNeedsCovariates, ExitCodes.BadInput);
        var settings = r.Dml ?? new DmlRequest(1, "fast_tree", 5, 3);
        var table = PanelCsv.ReadColumns(r.Panel, [r.Outcome, r.Treatment, .. r.Covariates], r.Unit);
        var input = new DmlInput(table.Numbers[0], table.Numbers[1],
            [.. Enumerable.Range(0, table.Rows).Select(i => r.Covariates.Select((_, k) => table.Numbers[2 + k][i]).ToArray())],
            r.Covariates, table.Units, r.Outcome, r.Treatment);
        var options = new DoubleMachineLearning
        {
            Learner = settings.Learner switch { "light_gbm" => DmlLearner.LightGbm, "linear" => DmlLearner.Linear, _ => DmlLearner.FastTree },
            Folds = settings.Folds,
            Repetitions = settings.Repetitions,
            Seed = settings.Seed,
        };
        DmlResult fit;
        try { fit = options.Fit(input); }
        catch (Estimation.Regression.EstimationException e)
        {
            throw new UserFacingException(EstimateMessages.CannotEstimate(r.Panel, e.Message), ExitCodes.BadInput);
        }
        return EstimateJson.ToBytes(new DmlEstimate
        {
            Estimator = "dml",
            Outcome = r.Outcome,
            Treatment = r.Treatment,
            Model = "partially_linear",
            Coefficient = fit.Effect.Estimate,
            Se = fit.Effect.StandardError,
            CiLow = fit.Effect.CiLow,
            CiHigh = fit.Effect.CiHigh,
            PValue = fit.PValue,
            CiLevel = fit.ConfidenceLevel,
            NObs = fit.ObservationCount,
            NClusters = fit.ClusterCount,
            Covariance = fit.CovarianceType,
            Learner = fit.LearnerName,
            Folds = options.Folds,
            Repetitions = options.Repetitions,
            Seed = options.Seed,
            Covariates = r.Covariates,
            RepetitionCoefficients = fit.RepetitionThetas,
            OutcomeR2 = fit.OutcomeR2,
            TreatmentR2 = fit.TreatmentR2,
            TreatmentMin = fit.TreatmentMin,
            TreatmentMax = fit.TreatmentMax,
            DroppedRows = Dropped(table.Suppressed),
        });
    }

    /// <summary>The rows of the file left out, by reason (CONTRACT §5): rows marked suppressed (small groups).</summary>
    private static Dictionary<string, long> Dropped(int suppressed) => new() { ["suppressed"] = suppressed };
}

/// <summary>
/// The estimators' input from a panel file (read schema-first by <see cref="PanelFile"/>): units indexed in ordinal
/// order of their labels; rows marked suppressed left out and counted.
/// </summary>
internal static class PanelCsv
{
    /// <summary>The estimators' input and the number of suppressed rows left out.</summary>
    public static (PanelData Data, int Suppressed) Read(string path, string unitColumn, string timeColumn, string outcomeColumn, string? cohortColumn,
        string? treatmentColumn, IReadOnlyList<string> covariates)
    {
        var table = ReadTable(path,
        [
            new(unitColumn, PanelValueKind.Label), new(timeColumn, PanelValueKind.Period), new(outcomeColumn, PanelValueKind.Number),
            .. cohortColumn is null ? Array.Empty<PanelColumnRequest>() : [new(cohortColumn, PanelValueKind.Cohort)],
            .. treatmentColumn is null ? Array.Empty<PanelColumnRequest>() : [new(treatmentColumn, PanelValueKind.Number)],
            .. covariates.Select(c => new PanelColumnRequest(c, PanelValueKind.Number)),
        ]);
        var (units, labels) = Indexed(table.Labels[unitColumn]);
        return (new PanelData(units, table.WholeNumbers[timeColumn], table.Numbers[outcomeColumn], labels,
            cohortColumn is null ? null : table.WholeNumbers[cohortColumn],
            treatmentColumn is null ? null : table.Numbers[treatmentColumn],
            covariates.ToDictionary(c => c, c => (IReadOnlyList<double>)table.Numbers[c], StringComparer.Ordinal),
            outcomeName: outcomeColumn), table.Suppressed);
    }

    /// <summary>Numeric columns of any CSV (the dml cross-section), in the order asked; the optional cluster column as
    /// ids 0..G−1 in ordinal order of its labels; suppressed rows left out and counted, as in <see cref="Read"/>.</summary>
    public static (int Rows, double[][] Numbers, int[]? Units, int Suppressed) ReadColumns(string path, IReadOnlyList<string> columns, string? unitColumn)
    {
        var table = ReadTable(path,
        [
            .. columns.Distinct().Select(c => new PanelColumnRequest(c, PanelValueKind.Number)),
            .. unitColumn is null ? Array.Empty<PanelColumnRequest>() : [new(unitColumn, PanelValueKind.Label)],
        ]);
        return (table.Rows, [.. columns.Select(c => table.Numbers[c])], unitColumn is null ? null : Indexed(table.Labels[unitColumn]).Units, table.Suppressed);
    }

    private static PanelTable ReadTable(string path, IReadOnlyList<PanelColumnRequest> columns)
    {
        try
        {
            return PanelFile.Read(path, columns);
        }
        catch (PanelFileException e)
        {
            throw new UserFacingException(e.Message, ExitCodes.BadInput);
        }
    }

    private static (int[] Units, string[] Labels) Indexed(string[] units)
    {
        var labels = units.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++) index[labels[i]] = i;
        return ([.. units.Select(label => index[label])], labels);
    }
}

/// <summary>User-facing texts of the estimate and analyze verbs.</summary>
internal static class EstimateMessages
{
    public const string DmlNeedsTreatment = "--estimator dml needs --treatment (the treatment column, continuous or 0/1).";
    public const string DmlTakesNoCohort = "--estimator dml takes --treatment, not --cohort; give the treatment column itself.";
    public const string DmlNeedsCovariates = "--estimator dml needs --covariates (the control columns of the nuisance models).";
    public const string CohortXorTreatment = "give exactly one of --cohort (first-treated period) or --treatment.";
    public static string NeedsCohort(string estimator) => $"--estimator {estimator} needs --cohort (the first-treated period column).";
    public const string NoTreatmentCoefficient = "the treatment coefficient could not be estimated (collinear with the fixed effects)";
    public static string UnitAndTimeRequired(string estimator) => $"--estimator {estimator} needs --unit and --time.";
    public static string CannotEstimate(string path, string reason) => $"{path}: cannot estimate: {reason}";
    public static string Written(string path) => $"estimate: wrote {path}";
    public static string BadMinGroupSize(string value) =>
        $"The '{MinGroupSizeOption.Name}' option must be an integer of at least 1. Got {value} instead.";
}
