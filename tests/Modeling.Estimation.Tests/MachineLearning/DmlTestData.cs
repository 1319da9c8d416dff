using System.Globalization;
using Modeling.Estimation.MachineLearning;
using Modeling.Tests;

namespace Modeling.Estimation.Tests.MachineLearning;

/// <summary>Test-only loaders of the reference and benchmark CSVs into <see cref="DmlInput"/>.</summary>
internal static class DmlTestData
{
    public static readonly string[] Covariates401k = ["age", "inc", "educ", "fsize", "marr", "twoearn", "db", "pira", "hown"];

    public static (string[] Header, double[][] Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return (header, rows);
    }

    /// <summary>sipp1991_401k.csv: net_tfa on e401 with the nine covariates of the refdata README; optional clusters.</summary>
    public static DmlInput Load401k(Func<int, int>? clusterOfRow = null)
    {
        var (header, rows) = ReadCsv(Path.Combine(TestPaths.RefData, "sipp1991_401k.csv"));
        int Col(string name) => Array.IndexOf(header, name);
        int[] x = [.. Covariates401k.Select(Col)];
        return new DmlInput(
            [.. rows.Select(r => r[Col("net_tfa")])],
            [.. rows.Select(r => r[Col("e401")])],
            [.. rows.Select(r => x.Select(j => r[j]).ToArray())],
            Covariates401k,
            clusterOfRow is null ? null : [.. Enumerable.Range(0, rows.Length).Select(clusterOfRow)],
            "net_tfa", "e401");
    }

    /// <summary>panel_2100x36.csv: y on D = 1{first_treat > 0 and period ≥ first_treat}, covariates x1 and period, clustered by unit.</summary>
    public static DmlInput LoadBenchPanel()
    {
        var (header, rows) = ReadCsv(Path.Combine(TestPaths.BenchData, "panel_2100x36.csv"));
        int unit = Array.IndexOf(header, "unit"), period = Array.IndexOf(header, "period"), y = Array.IndexOf(header, "y"),
            first = Array.IndexOf(header, "first_treat"), x1 = Array.IndexOf(header, "x1");
        return new DmlInput(
            [.. rows.Select(r => r[y])],
            [.. rows.Select(r => r[first] > 0 && r[period] >= r[first] ? 1.0 : 0.0)],
            [.. rows.Select(r => new[] { r[x1], r[period] })],
            ["x1", "period"],
            [.. rows.Select(r => (int)r[unit])],
            "y", "treated");
    }
}
