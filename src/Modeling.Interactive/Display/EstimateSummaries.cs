using System.Globalization;
using System.Text.Json;
using Modeling.Estimation.GoodmanBacon;
using Modeling.Estimation.MachineLearning;
using Modeling.Estimation.TwoWayFixedEffects;
using Modeling.Results;

namespace Modeling.Interactive.Display;

/// <summary>
/// Summaries of the estimators <see cref="Summaries"/> does not cover (DML, the counterfactual model, extended TWFE, the
/// Goodman-Bacon decomposition) and of any estimate document of CONTRACT §5 — the JSON that <c>modeling estimate</c>
/// writes and <c>Modeling.Analysis.Estimates.EstimateDocumentBuilder</c> builds in a notebook — shown as facts (its
/// scalar fields) and one table per list (event times, ATT(g,t), comparisons, robust intervals).
/// </summary>
public static class EstimateSummaries
{
    public static Summary Of(DmlResult r) => new($"Double machine learning (partially linear) — {r.OutcomeName} on {r.TreatmentName}",
        [("coefficient [CI]", Cells.Interval(r.Theta, r.CiLow, r.CiHigh)), ("SE", Cells.Number(r.StandardError, 4)), ("p-value", Cells.PValue(r.PValue)),
         ("learner", r.LearnerName), ("folds × repetitions", $"{r.Options.Folds} × {r.Options.Repetitions} (seed {r.Options.Seed})"),
         ("nuisance R² (outcome / treatment)", $"{Cells.Number(r.OutcomeR2, 3)} / {Cells.Number(r.TreatmentR2, 3)}"),
         ("treatment range", $"{Cells.Number(r.TreatmentMin, 3)} – {Cells.Number(r.TreatmentMax, 3)}"),
         ("observations / clusters", $"{Cells.Count(r.ObservationCount)} / {Cells.Count(r.ClusterCount)}"), ("covariance", r.CovarianceType)],
        []);

    public static Summary Of(CounterfactualResult r) => new($"Counterfactual model — {r.OutcomeName}",
        [("multiplier (observed ÷ predicted without AI)", Cells.Multiplier(r.Multiplier.Value, r.Multiplier.CiLow, r.Multiplier.CiHigh)),
         ("held-out accuracy", $"R² {Cells.Number(r.Accuracy.RSquared, 3)}, MAPE {Cells.Number(100 * r.Accuracy.MeanAbsolutePercentageError, 1)}% over {Cells.Count(r.Accuracy.Teams)} teams"),
         ("evidence", r.Accuracy.RSquared > 0 ? "usable (predicts better than the mean)" : "not usable: held-out R² ≤ 0, worse than predicting the mean"),
         ("SE of log multiplier", $"{Cells.Number(r.LogEffect.StandardError, 4)} (teams bootstrap {Cells.Number(r.TeamBootstrapStandardError, 4)}, folds jackknife {Cells.Number(r.ModelJackknifeStandardError, 4)})"),
         ("training / adopted rows", $"{Cells.Count(r.TrainingRows)} / {Cells.Count(r.AdoptedRows)} ({Cells.Count(r.AdoptedTeams)} teams)"),
         ("p-value", Cells.PValue(r.Multiplier.PValue))],
        []);

    public static Summary Of(ExtendedTwfeResult r)
    {
        var horizons = new Table("By event time", ["event time", "estimate [CI]", "multiplier [CI]"]);
        foreach (var h in r.ByHorizon)
            horizons.Add(h.RelativeTime.ToString(CultureInfo.InvariantCulture), Cells.Interval(h.Effect.Estimate, h.Effect.CiLow, h.Effect.CiHigh),
                h.Multiplier is { } hm ? Cells.Multiplier(hm.Value, hm.CiLow, hm.CiHigh) : "–");
        return new Summary($"Extended TWFE (Wooldridge) — {r.OutcomeName}",
            [("model", $"{r.Options.Model}, {r.Options.OutcomeScale} outcome"),
             ("overall [CI]", Cells.Interval(r.Overall.Estimate, r.Overall.CiLow, r.Overall.CiHigh)),
             ("multiplier", r.Multiplier is { } m ? Cells.Multiplier(m.Value, m.CiLow, m.CiHigh) : "–"),
             ("observations / clusters", $"{Cells.Count(r.ObservationCount)} / {Cells.Count(r.ClusterCount)}"), ("covariance", r.CovarianceType)],
            [horizons]);
    }

    public static Summary Of(BaconDecompositionResult r)
    {
        var types = new Table("By comparison type", ["type", "weight", "average 2×2 estimate"]);
        foreach (var t in r.ByType) types.Add(t.Type.ToString(), Cells.Number(t.Weight, 5), Cells.Number(t.AverageEstimate, 5));
        var pairs = new Table("Every 2×2 comparison (cohort 0 = never treated)", ["type", "treated", "control", "estimate", "weight"]);
        foreach (var c in r.Comparisons.OrderByDescending(c => c.Weight))
            pairs.Add(c.Type.ToString(), c.TreatedCohort.ToString(CultureInfo.InvariantCulture), c.ControlCohort.ToString(CultureInfo.InvariantCulture),
                Cells.Number(c.Estimate, 5), Cells.Number(c.Weight, 5));
        return new Summary("Goodman-Bacon decomposition of the TWFE coefficient",
            [("TWFE coefficient", Cells.Number(r.TwfeEstimate, 5)), ("weighted sum of the 2×2s", Cells.Number(r.WeightedSum, 5)),
             ("forbidden comparisons' weight (later vs earlier treated)",
              Cells.Number(r.ByType.Where(t => t.Type == BaconComparisonType.LaterVsEarlierTreated).Sum(t => t.Weight), 4))],
            [types, pairs]);
    }

    /// <summary>Any estimate document: its scalar fields as facts, each list of objects as a table.</summary>
    public static Summary Of(EstimateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var json = JsonDocument.Parse(EstimateJson.ToBytes(document));
        var facts = new List<(string, string)>();
        var tables = new List<Table>();
        void Walk(JsonElement element, string prefix)
        {
            foreach (var p in element.EnumerateObject())
            {
                string name = prefix + p.Name;
                switch (p.Value.ValueKind)
                {
                    case JsonValueKind.Object when p.Value.EnumerateObject().All(x => x.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)):
                        facts.Add((name, string.Join(", ", p.Value.EnumerateObject().Select(x => $"{x.Name} {Scalar(x.Value)}"))));
                        break;
                    case JsonValueKind.Object: Walk(p.Value, name + "."); break;
                    case JsonValueKind.Array when p.Value.GetArrayLength() > 0 && p.Value[0].ValueKind == JsonValueKind.Object:
                        var header = p.Value.EnumerateArray().SelectMany(x => x.EnumerateObject().Select(y => y.Name)).Distinct().ToArray();
                        var table = new Table(name, header);
                        foreach (var row in p.Value.EnumerateArray())
                            table.Add([.. header.Select(h => row.TryGetProperty(h, out var v) ? Scalar(v) : "")]);
                        tables.Add(table);
                        break;
                    case JsonValueKind.Array: facts.Add((name, string.Join(", ", p.Value.EnumerateArray().Select(Scalar)))); break;
                    default: facts.Add((name, Scalar(p.Value))); break;
                }
            }
        }
        Walk(json.RootElement, "");
        return new Summary($"{document.Estimator} — {document.Outcome}", facts, tables);
    }

    private static string Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.TryGetInt64(out var i) ? i.ToString(CultureInfo.InvariantCulture) : Cells.Number(v.GetDouble(), 5),
        JsonValueKind.String => v.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "–",
        _ => v.GetRawText(),
    };
}
