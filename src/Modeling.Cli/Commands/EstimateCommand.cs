using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Modeling.Estimation.Data;
using Modeling.Estimation.Inference;
using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.Staggered;
using Modeling.Estimation.TwoWayFixedEffects;
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
        var estimator = new Option<string>("--estimator") { DefaultValueFactory = _ => "staggered_did", Description = "staggered_did (default), twfe or dml." };
        estimator.AcceptOnlyFromAmong("staggered_did", "twfe", "dml");
        var control = new Option<string>("--control") { DefaultValueFactory = _ => "never", Description = "Controls of staggered_did: never (default) or not_yet." };
        control.AcceptOnlyFromAmong("never", "not_yet");
        var covariates = new Option<string?>("--covariates") { Description = "Comma-separated covariate columns." };
        var model = new Option<string>("--model") { DefaultValueFactory = _ => "ols", Description = "twfe likelihood: ols (default) or poisson." };
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
        if (r.Estimator == "staggered_did" && r.Cohort is null) throw new UserFacingException(EstimateMessages.StaggeredNeedsCohort, ExitCodes.BadInput);

        var (data, suppressed) = PanelCsv.Read(r.Panel, r.Unit, r.Time, r.Outcome, r.Cohort, r.Treatment, r.Covariates);
        try
        {
            return r.Estimator == "staggered_did" ? Staggered(data, r, suppressed) : TwoWay(data, r, suppressed);
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
/// Reads a panel CSV for <c>estimate</c>: header-checked, every used cell parsed with invariant culture; a bad cell is a
/// user error naming file, line, column, value and what was expected. Units are indexed in ordinal order. When the
/// header has a <c>suppressed</c> column (panel files written for people), rows marked true carry no values: they are
/// left out and counted.
/// </summary>
internal static class PanelCsv
{
    /// <summary>The estimators' input and the number of suppressed rows left out.</summary>
    public static (PanelData Data, int Suppressed) Read(string path, string unitColumn, string timeColumn, string outcomeColumn, string? cohortColumn,
        string? treatmentColumn, IReadOnlyList<string> covariates)
    {
        if (!File.Exists(path)) throw new UserFacingException(EstimateMessages.NoSuchFile(path), ExitCodes.BadInput);
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = reader.ReadLine() is { } h ? Split(h) : throw new UserFacingException(EstimateMessages.EmptyFile(path), ExitCodes.BadInput);
        int Index(string column) => header.IndexOf(column) is var i and >= 0
            ? i : throw new UserFacingException(EstimateMessages.MissingColumn(path, column, header), ExitCodes.BadInput);
        int u = Index(unitColumn), t = Index(timeColumn), y = Index(outcomeColumn);
        int c = cohortColumn is null ? -1 : Index(cohortColumn);
        int d = treatmentColumn is null ? -1 : Index(treatmentColumn);
        int[] x = [.. covariates.Select(Index)];
        int s = header.IndexOf(PanelColumns.Suppressed);

        var units = new List<string>();
        var times = new List<int>();
        var outcome = new List<double>();
        var cohort = new List<int>();
        var treatment = new List<double>();
        var cov = covariates.Select(_ => new List<double>()).ToArray();
        int line = 1, suppressed = 0;
        for (string? text; (text = reader.ReadLine()) is not null;)
        {
            line++;
            if (text.Length == 0) continue;
            var f = Split(text);
            if (f.Count != header.Count) throw new UserFacingException(EstimateMessages.WrongFieldCount(path, line, f.Count, header.Count), ExitCodes.BadInput);
            if (s >= 0 && IsSuppressed(path, line, f[s]))
            {
                suppressed++;
                continue;
            }
            units.Add(f[u]);
            times.Add(Integer(path, line, timeColumn, f[t], allowEmpty: false));
            outcome.Add(Real(path, line, outcomeColumn, f[y]));
            if (c >= 0) cohort.Add(Integer(path, line, cohortColumn!, f[c], allowEmpty: true));
            if (d >= 0) treatment.Add(Real(path, line, treatmentColumn!, f[d]));
            for (int k = 0; k < x.Length; k++) cov[k].Add(Real(path, line, covariates[k], f[x[k]]));
        }
        if (outcome.Count == 0) throw new UserFacingException(NoRowsLeft(path, suppressed), ExitCodes.BadInput);

        var labels = units.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++) index[labels[i]] = i;
        return (new PanelData(
            [.. units.Select(label => index[label])], times, outcome, labels,
            c >= 0 ? cohort : null, d >= 0 ? treatment : null,
            covariates.Select((name, k) => (name, k)).ToDictionary(p => p.name, p => (IReadOnlyList<double>)cov[p.k], StringComparer.Ordinal),
            outcomeName: outcomeColumn), suppressed);
    }

    /// <summary>Numeric columns of any CSV (the dml cross-section): one list per column, the optional cluster column as
    /// ids 0..G−1 in ordinal order of its labels; suppressed rows left out and counted, as in <see cref="Read"/>.</summary>
    public static (int Rows, double[][] Numbers, int[]? Units, int Suppressed) ReadColumns(string path, IReadOnlyList<string> columns, string? unitColumn)
    {
        if (!File.Exists(path)) throw new UserFacingException(EstimateMessages.NoSuchFile(path), ExitCodes.BadInput);
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = reader.ReadLine() is { } h ? Split(h) : throw new UserFacingException(EstimateMessages.EmptyFile(path), ExitCodes.BadInput);
        int Index(string column) => header.IndexOf(column) is var i and >= 0
            ? i : throw new UserFacingException(EstimateMessages.MissingColumn(path, column, header), ExitCodes.BadInput);
        int[] index = [.. columns.Select(Index)];
        int u = unitColumn is null ? -1 : Index(unitColumn);
        int s = header.IndexOf(PanelColumns.Suppressed);
        var values = columns.Select(_ => new List<double>()).ToArray();
        var units = new List<string>();
        int line = 1, suppressed = 0;
        for (string? text; (text = reader.ReadLine()) is not null;)
        {
            line++;
            if (text.Length == 0) continue;
            var f = Split(text);
            if (f.Count != header.Count) throw new UserFacingException(EstimateMessages.WrongFieldCount(path, line, f.Count, header.Count), ExitCodes.BadInput);
            if (s >= 0 && IsSuppressed(path, line, f[s]))
            {
                suppressed++;
                continue;
            }
            for (int k = 0; k < index.Length; k++) values[k].Add(Real(path, line, columns[k], f[index[k]]));
            if (u >= 0) units.Add(f[u]);
        }
        if (values[0].Count == 0) throw new UserFacingException(NoRowsLeft(path, suppressed), ExitCodes.BadInput);
        int[]? ids = null;
        if (u >= 0)
        {
            var labels = units.Distinct().Order(StringComparer.Ordinal).Select((label, i) => (label, i))
                .ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
            ids = [.. units.Select(s => labels[s])];
        }
        return (values[0].Count, [.. values.Select(v => v.ToArray())], ids, suppressed);
    }

    private static string NoRowsLeft(string path, int suppressed) =>
        suppressed > 0 ? EstimateMessages.AllRowsSuppressed(path, suppressed) : EstimateMessages.EmptyFile(path);

    /// <summary>The <c>suppressed</c> flag: true or false (empty counts as false); anything else is a user error.</summary>
    private static bool IsSuppressed(string path, int line, string value)
    {
        if (value.Length == 0 || value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        throw new UserFacingException(EstimateMessages.BadValue(path, line, PanelColumns.Suppressed, value, "true or false"), ExitCodes.BadInput);
    }

    private static int Integer(string path, int line, string column, string value, bool allowEmpty)
    {
        if (allowEmpty && value.Length == 0) return PanelData.NeverTreated;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v == Math.Floor(v) && Math.Abs(v) < int.MaxValue)
        {
            if (v > 0 || (allowEmpty && v == 0)) return (int)v;
        }
        throw new UserFacingException(EstimateMessages.BadValue(path, line, column, value,
            allowEmpty ? "a whole number > 0, or 0/empty for never treated" : "a whole number > 0"), ExitCodes.BadInput);
    }

    private static double Real(string path, int line, string column, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new UserFacingException(EstimateMessages.BadValue(path, line, column, value, "a finite number"), ExitCodes.BadInput);

    /// <summary>One RFC 4180 record on one line (quoted fields, doubled quotes); panels have no embedded newlines.</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        fields.Add(field.ToString());
        return fields;
    }
}

/// <summary>User-facing texts of the estimate and analyze verbs.</summary>
internal static class EstimateMessages
{
    public const string DmlNeedsTreatment = "--estimator dml needs --treatment (the treatment column, continuous or 0/1).";
    public const string DmlTakesNoCohort = "--estimator dml takes --treatment, not --cohort; give the treatment column itself.";
    public const string DmlNeedsCovariates = "--estimator dml needs --covariates (the control columns of the nuisance models).";
    public const string CohortXorTreatment = "give exactly one of --cohort (first-treated period) or --treatment.";
    public const string StaggeredNeedsCohort = "--estimator staggered_did needs --cohort (the first-treated period column).";
    public const string NoTreatmentCoefficient = "the treatment coefficient could not be estimated (collinear with the fixed effects)";
    public static string UnitAndTimeRequired(string estimator) => $"--estimator {estimator} needs --unit and --time.";
    public static string NoSuchFile(string path) => $"{path}: file not found.";
    public static string EmptyFile(string path) => $"{path}: no header or no data rows; expected a CSV panel with a header row.";
    public static string MissingColumn(string path, string column, IEnumerable<string> header) =>
        $"{path}: line 1: no column '{column}'; the header has {string.Join(", ", header)}.";
    public static string WrongFieldCount(string path, int line, int found, int expected) =>
        $"{path}: line {line}: {found} fields; expected {expected} as in the header.";
    public static string BadValue(string path, int line, string column, string value, string expected) =>
        $"{path}: line {line}, column '{column}': value '{value}'; expected {expected}.";
    public static string AllRowsSuppressed(string path, int rows) =>
        $"{path}: all {rows.ToString(CultureInfo.InvariantCulture)} data rows are marked suppressed (groups too small to show), so nothing is left to estimate.";
    public static string CannotEstimate(string path, string reason) => $"{path}: cannot estimate: {reason}";
    public static string Written(string path) => $"estimate: wrote {path}";
    public static string BadMinGroupSize(string value) =>
        $"The '{MinGroupSizeOption.Name}' option must be an integer of at least 1. Got {value} instead.";
}
