using System.Globalization;
using Modeling.Estimation.Data;

namespace Modeling.Estimation.Tests.Staggered;

/// <summary>A tiny reader for the simple comma-separated reference files (quoted headers, numeric cells, no embedded commas).</summary>
internal static class PanelCsv
{
    public static PanelData Load(string path, string unit, string time, string outcome, string cohort, params string[] covariates)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidOperationException($"{path}: no column {name}");
        int cu = Col(unit), ct = Col(time), cy = Col(outcome), cg = Col(cohort);
        var cx = covariates.Select(Col).ToArray();
        var labels = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var units = new List<int>();
        var times = new List<int>();
        var ys = new List<double>();
        var gs = new List<int>();
        var xs = covariates.Select(_ => new List<double>()).ToArray();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var f = line.Split(',').Select(s => s.Trim().Trim('"')).ToArray();
            if (!index.TryGetValue(f[cu], out int u)) { u = labels.Count; index[f[cu]] = u; labels.Add(f[cu]); }
            units.Add(u);
            times.Add(int.Parse(f[ct], CultureInfo.InvariantCulture));
            ys.Add(double.Parse(f[cy], CultureInfo.InvariantCulture));
            gs.Add((int)double.Parse(f[cg], CultureInfo.InvariantCulture));
            for (int j = 0; j < cx.Length; j++) xs[j].Add(double.Parse(f[cx[j]], CultureInfo.InvariantCulture));
        }
        var cov = new Dictionary<string, IReadOnlyList<double>>();
        for (int j = 0; j < covariates.Length; j++) cov[covariates[j]] = xs[j];
        return new PanelData(units, times, ys, labels, gs, covariates: cov, outcomeName: outcome);
    }

    private static readonly Dictionary<string, PanelData> Cache = [];

    /// <summary>mpdta (Callaway &amp; Sant'Anna 2021; ../shared/refdata/README.md): 500 counties 2003–2007, outcome lemp.</summary>
    public static PanelData Mpdta()
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue("mpdta", out var p))
                Cache["mpdta"] = p = Load(Path.Combine(Modeling.Tests.TestPaths.RefData, "mpdta.csv"), "countyreal", "year", "lemp", "first.treat", "lpop");
            return p;
        }
    }

    /// <summary>The 2,100 × 36 benchmark panel (../shared/bench/README.md).</summary>
    public static PanelData Bench()
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue("bench", out var p))
                Cache["bench"] = p = Load(Path.Combine(Modeling.Tests.TestPaths.BenchData, "panel_2100x36.csv"), "unit", "period", "y", "first_treat", "x1");
            return p;
        }
    }
}
