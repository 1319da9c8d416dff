using System.Globalization;
using System.Text.Json;
using Modeling.Estimation.MachineLearning;
using Modeling.Tests;

namespace Modeling.Estimation.Tests.MachineLearning;

/// <summary>
/// The simulated organisation of Fixtures/counterfactual (make_sim_panel.sh: `modeling simulate --teams 150 --months 24
/// --seed 5`, then `modeling panel`) as a <see cref="CounterfactualInput"/> for merged_prs_per_engineer, with the
/// built-in truth from its truth.json.
/// </summary>
internal static class CounterfactualTestData
{
    private static string Fixture(string name) =>
        Path.Combine(TestPaths.RepositoryRoot, "tests", "Modeling.Estimation.Tests", "Fixtures", "counterfactual", name);

    public static readonly Lazy<CounterfactualInput> Simulated = new(() => LoadPanel(Fixture("sim150_seed5_panel.csv")));

    public static double TruthMultiplier()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("sim150_seed5_truth.json")));
        return doc.RootElement.GetProperty("multiplier").GetDouble();
    }

    /// <summary>
    /// Features: one-hot org and primary language, service tier, engineers (team size) and month of the year; adopted
    /// team-periods are those from the panel's adoption period (cohort, a period index) on. Reads the fixture or any
    /// panel.csv written by `modeling panel`.
    /// </summary>
    public static CounterfactualInput LoadPanel(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        int Col(string name) => Array.IndexOf(header, name);
        double Num(string[] r, string name) => double.Parse(r[Col(name)], CultureInfo.InvariantCulture);
        var orgs = rows.Select(r => r[Col("org")]).Distinct().Order(StringComparer.Ordinal).ToArray();
        var languages = rows.Select(r => r[Col("primary_language")]).Distinct().Order(StringComparer.Ordinal).ToArray();
        string[] names = [.. orgs.Select(o => "org_" + o), .. languages.Select(l => "lang_" + l), "service_tier", "engineers", "month_of_year"];
        var features = rows.Select(r =>
        {
            var f = new double[names.Length];
            f[Array.IndexOf(orgs, r[Col("org")])] = 1;
            f[orgs.Length + Array.IndexOf(languages, r[Col("primary_language")])] = 1;
            f[^3] = Num(r, "service_tier");
            f[^2] = Num(r, "engineers");
            f[^1] = (int)Num(r, "period_index") % 12;
            return f;
        }).ToArray();
        return new CounterfactualInput(
            [.. rows.Select(r => Num(r, "merged_prs_per_engineer"))],
            [.. rows.Select(r => Num(r, "cohort") > 0 && Num(r, "period_index") >= Num(r, "cohort"))],
            [.. rows.Select(r => r[Col("team_id")])],
            [.. rows.Select(r => (int)Num(r, "period_index"))],
            features, names, "merged_prs_per_engineer");
    }
}
