using Modeling.Estimation.Inference;
using Modeling.Results;

namespace Modeling.Analysis;

/// <summary>
/// Which statements are adjusted for multiple comparisons, and how: the mandates' own outcomes are the primary outcomes,
/// judged on their unadjusted intervals; every other "better"/"worse" reading (the secondary outcomes' headline rows,
/// the heterogeneity rows of an outcome, a mandate's quality-cost lines) is read from a Holm-adjusted p-value over its
/// family, which keeps the chance of any false "clearly better/worse" in that family at 5 % (Holm 1979).
/// </summary>
public static class Multiplicity
{
    /// <summary>The headline rows of outcomes no mandate compares on, with their Holm-adjusted p-values; other rows unchanged.</summary>
    public static List<EffectRow> AdjustSecondary(IReadOnlyList<EffectRow> effects, IReadOnlySet<string> primaryOutcomes)
    {
        var rows = effects.ToList();
        var family = Enumerable.Range(0, rows.Count)
            .Where(i => rows[i].Headline && !primaryOutcomes.Contains(rows[i].Outcome) && rows[i].PValue is double p && double.IsFinite(p))
            .ToArray();
        var adjusted = MultipleTesting.Holm([.. family.Select(i => rows[i].PValue!.Value)]);
        for (int k = 0; k < family.Length; k++) rows[family[k]] = rows[family[k]] with { PValueAdjusted = adjusted[k] };
        return rows;
    }

    /// <summary>Heterogeneity rows with p-values adjusted over all rows of the same outcome.</summary>
    public static IReadOnlyList<HeterogeneityRow> Adjust(IReadOnlyList<HeterogeneityRow> rows)
    {
        var result = rows.ToArray();
        foreach (var outcome in rows.Select(r => r.Outcome).Distinct(StringComparer.Ordinal))
        {
            var family = Enumerable.Range(0, result.Length)
                .Where(i => result[i].Outcome == outcome && result[i].PValue is double p && double.IsFinite(p)).ToArray();
            var adjusted = MultipleTesting.Holm([.. family.Select(i => result[i].PValue!.Value)]);
            for (int k = 0; k < family.Length; k++) result[family[k]] = result[family[k]] with { PValueAdjusted = adjusted[k] };
        }
        return result;
    }

    /// <summary>A mandate's quality-cost lines with p-values adjusted over the lines.</summary>
    public static IReadOnlyList<QualityCost> Adjust(IReadOnlyList<QualityCost> lines)
    {
        var result = lines.ToArray();
        var family = Enumerable.Range(0, result.Length).Where(i => result[i].PValue is double p && double.IsFinite(p)).ToArray();
        var adjusted = MultipleTesting.Holm([.. family.Select(i => result[i].PValue!.Value)]);
        for (int k = 0; k < family.Length; k++) result[family[k]] = result[family[k]] with { PValueAdjusted = adjusted[k] };
        return result;
    }
}
