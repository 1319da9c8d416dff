using Modeling.Results;
using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.Numerics;
using Modeling.Panel;

namespace Modeling.Analysis.MachineLearning;

/// <summary>A DML fit of one outcome on ai_active_share, with the dose-response it implies.</summary>
public sealed record DmlOutcome(string Outcome, DmlResult Fit, DoseResponse Dose, int ZeroRowsLeftOut);

/// <summary>
/// Double machine learning for adoption intensity with team and period fixed effects (the within-group panel DML of
/// Clarke &amp; Polselli 2025, Econometrics Journal): the log outcome, ai_active_share and the team's size are each
/// demeaned by team and by period (two-way, by alternating projections, so unbalanced panels are fine), and the
/// partially linear model ỹ = θ·d̃ + g(X) + ε is cross-fitted with folds by team on X = the team's attributes (org,
/// service tier, language as codes), the period and the demeaned size. Without the team effects a pooled model
/// compares teams that differ in level (the audit of issue 18: under no effect its interval excluded 1 in 7–10 of 20
/// runs). No post-adoption lags enter X: they would absorb part of the effect.
/// </summary>
public static class DmlAnalysis
{
    public const string Estimator = "dml";

    public static readonly IReadOnlyList<string> Features = ["org", "service_tier", "primary_language", "period", "engineers_within"];

    /// <summary>
    /// The DML input for one outcome, with the range of ai_active_share before the within transformation (where the
    /// dose-response is observed); rows whose outcome is missing or not positive (no log) are left out.
    /// </summary>
    public static (DmlInput Input, int ZeroRows, double ShareMin, double ShareMax) InputFor(TeamPanel panel, string outcome)
    {
        var y = panel.Values(outcome);
        var share = panel.Values(PanelColumns.AiActiveShare);
        int firstPeriod = panel.PeriodIndex.Min();
        var codes = new[] { PanelColumns.Org, PanelColumns.ServiceTier, PanelColumns.PrimaryLanguage }
            .Select(c => Codes(panel.Teams.Select(t => c == PanelColumns.Org ? t.Org : c == PanelColumns.ServiceTier ? t.ServiceTier : t.PrimaryLanguage)))
            .ToArray();

        var rows = new List<int>();
        int zeros = 0;
        for (int r = 0; r < panel.RowCount; r++)
        {
            if (double.IsNaN(y[r]) || double.IsNaN(share[r])) continue;
            if (!(y[r] > 0)) { zeros++; continue; }
            rows.Add(r);
        }
        // Two-way within transformation over the rows kept (dense team and period codes).
        var teamCode = Dense(rows.Select(r => panel.TeamIndex[r]));
        var periodCode = Dense(rows.Select(r => panel.PeriodIndex[r]));
        var demeaner = new TwoWayDemeaner(teamCode.Codes, teamCode.Levels, periodCode.Codes, periodCode.Levels, null);
        double[] Within(Func<int, double> value)
        {
            var raw = rows.Select(value).ToArray();
            var result = new double[raw.Length];
            demeaner.Demean(raw, result, new double[periodCode.Levels]);
            return result;
        }
        var outcomeWithin = Within(r => Math.Log(y[r]));
        var shareWithin = Within(r => share[r]);
        var sizeWithin = Within(r => panel.Engineers[r]);

        var covariates = new List<double[]>(rows.Count);
        var clusters = new List<int>(rows.Count);
        for (int k = 0; k < rows.Count; k++)
        {
            int r = rows[k], team = panel.TeamIndex[r];
            covariates.Add([codes[0][team], codes[1][team], codes[2][team], panel.PeriodIndex[r] - firstPeriod, sizeWithin[k]]);
            clusters.Add(team);
        }
        return (new DmlInput(outcomeWithin, shareWithin, covariates, Features, clusters, outcome, PanelColumns.AiActiveShare), zeros,
            rows.Count == 0 ? double.NaN : rows.Min(r => share[r]), rows.Count == 0 ? double.NaN : rows.Max(r => share[r]));
    }

    private static (int[] Codes, int Levels) Dense(IEnumerable<int> values)
    {
        var list = values.ToArray();
        var map = list.Distinct().Order().Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        return ([.. list.Select(v => map[v])], map.Count);
    }

    /// <summary>Fits DML on one outcome; its dose-response is observed over the raw adoption shares.</summary>
    public static DmlOutcome Fit(TeamPanel panel, string outcome, int seed, double confidenceLevel)
    {
        var (input, zeros, shareMin, shareMax) = InputFor(panel, outcome);
        var fit = new DoubleMachineLearning { Seed = seed, ConfidenceLevel = confidenceLevel }.Fit(input);
        return new DmlOutcome(outcome, fit, DoseResponse.From(fit) with { ObservedMin = shareMin, ObservedMax = shareMax }, zeros);
    }

    /// <summary>The effects row: the multiplier of going from 0 to 100% of engineers active, exp(θ).</summary>
    public static EffectRow EffectOf(DmlOutcome dml)
    {
        var m = Estimation.Inference.Multiplier.FromLogEffect(dml.Fit.Effect);
        return EffectRows.From(dml.Outcome, Estimator, m, dml.Fit, "log") with { Estimand = EffectEstimands.DoseResponse };
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
