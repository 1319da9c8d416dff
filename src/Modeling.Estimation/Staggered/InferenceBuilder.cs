using System.Runtime.CompilerServices;
using Modeling.Estimation.Inference;

namespace Modeling.Estimation.Staggered;

/// <summary>Turns estimates with influence functions into public estimates: analytic SE, bootstrap SE, uniform band, multiplier.</summary>
internal sealed class InferenceBuilder(PanelLayout layout, StaggeredDid options, MultiplierBootstrap? bootstrap)
{
    private static readonly double SeFloor = Math.Sqrt(2.220446049250313e-16) * 10;
    private readonly int _n = layout.UnitCount;
    private readonly double _z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + options.ConfidenceLevel / 2);

    internal delegate T Factory<out T>(int index, Effect effect, double? bootstrapSe, Interval? band, Multiplier? multiplier, double[] influence);

    /// <summary>A family of estimates sharing one simultaneous band (all ATT(g,t), or the elements of an aggregation).</summary>
    public (IReadOnlyList<T> Estimates, double? Critical) Family<T>(IReadOnlyList<Combined> items, Factory<T> factory, bool[]? isReference = null)
    {
        double[]? bse = null;
        double? critical = null;
        if (bootstrap is not null && items.Count > 0)
        {
            var draws = bootstrap.Perturb(items.Select(x => x.Influence).ToList());
            bse = MultiplierBootstrap.StandardErrors(draws, _n);
            if (options.Bootstrap!.UniformBands) critical = MultiplierBootstrap.UniformCriticalValue(draws, bse, options.ConfidenceLevel);
        }
        var result = new T[items.Count];
        for (int j = 0; j < items.Count; j++)
        {
            var item = items[j];
            bool reference = isReference?[j] ?? false;
            var effect = new Effect(item.Value, AnalyticSe(item.Influence, reference), options.ConfidenceLevel);
            double? b = bse is null ? null : bse[j];
            Interval? band = critical is double cv && b is double s && !double.IsNaN(s) ? new Interval(item.Value - cv * s, item.Value + cv * s) : null;
            result[j] = factory(j, effect, b, band, ToMultiplier(item, effect), ToPanelOrder(item.Influence));
        }
        return (result, critical);
    }

    public (IReadOnlyList<AggregateEffect> Estimates, double? Critical) Elements(IReadOnlyList<Combined> items, IReadOnlyList<int> keys) =>
        Family(items, (j, e, b, band, m, inf) => new AggregateEffect(keys[j], e, b, band, m, inf));

    /// <summary>An overall summary: pointwise inference, bootstrap SE but no band.</summary>
    public AggregateEffect Single(Combined item)
    {
        var (estimates, _) = Family([item], (_, e, b, _, m, inf) => new AggregateEffect(null, e, b, null, m, inf));
        return estimates[0];
    }

    public AggregateEffect Undefined() =>
        new(null, new Effect(double.NaN, double.NaN, options.ConfidenceLevel), null, null, null, new double[layout.PanelUnitCount]);

    private double AnalyticSe(double[] influence, bool reference)
    {
        double se = StaggeredDidFitter.Se(influence, _n);
        if (reference) return 0;
        return se > SeFloor ? se : double.NaN;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Multiplier? ToMultiplier(Combined item, Effect effect)
    {
        switch (options.Scale)
        {
            case EffectScale.Log:
                return Multiplier.FromLogEffect(effect);
            case EffectScale.Ratio:
                // R = μ / (μ − θ): treated mean over the counterfactual mean; delta method on log R.
                double mu = item.Mean, theta = item.Value, counterfactual = mu - theta;
                if (item.MeanInfluence is null || !(mu > 0) || !(counterfactual > 0)) return null;
                double logR = Math.Log(mu) - Math.Log(counterfactual);
                double ss = 0;
                var im = item.MeanInfluence;
                var it = item.Influence;
                for (int i = 0; i < _n; i++)
                {
                    double psi = im[i] / mu - (im[i] - it[i]) / counterfactual;
                    ss += psi * psi;
                }
                var logEffect = new Effect(logR, Math.Sqrt(ss) / _n, options.ConfidenceLevel);
                return new Multiplier(Math.Exp(logR), Math.Exp(logEffect.CiLow), Math.Exp(logEffect.CiHigh), options.ConfidenceLevel, logEffect.PValue);
            default:
                return null;
        }
    }

    private double[] ToPanelOrder(double[] influence)
    {
        var full = new double[layout.PanelUnitCount];
        var map = layout.PanelUnit;
        for (int p = 0; p < map.Length; p++) full[map[p]] = influence[p];
        return full;
    }
}
