using System.Globalization;
using System.Text.Json;

namespace Modeling.Simulation.Tests;

/// <summary>
/// Reads a simulated folder back with plain string splitting (the clean files have no quoted fields) and computes
/// the CONTRACT §3 team-month outcomes independently of the simulator's code.
/// </summary>
internal sealed class OrgData
{
    public required string Folder { get; init; }
    public required JsonDocument Truth { get; init; }
    public required string[] Periods { get; init; }
    public required string[] Teams { get; init; }
    public required Dictionary<string, string?> Adoption { get; init; }
    public required List<(string Engineer, string Team, DateOnly From, DateOnly? To)> Roster { get; init; }

    /// <summary>Realised outcome sums per (team, period).</summary>
    public Dictionary<(string Team, string Period), Dictionary<string, double>> Outcomes { get; } = new();

    public static OrgData Load(string folder)
    {
        var truth = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "truth.json")));
        var root = truth.RootElement;
        var first = Month(root.GetProperty("periods")[0].GetString()!);
        var last = Month(root.GetProperty("periods")[1].GetString()!);
        var periods = new List<string>();
        for (var m = first; m <= last; m = m.AddMonths(1)) periods.Add(Label(m));
        var adoption = root.GetProperty("teams").EnumerateArray().ToDictionary(
            t => t.GetProperty("team_id").GetString()!,
            t => t.GetProperty("adoption_period").ValueKind == JsonValueKind.Null ? null : t.GetProperty("adoption_period").GetString(),
            StringComparer.Ordinal);
        var roster = Rows(folder, "roster.csv").Select(f => (f[0], f[1], DateOnly.ParseExact(f[2], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            f[3].Length == 0 ? (DateOnly?)null : DateOnly.ParseExact(f[3], "yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
        var data = new OrgData
        {
            Folder = folder, Truth = truth, Periods = [.. periods], Teams = [.. Rows(folder, "teams.csv").Select(f => f[0])],
            Adoption = adoption, Roster = roster,
        };
        data.CountOutcomes();
        return data;
    }

    public static IEnumerable<string[]> Rows(string folder, string file) => File.ReadLines(Path.Combine(folder, file)).Skip(1).Select(l => l.Split(','));

    public static DateOnly Month(string period) => DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string Label(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    public static string PeriodOf(string timestamp) => Label(DateOnly.FromDateTime(DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture).UtcDateTime));

    public bool IsAdopted(string team, string period) => Adoption[team] is { } a && string.CompareOrdinal(period, a) >= 0;

    public double Get(string team, string period, string outcome) =>
        Outcomes.TryGetValue((team, period), out var d) && d.TryGetValue(outcome, out var v) ? v : 0;

    private void Add(string team, string period, string outcome, double value = 1)
    {
        if (!Outcomes.TryGetValue((team, period), out var d)) Outcomes[(team, period)] = d = new Dictionary<string, double>(StringComparer.Ordinal);
        d[outcome] = d.GetValueOrDefault(outcome) + value;
    }

    /// <summary>The author's team on the PR's creation date, from the roster (team_id empty case).</summary>
    private string TeamOf(string engineer, DateOnly day) =>
        Roster.First(r => r.Engineer == engineer && r.From <= day && (r.To is null || day <= r.To)).Team;

    private void CountOutcomes()
    {
        var byEngineer = Roster.GroupBy(r => r.Engineer).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var f in Rows(Folder, "pull_requests.csv"))
        {
            if (f[7].Length == 0) continue;
            string team = f[3].Length > 0 ? f[3]
                : byEngineer[f[1]].First(r => r.From <= Day(f[2]) && (r.To is null || Day(f[2]) <= r.To)).Team;
            Add(team, PeriodOf(f[7]), "merged_prs");
        }
        var causing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Rows(Folder, "incidents.csv"))
        {
            string period = PeriodOf(f[2]);
            if (f[5] == "defect") Add(f[1], period, "defects"); else Add(f[1], period, "incidents");
            if (f[7] == "true") Add(f[1], period, "escaped_defects");
            if (f[6].Length > 0) causing.Add(f[6]);
        }
        var days = new HashSet<(string, DateOnly)>();
        foreach (var f in Rows(Folder, "deployments.csv"))
        {
            if (f[5] is not ("" or "production" or "prod")) continue;
            string period = PeriodOf(f[2]);
            Add(f[1], period, "all_deployments");
            if (f[3] == "failure") Add(f[1], period, "cfr_numerator");
            else
            {
                Add(f[1], period, "deployments");
                if (causing.Contains(f[0])) Add(f[1], period, "cfr_numerator");
                if (days.Add((f[1], DateOnly.FromDateTime(DateTimeOffset.Parse(f[2], CultureInfo.InvariantCulture).UtcDateTime))))
                    Add(f[1], period, "deployment_days");
            }
        }
    }

    private static DateOnly Day(string timestamp) => DateOnly.FromDateTime(DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture).UtcDateTime);

    /// <summary>CONTRACT §3: members on any day of the month with ≥ 1 AI interaction in the month, divided by members.</summary>
    public Dictionary<(string Team, string Period), double> ActiveShares()
    {
        var active = new HashSet<(string Engineer, string Period)>();
        foreach (var f in Rows(Folder, "ai_usage.csv"))
            if (long.Parse(f[5], CultureInfo.InvariantCulture) >= 1) active.Add((f[1], f[0][..7]));
        var shares = new Dictionary<(string, string), double>();
        foreach (var period in Periods)
        {
            var start = Month(period);
            var end = start.AddMonths(1).AddDays(-1);
            foreach (var g in Roster.Where(r => r.From <= end && (r.To is null || r.To >= start)).GroupBy(r => r.Team))
            {
                var members = g.Select(r => r.Engineer).Distinct().ToArray();
                shares[(g.Key, period)] = members.Count(e => active.Contains((e, period))) / (double)members.Length;
            }
        }
        return shares;
    }

    public JsonElement Effect(string outcome) =>
        Truth.RootElement.GetProperty("effects").EnumerateArray().Single(e => e.GetProperty("outcome").GetString() == outcome);
}
