using Modeling.Results;
using Modeling.Estimation.MachineLearning;
using Modeling.Panel;

namespace Modeling.Analysis.MachineLearning;

/// <summary>A DML fit of one outcome on ai_active_share, with the dose-response it implies.</summary>
public sealed record DmlOutcome(string Outcome, DmlResult Fit, DoseResponse Dose, int ZeroRowsLeftOut);

/// <summary>
/// Double machine learning for adoption intensity: log outcome = θ·ai_active_share + g(X) + ε with X = the
/// team's attributes (org, service tier, language as codes), the period (trend), the team's size and its baseline
/// (mean log outcome and size before the first team adopted AI, so never affected by AI), cross-fitted with folds by
/// team. No post-adoption lags enter X: they would absorb part of the effect.
/// </summary>
public static class DmlAnalysis
{
    public const string Estimator = "dml";

    public static readonly IReadOnlyList<string> Features =
        ["org", "service_tier", "primary_language", "period", "engineers", "baseline_log_outcome", "baseline_engineers"];

    /// <summary>The DML input for one outcome; rows whose outcome is missing or not positive (no log) are left out.</summary>
    public static (DmlInput Input, int ZeroRows) InputFor(TeamPanel panel, string outcome)
    {
        var y = panel.Values(outcome);
        var share = panel.Values(PanelColumns.AiActiveShare);
        int firstCohort = panel.Teams.Where(t => t.Cohort != 0).Select(t => t.Cohort).DefaultIfEmpty(int.MaxValue).Min();
        int firstPeriod = panel.PeriodIndex.Min();
        // Baseline window: periods before any team adopted; when the data start with adopters, the first period.
        int baselineEnd = Math.Max(firstCohort, firstPeriod + 1);
        var baseline = new (double SumLog, double SumEngineers, int N)[panel.TeamIds.Length];
        for (int r = 0; r < panel.RowCount; r++)
            if (panel.PeriodIndex[r] < baselineEnd && y[r] > 0)
            {
                ref var b = ref baseline[panel.TeamIndex[r]];
                b.SumLog += Math.Log(y[r]); b.SumEngineers += panel.Engineers[r]; b.N++;
            }
        double meanLog = baseline.Where(b => b.N > 0).Select(b => b.SumLog / b.N).DefaultIfEmpty(0).Average();
        double meanSize = baseline.Where(b => b.N > 0).Select(b => b.SumEngineers / b.N).DefaultIfEmpty(0).Average();
        var codes = new[] { PanelColumns.Org, PanelColumns.ServiceTier, PanelColumns.PrimaryLanguage }
            .Select(c => Codes(panel.Teams.Select(t => c == PanelColumns.Org ? t.Org : c == PanelColumns.ServiceTier ? t.ServiceTier : t.PrimaryLanguage)))
            .ToArray();

        var outcomeValues = new List<double>();
        var treatment = new List<double>();
        var covariates = new List<double[]>();
        var clusters = new List<int>();
        int zeros = 0;
        for (int r = 0; r < panel.RowCount; r++)
        {
            if (double.IsNaN(y[r]) || double.IsNaN(share[r])) continue;
            if (!(y[r] > 0)) { zeros++; continue; }
            int team = panel.TeamIndex[r];
            var b = baseline[team];
            outcomeValues.Add(Math.Log(y[r]));
            treatment.Add(share[r]);
            covariates.Add([codes[0][team], codes[1][team], codes[2][team], panel.PeriodIndex[r] - firstPeriod, panel.Engineers[r],
                b.N > 0 ? b.SumLog / b.N : meanLog, b.N > 0 ? b.SumEngineers / b.N : meanSize]);
            clusters.Add(team);
        }
        return (new DmlInput(outcomeValues, treatment, covariates, Features, clusters, outcome, PanelColumns.AiActiveShare), zeros);
    }

    /// <summary>Fits DML on one outcome.</summary>
    public static DmlOutcome Fit(TeamPanel panel, string outcome, int seed, double confidenceLevel)
    {
        var (input, zeros) = InputFor(panel, outcome);
        var fit = new DoubleMachineLearning { Seed = seed, ConfidenceLevel = confidenceLevel }.Fit(input);
        return new DmlOutcome(outcome, fit, DoseResponse.From(fit), zeros);
    }

    /// <summary>The effects row: the multiplier of going from 0 to 100% of engineers active, exp(θ).</summary>
    public static EffectRow EffectOf(DmlOutcome dml)
    {
        var m = Estimation.Inference.Multiplier.FromLogEffect(dml.Fit.Effect);
        return EffectRows.From(dml.Outcome, Estimator, m, dml.Fit, "log");
    }

    public static IReadOnlyList<DoseResponseRow> DoseRows(DmlOutcome dml) =>
        [.. dml.Dose.Points.Select(p => new DoseResponseRow(dml.Outcome, PanelColumns.AiActiveShare, p.Adoption, p.Multiplier, p.CiLow, p.CiHigh, p.Extrapolation))];

    /// <summary>The E-value refutation row of the full-adoption multiplier.</summary>
    public static RefutationRow EValueRow(DmlOutcome dml)
    {
        var full = dml.Dose.At(1.0);
        var e = dml.Dose.EValue;
        return new RefutationRow
        {
            Outcome = dml.Outcome, Test = "e_value", Parameter = "adoption=1.0",
            Multiplier = full.Multiplier, CiLow = full.CiLow, CiHigh = full.CiHigh, PValue = dml.Fit.PValue, Value = e.Point,
            Detail = Messages.EValueDetail(e.Point, e.ConfidenceLimit),
        };
    }

    /// <summary>Dense codes 1.. in ordinal order of the values; 0 for unknown.</summary>
    internal static double[] Codes(IEnumerable<string?> values)
    {
        var list = values.ToArray();
        var order = list.Where(v => v is not null).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select((v, i) => (v!, i + 1)).ToDictionary(x => x.Item1, x => (double)x.Item2, StringComparer.Ordinal);
        return [.. list.Select(v => v is null ? 0 : order[v])];
    }
}
