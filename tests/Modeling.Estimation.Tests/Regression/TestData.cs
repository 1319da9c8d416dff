using System.Globalization;
using System.Text.Json;
using Modeling.Estimation.Data;
using Modeling.Tests;

namespace Modeling.Estimation.Tests.Regression;

/// <summary>A small comma-separated table read in full (reference data and fixtures only; quoted fields without commas).</summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _index;
    private readonly List<string[]> _rows;

    private CsvTable(string[] header, List<string[]> rows)
    {
        _index = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);
        _rows = rows;
    }

    public int Count => _rows.Count;

    public static CsvTable Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        static string[] Split(string line) => [.. line.Split(',').Select(f => f.Trim().Trim('"'))];
        return new CsvTable(Split(lines[0]), [.. lines.Skip(1).Select(Split)]);
    }

    public string[] Strings(string column) => [.. _rows.Select(r => r[_index[column]])];

    public double[] Doubles(string column) =>
        [.. Strings(column).Select(s => s == "NA" ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture))];

    public int[] Ints(string column) => [.. Doubles(column).Select(v => (int)v)];

    public CsvTable Where(Func<int, bool> keep) =>
        new([.. _index.OrderBy(kv => kv.Value).Select(kv => kv.Key)], [.. _rows.Where((_, i) => keep(i))]);
}

internal static class TestData
{
    public static string FixturePath(string name) =>
        Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Estimation.Tests", "Fixtures", name);

    /// <summary>Builds a panel: unit labels from any column (ordinal order), integer times, optional cohort/treatment/covariates/weight.</summary>
    public static PanelData Panel(CsvTable t, string unit, string time, string outcome, int[]? cohort = null,
        string? treatment = null, string[]? covariates = null, string? weight = null)
    {
        var labels = t.Strings(unit);
        var distinct = labels.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = distinct.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        return new PanelData(
            [.. labels.Select(l => index[l])], t.Ints(time), t.Doubles(outcome), distinct, cohort,
            treatment is null ? null : t.Doubles(treatment),
            covariates?.ToDictionary(c => c, c => (IReadOnlyList<double>)t.Doubles(c)),
            weight is null ? null : t.Doubles(weight), outcome);
    }

    public static CsvTable Mpdta() => CsvTable.Read(Path.Combine(TestPaths.RefData, "mpdta.csv"));
    public static CsvTable Castle() => CsvTable.Read(Path.Combine(TestPaths.RefData, "castle_bacondecomp.csv"));
    public static CsvTable CountPanel() => CsvTable.Read(FixturePath("count_panel.csv"));

    /// <summary>Castle cohort: first year with post = 1 (the bacondecomp treatment), 0 if never.</summary>
    public static int[] CastleCohort(CsvTable castle)
    {
        var state = castle.Strings("state");
        var year = castle.Ints("year");
        var post = castle.Doubles("post");
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < state.Length; i++)
            if (post[i] == 1 && (!first.TryGetValue(state[i], out var f) || year[i] < f)) first[state[i]] = year[i];
        return [.. state.Select(s => first.GetValueOrDefault(s, 0))];
    }

    public static JsonElement OracleCase(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FixturePath("twfe_oracle.json")));
        return doc.RootElement.GetProperty("cases").GetProperty(name).Clone();
    }

    public static double[] Array(this JsonElement e, string property) =>
        [.. e.GetProperty(property).EnumerateArray().Select(x => x.GetDouble())];

    public static void Close(double expected, double actual, double relativeTolerance, string what = "")
    {
        double err = Math.Abs(expected - actual);
        Assert.True(err <= relativeTolerance * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R} (relative error {err / Math.Abs(expected):E2}, tolerance {relativeTolerance:E0})");
    }
}
