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
        var panel = new Option<FileInfo>("--panel")
        {
            Description = "Panel file: CSV (header row; comma, semicolon or tab) or Parquet; one row per unit and time. "
                + "analyze's panel.csv works as it is: --unit team_id --time period --cohort adoption_period.",
            Required = true,
        };
        var unit = new Option<string>("--unit") { Description = "Unit (cluster) column." };
        var time = new Option<string>("--time") { Description = "Time column: whole numbers >= 0 (e.g. years), months YYYY-MM, ISO weeks YYYY-Www or dates YYYY-MM-DD." };
        var delimiter = new Option<string?>("--delimiter") { Description = "CSV field delimiter: comma, semicolon or tab (detected from the header when absent)." };
        delimiter.AcceptOnlyFromAmong("comma", "semicolon", "tab");
        var outcome = new Option<string>("--outcome") { Description = "Outcome column.", Required = true };
        var cohort = new Option<string?>("--cohort") { Description = "First-treated period column, written like --time (0 or empty = never treated)." };
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
            panel, unit, time, outcome, cohort, treatment, estimator, control, covariates, model, output, seed, learner, folds, repetitions, delimiter,
        };
        command.SetAction(parse =>
        {
            var request = new EstimateRequest(
                parse.GetValue(panel)!.FullName, parse.GetValue(unit), parse.GetValue(time), parse.GetValue(outcome)!,
                parse.GetValue(cohort), parse.GetValue(treatment), parse.GetValue(estimator)!, parse.GetValue(control) == "not_yet",
                (parse.GetValue(covariates) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                parse.GetValue(model) == "poisson",
                new DmlRequest(parse.GetValue(seed), parse.GetValue(learner)!, parse.GetValue(folds), parse.GetValue(repetitions)))
            {
                File = new PanelFileOptions(parse.GetValue(delimiter) switch { "semicolon" => ';', "tab" => '\t', "comma" => ',', _ => null }),
            };
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
        bool NotYetControls, IReadOnlyList<string> Covariates, bool Poisson, DmlRequest? Dml = null)
    {
        /// <summary>How the file is read (the CSV delimiter).</summary>
        public PanelFileOptions File { get; init; } = new();
    }

    /// <summary>The dml-only settings.</summary>
    internal sealed record DmlRequest(int Seed, string Learner, int Folds, int Repetitions);

    internal static byte[] Estimate(EstimateRequest r)
    {
        if (r.Estimator == "dml") return Dml(r);
        if (r.Unit is null || r.Time is null) throw new UserFacingException(EstimateMessages.UnitAndTimeRequired(r.Estimator), ExitCodes.BadInput);
        if ((r.Cohort is null) == (r.Treatment is null)) throw new UserFacingException(EstimateMessages.CohortXorTreatment, ExitCodes.BadInput);
        if (r.Estimator is "staggered_did" or "imputation" && r.Cohort is null)
            throw new UserFacingException(EstimateMessages.NeedsCohort(r.Estimator), ExitCodes.BadInput);

        var input = EstimateInput.ReadPanel(r.Panel, r.Unit, r.Time, r.Outcome, r.Cohort, r.Treatment, r.Covariates, r.File);
        try
        {
            return r.Estimator switch
            {
                "staggered_did" => Staggered(input, r),
                "imputation" => Imputation(input, r),
                _ => TwoWay(input, r),
            };
        }
        catch (Estimation.Regression.EstimationException e)
        {
            throw new UserFacingException(EstimateMessages.CannotEstimate(r.Panel, e.Message.Split('\n')[0].Trim()), ExitCodes.BadInput);
        }
    }

    private static byte[] Staggered(PanelInput input, EstimateRequest r)
    {
        var fit = new StaggeredDid
        {
            ControlGroup = r.NotYetControls ? ControlGroup.NotYetTreated : ControlGroup.NeverTreated,
            Covariates = r.Covariates,
        }.Fit(input.Data);
        return EstimateJson.ToBytes(new AggregatedEstimate
        {
            Estimator = "staggered_did",
            Outcome = r.Outcome,
            NObs = fit.ObservationCount,
            NUnits = fit.UnitCount,
            TimeFormat = input.Axis.Name,
            Control = r.NotYetControls ? "not_yet" : "never",
            AttGt = [.. fit.GroupTime.Select(c => new GroupTimeEstimate(input.Value(c.Cohort), input.Value(c.Period), c.Effect.Estimate, c.Effect.StandardError, c.Effect.CiLow, c.Effect.CiHigh)
            {
                GroupLabel = input.Label(c.Cohort), TimeLabel = input.Label(c.Period),
            })],
            Aggregations = new Aggregations
            {
                Simple = Att(fit.Simple.Overall.Effect),
                Dynamic = new AggregationEstimate { Overall = Att(fit.Dynamic.Overall.Effect), ByEventTime = Elements(fit.Dynamic, k => new() { EventTime = k }) },
                Group = new AggregationEstimate
                {
                    Overall = Att(fit.Group.Overall.Effect), ByGroup = Elements(fit.Group, k => new() { Group = input.Value(k), Label = input.Label(k) }),
                },
                Calendar = new AggregationEstimate
                {
                    Overall = Att(fit.Calendar.Overall.Effect), ByTime = Elements(fit.Calendar, k => new() { Time = input.Value(k), Label = input.Label(k) }),
                },
            },
            PretrendPValue = fit.PreTrend?.PValue,
            DroppedRows = input.Dropped,
        });
    }

    /// <summary>
    /// The imputation estimator (Borusyak, Jaravel &amp; Spiess 2024): simple = the overall ATT over every adopted
    /// unit-period; dynamic = one effect per event time, its overall the equal-weight average of those (SE from the
    /// event times' per-unit influences); the BJS pre-trend test (six leads, or as many as the data hold).
    /// </summary>
    private static byte[] Imputation(PanelInput input, EstimateRequest r)
    {
        var data = input.Data;
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
            TimeFormat = input.Axis.Name,
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
            DroppedRows = input.Dropped,
        });
    }

    private static AttEstimate Att(Effect e) => new(e.Estimate, e.StandardError, e.CiLow, e.CiHigh);

    /// <summary>An aggregation's elements, each keyed as the aggregation is (event time, cohort or period).</summary>
    private static List<AggregationElement> Elements(Aggregation a, Func<int, AggregationElement> keyed) =>
        [.. a.Elements.Select(e => (e.Key is int k ? keyed(k) : new AggregationElement()) with
        {
            Att = e.Effect.Estimate, Se = e.Effect.StandardError, CiLow = e.Effect.CiLow, CiHigh = e.Effect.CiHigh,
        })];

    private static byte[] TwoWay(PanelInput input, EstimateRequest r)
    {
        var data = input.Data;
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
            DroppedRows = input.Dropped,
        });
    }

    private static byte[] Dml(EstimateRequest r)
    {
        if (r.Treatment is null) throw new UserFacingException(EstimateMessages.DmlNeedsTreatment, ExitCodes.BadInput);
        if (r.Cohort is not null) throw new UserFacingException(EstimateMessages.DmlTakesNoCohort, ExitCodes.BadInput);
        if (r.Covariates.Count == 0) throw new UserFacingException(EstimateMessages.DmlNeedsCovariates, ExitCodes.BadInput);
        var settings = r.Dml ?? new DmlRequest(1, "fast_tree", 5, 3);
        var table = EstimateInput.ReadCrossSection(r.Panel, [r.Outcome, r.Treatment, .. r.Covariates], r.Unit, r.File);
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
            DroppedRows = table.Dropped,
        });
    }
}

