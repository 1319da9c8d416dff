using System.CommandLine;
using System.Text;
using Modeling.Estimation.Data;
using Modeling.Analysis;
using Modeling.Analysis.Estimates;
using Modeling.Estimation.BeforeAfter;
using Modeling.Estimation.GoodmanBacon;
using Modeling.Estimation.Imputation;
using Modeling.Estimation.Sensitivity;
using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.Regression;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Ingest.Panels;
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
        var cohort = new Option<string?>("--cohort") { Description = "First-treated period column, written like --time (0, empty, NA or Inf = never treated)." };
        var treatment = new Option<string?>("--treatment") { Description = "Treatment column (continuous or 0/1)." };
        var estimator = new Option<string>("--estimator")
        {
            DefaultValueFactory = _ => "staggered_did",
            Description = "staggered_did (default, Callaway-Sant'Anna), imputation (Borusyak-Jaravel-Spiess), etwfe (Wooldridge), twfe, "
                + "naive_before_after, bacon (Goodman-Bacon decomposition), sensitivity (Rambachan-Roth on an event study), counterfactual (a tree model of the outcome without AI) or dml.",
        };
        estimator.AcceptOnlyFromAmong(Estimators);
        var control = new Option<string>("--control") { DefaultValueFactory = _ => "never", Description = "Controls of staggered_did: never (default) or not_yet." };
        control.AcceptOnlyFromAmong("never", "not_yet");
        var covariates = new Option<string?>("--covariates") { Description = "Comma-separated covariate columns." };
        var model = new Option<string>("--model") { DefaultValueFactory = _ => "ols", Description = "twfe and imputation: ols (default) or poisson (a multiplier)." };
        model.AcceptOnlyFromAmong("ols", "poisson");
        var scale = new Option<string>("--scale")
        {
            DefaultValueFactory = _ => "level",
            Description = "The effect's scale: level (default, the outcome's own units), log (on the log of a positive outcome, read as a multiplier) "
                + "or ratio (staggered_did: level effects plus the ratio-of-means multiplier).",
        };
        scale.AcceptOnlyFromAmong("level", "log", "ratio");
        var estMethod = new Option<string>("--est-method") { DefaultValueFactory = _ => "dr", Description = "staggered_did's 2x2 estimator, as did's est_method: dr (default), ipw or reg." };
        estMethod.AcceptOnlyFromAmong("dr", "ipw", "reg");
        var basePeriod = new Option<string>("--base-period") { DefaultValueFactory = _ => "varying", Description = "staggered_did's base period, as did's base_period: varying (default) or universal." };
        basePeriod.AcceptOnlyFromAmong("varying", "universal");
        var anticipation = new Option<int>("--anticipation") { Description = "staggered_did: periods before adoption in which units may already react (did's anticipation; default 0)." };
        var bootstrap = new Option<int>("--bootstrap")
        {
            Description = "staggered_did: multiplier bootstrap draws (did's biters, at least 100) for bootstrap SEs and uniform bands; 0 (default) = analytic only.",
        };
        var weights = new Option<string?>("--weights")
        {
            Description = "Weight column (did's weightsname, fixest's weights): constant within a unit for staggered_did; a missing weight drops the row (missing_weight).",
        };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "staggered_did: a cluster column above the unit (did's clustervars; constant within a unit), applied by the bootstrap, so it needs --bootstrap.",
        };
        var allowUnbalanced = new Option<bool>("--allow-unbalanced")
        {
            Description = "staggered_did: keep units missing some periods instead of dropping them (did's default), as did's allow_unbalanced_panel: "
                + "every observation of a cell's two periods enters the repeated-cross-section estimators, standard errors clustered by unit.",
        };
        var minE = new Option<int?>("--min-e") { Description = "staggered_did's dynamic aggregation: event times from this one (did's min_e)." };
        var maxE = new Option<int?>("--max-e") { Description = "staggered_did's dynamic aggregation: event times up to this one (did's max_e)." };
        var balanceE = new Option<int?>("--balance-e") { Description = "staggered_did's dynamic aggregation: only cohorts seen this many periods after adoption (did's balance_e)." };
        var ssc = new Option<string>("--ssc")
        {
            DefaultValueFactory = _ => "nested",
            Description = "twfe: fixed effects counted in the clustered SEs' small-sample K, as fixest's ssc(fixef.K): nested (default; unit effects nested in the unit clusters count as one, as fixest and reghdfe) or full (every dummy, as lm + sandwich or Stata's regress).",
        };
        ssc.AcceptOnlyFromAmong("nested", "full");
        var imputationVariance = new Option<string>("--imputation-variance")
        {
            DefaultValueFactory = _ => "average",
            Description = "imputation: treated residuals around the overall average (default; BJS Theorem 3), around each unit's leave-one-out average "
                + "(leave_out; t on adopting units - 1 df, as analyze's headline) or around their cohort x event-time average (cohort_event_time; as R didimputation).",
        };
        imputationVariance.AcceptOnlyFromAmong("average", "leave_out", "cohort_event_time");
        var horizons = new Option<string?>("--horizons")
        {
            Description = "imputation: the event times to report, comma-separated (didimputation's horizon = c(0, 1, ...)); the dynamic overall averages them. Default: every one estimated.",
        };
        var eventStudy = new Option<bool>("--event-study") { Description = "twfe: the event-study specification (one coefficient per event time, relative to -1)." };
        var sensitivityOf = new Option<string>("--sensitivity-of")
        {
            DefaultValueFactory = _ => "imputation",
            Description = "sensitivity: whose event study: imputation (default; leads from --min-e, default -6, to --max-e, default 11) "
                + "or staggered_did (universal base period, as HonestDiD recommends; every event time unless --min-e/--max-e).",
        };
        sensitivityOf.AcceptOnlyFromAmong("imputation", "staggered_did");
        var restriction = new Option<string>("--restriction")
        {
            DefaultValueFactory = _ => "relative_magnitudes",
            Description = "sensitivity: relative_magnitudes (default; bound Mbar on post-adoption violations relative to the largest pre-adoption one) or smoothness (bound M on changes in the trend's slope).",
        };
        restriction.AcceptOnlyFromAmong("relative_magnitudes", "smoothness");
        var bounds = new Option<string>("--bounds") { DefaultValueFactory = _ => "0,0.5,1,1.5,2", Description = "sensitivity: comma-separated Mbar (or M) values (default 0,0.5,1,1.5,2)." };
        var target = new Option<string>("--target") { DefaultValueFactory = _ => "average", Description = "sensitivity: average (default) of the post-adoption effects, or first (the effect on impact, HonestDiD's default)." };
        target.AcceptOnlyFromAmong("average", "first");
        var output = new Option<FileInfo?>("--out") { Description = "JSON file to write; stdout when absent." }.MustBeFile();
        var seed = SharedOptions.Seed();
        var learner = new Option<string>("--learner") { DefaultValueFactory = _ => "fast_tree", Description = "dml nuisance learner: fast_tree (default), light_gbm or linear." };
        learner.AcceptOnlyFromAmong("fast_tree", "light_gbm", "linear");
        var folds = new Option<int>("--folds") { DefaultValueFactory = _ => 5, Description = "dml: cross-fitting folds, split by --unit (default 5)." };
        var repetitions = new Option<int>("--repetitions") { DefaultValueFactory = _ => 3, Description = "dml: fold splits, median-aggregated (default 3)." };
        var command = new Command("estimate", "Fit one estimator on a panel file and write the estimate JSON (CONTRACT §5).")
        {
            panel, unit, time, outcome, cohort, treatment, estimator, control, covariates, model, scale, estMethod, basePeriod, anticipation,
            bootstrap, weights, cluster, allowUnbalanced, minE, maxE, balanceE, ssc, imputationVariance, horizons, eventStudy, sensitivityOf, restriction, bounds, target, output, seed, learner, folds, repetitions, delimiter,
        };
        command.SetAction(parse =>
        {
            var request = new EstimateRequest(
                parse.GetValue(panel)!.FullName, parse.GetValue(unit), parse.GetValue(time), parse.GetValue(outcome)!,
                parse.GetValue(cohort), parse.GetValue(treatment), parse.GetValue(estimator)!)
            {
                NotYetControls = parse.GetValue(control) == "not_yet",
                Covariates = (parse.GetValue(covariates) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Poisson = parse.GetValue(model) == "poisson",
                Scale = parse.GetValue(scale)!,
                EstMethod = parse.GetValue(estMethod)!,
                BasePeriod = parse.GetValue(basePeriod)!,
                Anticipation = parse.GetValue(anticipation),
                BootstrapDraws = parse.GetValue(bootstrap),
                Weights = parse.GetValue(weights),
                Cluster = parse.GetValue(cluster),
                AllowUnbalanced = parse.GetValue(allowUnbalanced),
                Seed = parse.GetValue(seed),
                MinE = parse.GetValue(minE),
                MaxE = parse.GetValue(maxE),
                BalanceE = parse.GetValue(balanceE),
                FullFixedEffectsInK = parse.GetValue(ssc) == "full",
                EventStudy = parse.GetValue(eventStudy),
                Horizons = parse.GetValue(horizons),
                ImputationVariance = parse.GetValue(imputationVariance) switch
                {
                    "leave_out" => Estimation.Imputation.ImputationVariance.LeaveUnitOut,
                    "cohort_event_time" => Estimation.Imputation.ImputationVariance.CohortEventTime,
                    _ => Estimation.Imputation.ImputationVariance.AroundAverage,
                },
                Sensitivity = new SensitivityOptions(parse.GetValue(sensitivityOf)!, parse.GetValue(restriction) == "smoothness",
                    parse.GetValue(bounds)!, parse.GetValue(target) == "first"),
                Dml = new DmlRequest(parse.GetValue(learner)!, parse.GetValue(folds), parse.GetValue(repetitions)),
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

    /// <summary>One estimate asked for on the command line; each estimator reads the settings that are its own.</summary>
    internal sealed record EstimateRequest(string Panel, string? Unit, string? Time, string Outcome, string? Cohort, string? Treatment, string Estimator)
    {
        public bool NotYetControls { get; init; }
        public IReadOnlyList<string> Covariates { get; init; } = [];
        public bool Poisson { get; init; }
        public string Scale { get; init; } = "level";
        public string EstMethod { get; init; } = "dr";
        public string BasePeriod { get; init; } = "varying";
        public int Anticipation { get; init; }
        public int BootstrapDraws { get; init; }
        public string? Weights { get; init; }
        public string? Cluster { get; init; }
        public bool AllowUnbalanced { get; init; }
        public int Seed { get; init; } = AnalysisOptions.DefaultSeed;
        public int? MinE { get; init; }
        public int? MaxE { get; init; }
        public int? BalanceE { get; init; }
        public bool FullFixedEffectsInK { get; init; }
        public bool EventStudy { get; init; }
        public string? Horizons { get; init; }
        public ImputationVariance ImputationVariance { get; init; } = ImputationVariance.AroundAverage;
        public SensitivityOptions Sensitivity { get; init; } = new("imputation", false, "0,0.5,1,1.5,2", false);
        public DmlRequest Dml { get; init; } = new("fast_tree", 5, 3);

        /// <summary>How the file is read (the CSV delimiter).</summary>
        public PanelFileOptions File { get; init; } = new();
    }

    /// <summary>The estimators of --estimator.</summary>
    internal static readonly string[] Estimators =
        ["staggered_did", "imputation", "etwfe", "twfe", "naive_before_after", "bacon", "sensitivity", "counterfactual", "dml"];

    /// <summary>The sensitivity-only settings (bounds as typed, parsed when used).</summary>
    internal sealed record SensitivityOptions(string Of, bool Smoothness, string Bounds, bool FirstPeriodTarget);

    /// <summary>The dml-only settings.</summary>
    internal sealed record DmlRequest(string Learner, int Folds, int Repetitions);

    internal static byte[] Estimate(EstimateRequest r)
    {
        if (r.Estimator == "dml") return Dml(r);
        if (r.Unit is null || r.Time is null) throw new UserFacingException(EstimateMessages.UnitAndTimeRequired(r.Estimator), ExitCodes.BadInput);
        if ((r.Cohort is null) == (r.Treatment is null)) throw new UserFacingException(EstimateMessages.CohortXorTreatment, ExitCodes.BadInput);
        if (r.Estimator is not "twfe" && r.Cohort is null)
            throw new UserFacingException(EstimateMessages.NeedsCohort(r.Estimator), ExitCodes.BadInput);
        if (r.Scale == "ratio" && r.Estimator != "staggered_did") throw new UserFacingException(EstimateMessages.RatioScaleOnlyStaggered, ExitCodes.BadInput);
        if (r.Scale == "log" && r.Poisson) throw new UserFacingException(EstimateMessages.LogScaleWithPoisson, ExitCodes.BadInput);

        if (r.Cluster is not null && r.Estimator != "staggered_did") throw new UserFacingException(EstimateMessages.ClusterNotFor(r.Estimator), ExitCodes.BadInput);
        if (r.Cluster is not null && r.BootstrapDraws == 0) throw new UserFacingException(EstimateMessages.ClusterNeedsBootstrap, ExitCodes.BadInput);
        var input = FileErrors(() => EstimateInput.ReadPanel(r.Panel,
            new EstimateInput.PanelColumns(r.Unit, r.Time, r.Outcome, r.Cohort, r.Treatment, r.Covariates) { Weight = r.Weights, Cluster = r.Cluster }, r.File));
        // did balances the panel unless told otherwise; the staggered event-study sensitivity follows it.
        if (!r.AllowUnbalanced && (r.Estimator == "staggered_did" || (r.Estimator == "sensitivity" && r.Sensitivity.Of == "staggered_did")))
            input = FileErrors(input.Balanced);
        var context = new EstimateContext(r.Outcome, input.Dropped, input.Axis);
        try
        {
            var data = r.Scale == "log" && r.Estimator is "twfe" or "etwfe" or "bacon" ? LogOutcome(input.Data, r) : input.Data;
            EstimateDocument document = r.Estimator switch
            {
                "staggered_did" => WithColumns(EstimateDocumentBuilder.Staggered((StaggeredOptions(r) with { UnitClusters = input.UnitClusters }).Fit(data), context), r),
                "imputation" => Imputation(data, r, context),
                "etwfe" => EstimateDocumentBuilder.ExtendedTwfe(ExtendedOptions(r).Fit(data), context),
                "naive_before_after" => EstimateDocumentBuilder.BeforeAfter(new NaiveBeforeAfter().Fit(data), context),
                "bacon" => EstimateDocumentBuilder.Bacon(new BaconDecomposition().Fit(data), data.Count, data.UnitLabels.Count, context),
                "sensitivity" => Sensitivity(data, r, context),
                "counterfactual" => Counterfactual(data, r, context),
                _ when r.EventStudy => EstimateDocumentBuilder.TwfeEventStudy(TwoWayOptions(r).Fit(data), context),
                _ => EstimateDocumentBuilder.Twfe(TwoWayOptions(r).Fit(data), context),
            };
            return EstimateJson.ToBytes(document);
        }
        catch (Estimation.Regression.EstimationException e)
        {
            throw new UserFacingException(EstimateMessages.CannotEstimate(r.Panel, e.Message.Split('\n')[0].Trim()), ExitCodes.BadInput);
        }
    }

    /// <summary>A problem with the file given is the user's to fix: exit 2 with its message.</summary>
    private static T FileErrors<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (PanelFileException e)
        {
            throw new UserFacingException(e.Message, ExitCodes.BadInput);
        }
    }

    /// <summary>The weight and cluster columns named in the document's settings.</summary>
    private static AggregatedEstimate WithColumns(AggregatedEstimate document, EstimateRequest r) =>
        document with { Settings = document.Settings! with { Weights = r.Weights, Cluster = r.Cluster } };

    /// <summary>Callaway–Sant'Anna with did's options; bootstrap only when draws are asked for.</summary>
    private static StaggeredDid StaggeredOptions(EstimateRequest r) => new()
    {
        ControlGroup = r.NotYetControls ? ControlGroup.NotYetTreated : ControlGroup.NeverTreated,
        Covariates = r.Covariates,
        Method = r.EstMethod switch { "reg" => EstimationMethod.OutcomeRegression, "ipw" => EstimationMethod.InverseProbabilityWeighting, _ => EstimationMethod.DoublyRobust },
        BasePeriod = r.BasePeriod == "universal" ? BasePeriod.Universal : BasePeriod.Varying,
        Anticipation = r.Anticipation,
        Scale = r.Scale switch { "log" => EffectScale.Log, "ratio" => EffectScale.Ratio, _ => EffectScale.Level },
        Bootstrap = r.BootstrapDraws > 0 ? new Bootstrap(r.BootstrapDraws, r.Seed) : null,
        MinEventTime = r.MinE,
        MaxEventTime = r.MaxE,
        BalanceEventTime = r.BalanceE,
        AllowUnbalancedPanel = r.AllowUnbalanced,
    };

    private static ExtendedTwfe ExtendedOptions(EstimateRequest r) => new()
    {
        Model = r.Poisson ? TwfeModel.Poisson : TwfeModel.Ols,
        OutcomeScale = r.Scale == "log" ? OutcomeScale.Log : OutcomeScale.Level,
        FixedEffectsInK = r.FullFixedEffectsInK ? FixedEffectsInK.Full : FixedEffectsInK.Nested,
    };

    /// <summary>
    /// Rambachan–Roth on the imputation estimator's event study (leads −min_e, default 6; event times to max_e, default
    /// 11) or on Callaway–Sant'Anna's dynamic aggregation with a universal base period.
    /// </summary>
    private static SensitivityEstimate Sensitivity(PanelData data, EstimateRequest r, EstimateContext context)
    {
        var s = r.Sensitivity;
        var bounds = CommaList<double>(s.Bounds, text => double.TryParse(text, System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var b) && b >= 0 && double.IsFinite(b) ? b : null, EstimateMessages.BadBound);
        if (bounds.Count == 0) throw new UserFacingException(EstimateMessages.BadBound(s.Bounds), ExitCodes.BadInput);
        var request = new SensitivityRequest(s.Smoothness, [.. bounds.Order()], s.FirstPeriodTarget, r.Seed);
        if (s.Of == "staggered_did")
        {
            var fit = (StaggeredOptions(r) with { BasePeriod = BasePeriod.Universal, Bootstrap = null }).Fit(data);
            var es = EventStudyEstimates.FromStaggered(fit, r.MinE ?? int.MinValue, r.MaxE ?? int.MaxValue);
            return EventStudySensitivity.Analyse(es, request, "staggered_did", fit.ObservationCount, fit.UnitCount, null, context);
        }
        var form = r.Poisson ? ImputationForm.Poisson : r.Scale == "log" ? ImputationForm.Log : ImputationForm.Linear;
        var study = new ImputationEventStudy { Form = form, Leads = -(r.MinE ?? -6), LastEventTime = r.MaxE ?? 11 }.Fit(data);
        return EventStudySensitivity.Analyse(study.EventStudy, request, "imputation", data.Count, data.UnitLabels.Count,
            form switch { ImputationForm.Poisson => "poisson", ImputationForm.Log => "log", _ => "ols" }, context);
    }

    /// <summary>
    /// The counterfactual model: trained on the untreated unit-periods (covariates as features, plus the period and the
    /// unit's own level), it predicts the adopted ones; --folds cross-fitting folds, --bootstrap draws over adopted units
    /// (999 when 0), --seed.
    /// </summary>
    private static CounterfactualEstimate Counterfactual(PanelData data, EstimateRequest r, EstimateContext context)
    {
        var cohort = data.Cohort!;
        var input = new CounterfactualInput(data.Outcome,
            [.. Enumerable.Range(0, data.Count).Select(i => cohort[i] != PanelData.NeverTreated && data.Time[i] >= cohort[i])],
            [.. data.Unit.Select(u => data.UnitLabels[u])], data.Time,
            [.. Enumerable.Range(0, data.Count).Select(i => r.Covariates.Select(c => data.Covariates[c][i]).ToArray())],
            r.Covariates, r.Outcome);
        var model = new Estimation.MachineLearning.CounterfactualModel
        {
            Seed = r.Seed,
            Folds = r.Dml.Folds,
            BootstrapDraws = r.BootstrapDraws > 0 ? r.BootstrapDraws : 999,
        };
        return EstimateDocumentBuilder.Counterfactual(model.Fit(input), r.Covariates, context);
    }

    private static Twfe TwoWayOptions(EstimateRequest r) => new()
    {
        Specification = r.EventStudy ? TwfeSpecification.EventStudy : TwfeSpecification.Static,
        Model = r.Poisson ? TwfeModel.Poisson : TwfeModel.Ols,
        Treatment = r.Cohort is null ? TwfeTreatment.Continuous : TwfeTreatment.Adoption,
        Covariates = r.Covariates,
        OutcomeScale = r.Scale == "log" ? OutcomeScale.Log : OutcomeScale.Level,
        FixedEffectsInK = r.FullFixedEffectsInK ? FixedEffectsInK.Full : FixedEffectsInK.Nested,
    };

    /// <summary>The panel with the log of its outcome (for --scale log where the estimator takes a log outcome as given).</summary>
    private static PanelData LogOutcome(PanelData data, EstimateRequest r)
    {
        var log = new double[data.Outcome.Count];
        for (int i = 0; i < log.Length; i++)
            log[i] = data.Outcome[i] > 0 ? Math.Log(data.Outcome[i])
                : throw new UserFacingException(EstimateMessages.LogNeedsPositive(r.Panel, r.Outcome, data.Outcome[i]), ExitCodes.BadInput);
        return data.WithOutcome(log, data.OutcomeName);
    }

    private static AggregatedEstimate Imputation(PanelData data, EstimateRequest r, EstimateContext context)
    {
        var form = r.Poisson ? ImputationForm.Poisson : r.Scale == "log" ? ImputationForm.Log : ImputationForm.Linear;
        var fit = new ImputationDid { Form = form, Variance = r.ImputationVariance, Covariates = r.Covariates }.Fit(data);
        ImputationPreTrendResult? pretrend = null;
        try
        {
            pretrend = new ImputationPreTrend { Form = form }.Fit(data);
        }
        catch (Estimation.Regression.EstimationException)
        {
            // Too few pre-adoption periods for the test: reported as null.
        }
        var horizons = r.Horizons is null ? null : CommaList<int>(r.Horizons, text => int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var e) ? e : (int?)null, EstimateMessages.BadHorizon);
        return EstimateDocumentBuilder.Imputation(fit, pretrend, context, horizons);
    }

    /// <summary>A comma-separated option's values; the first that does not parse is refused with <paramref name="bad"/>'s message.</summary>
    private static List<T> CommaList<T>(string text, Func<string, T?> parse, Func<string, string> bad) where T : struct =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(item => parse(item) ?? throw new UserFacingException(bad(item), ExitCodes.BadInput))];

    private static byte[] Dml(EstimateRequest r)
    {
        if (r.Treatment is null) throw new UserFacingException(EstimateMessages.DmlNeedsTreatment, ExitCodes.BadInput);
        if (r.Cohort is not null) throw new UserFacingException(EstimateMessages.DmlTakesNoCohort, ExitCodes.BadInput);
        if (r.Covariates.Count == 0) throw new UserFacingException(EstimateMessages.DmlNeedsCovariates, ExitCodes.BadInput);
        var table = FileErrors(() => EstimateInput.ReadCrossSection(r.Panel, [r.Outcome, r.Treatment, .. r.Covariates], r.Unit, r.File));
        var input = new DmlInput(table.Numbers[0], table.Numbers[1],
            [.. Enumerable.Range(0, table.Rows).Select(i => r.Covariates.Select((_, k) => table.Numbers[2 + k][i]).ToArray())],
            r.Covariates, table.Units, r.Outcome, r.Treatment);
        var options = new DoubleMachineLearning
        {
            Learner = r.Dml.Learner switch { "light_gbm" => DmlLearner.LightGbm, "linear" => DmlLearner.Linear, _ => DmlLearner.FastTree },
            Folds = r.Dml.Folds,
            Repetitions = r.Dml.Repetitions,
            Seed = r.Seed,
        };
        DmlResult fit;
        try { fit = options.Fit(input); }
        catch (Estimation.Regression.EstimationException e)
        {
            throw new UserFacingException(EstimateMessages.CannotEstimate(r.Panel, e.Message), ExitCodes.BadInput);
        }
        return EstimateJson.ToBytes(EstimateDocumentBuilder.Dml(fit, options, r.Treatment, r.Covariates, new EstimateContext(r.Outcome, table.Dropped)));
    }
}
