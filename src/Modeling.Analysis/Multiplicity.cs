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
        var rows = effects.ToArray();
        HolmOver(rows, r => r.Headline && !primaryOutcomes.Contains(r.Outcome), r => r.PValue, (r, p) => r with { PValueAdjusted = p });
        return [.. rows];
    }

    /// <summary>Heterogeneity rows with p-values adjusted over all rows of the same outcome.</summary>
    public static IReadOnlyList<HeterogeneityRow> Adjust(IReadOnlyList<HeterogeneityRow> rows)
    {
        var result = rows.ToArray();
        foreach (var outcome in rows.Select(r => r.Outcome).Distinct(StringComparer.Ordinal))
            HolmOver(result, r => r.Outcome == outcome, r => r.PValue, (r, p) => r with { PValueAdjusted = p });
        return result;
    }

    /// <summary>A mandate's quality-cost lines with p-values adjusted over the lines.</summary>
    public static IReadOnlyList<QualityCost> Adjust(IReadOnlyList<QualityCost> lines)
    {
        var result = lines.ToArray();
        HolmOver(result, _ => true, l => l.PValue, (l, p) => l with { PValueAdjusted = p });
        return result;
    }

    /// <summary>Replaces the rows in the family (those <paramref name="inFamily"/> with a finite p-value) by their Holm-adjusted copies.</summary>
    private static void HolmOver<T>(T[] rows, Func<T, bool> inFamily, Func<T, double?> pValue, Func<T, double, T> withAdjusted)
    {
        var family = Enumerable.Range(0, rows.Length).Where(i => inFamily(rows[i]) && pValue(rows[i]) is double p && double.IsFinite(p)).ToArray();
        var adjusted = MultipleTesting.Holm([.. family.Select(i => pValue(rows[i])!.Value)]);
        for (int k = 0; k < family.Length; k++) rows[family[k]] = withAdjusted(rows[family[k]], adjusted[k]);
    }
}
