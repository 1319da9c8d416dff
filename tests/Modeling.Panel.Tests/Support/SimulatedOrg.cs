using System.Globalization;

namespace Modeling.Panel.Tests.Support;

/// <summary>
/// Reads a simulated organisation's CSV files into an <see cref="Org"/> with plain string splitting (the simulator
/// writes no quoted fields), independently of Ingest's parser, so that NaivePanel can recompute its panel.
/// </summary>
internal static class SimulatedOrg
{
    public static Org Read(string folder)
    {
        var org = new Org();
        var engineers = new Dictionary<string, int>(StringComparer.Ordinal);
        int Engineer(string id) => engineers.TryGetValue(id, out var k) ? k : engineers[id] = engineers.Count;

        foreach (var r in Rows(folder, "teams.csv"))
            org.Teams.Add(new Team(r["team_id"], r["org"], Text(r["service_tier"]), Text(r["primary_language"])));
        foreach (var r in Rows(folder, "roster.csv"))
            org.Roster.Add(new Membership(Engineer(r["engineer_id"]), r["team_id"], Date(r["valid_from"]), Text(r["valid_to"]) is { } to ? Date(to) : null));
        foreach (var r in Rows(folder, "ai_usage.csv"))
            org.Usage.Add(new Usage(Date(r["date"]), Engineer(r["engineer_id"]), r["tool"], Text(r["model"]), Text(r["feature"]),
                int.Parse(r["interactions"], CultureInfo.InvariantCulture), Int(r["suggestions"]), Int(r["acceptances"])));
        foreach (var r in Rows(folder, "deployments.csv"))
            org.Deployments.Add(new Deployment(r["deployment_id"], r["team_id"], Time(r["finished_at"])!.Value, r["status"], Text(r["environment"]),
                Time(r["first_commit_at"]), Bool(r["is_rollback"]), Bool(r["is_hotfix"]), Bool(r["is_unplanned"])));
        foreach (var r in Rows(folder, "incidents.csv"))
            org.Incidents.Add(new Incident(r["incident_id"], r["team_id"], Time(r["created_at"])!.Value, Time(r["resolved_at"]), Text(r["kind"]),
                Text(r["caused_by_deployment_id"]), Bool(r["escaped"])));
        foreach (var r in Rows(folder, "pull_requests.csv"))
            org.PullRequests.Add(new PullRequest(r["pr_id"], Engineer(r["author_id"]), Time(r["created_at"])!.Value, Text(r["team_id"]),
                Time(r["first_review_at"]), Time(r["merged_at"]), Int(r["additions"]), Int(r["deletions"]), Bool(r["reverted"])));
        return org;
    }

    private static IEnumerable<Dictionary<string, string>> Rows(string folder, string file)
    {
        using var reader = new StreamReader(Path.Combine(folder, file));
        var header = reader.ReadLine()!.Split(',');
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            yield return header.Select((h, i) => (h, v: fields[i])).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal);
        }
    }

    private static string? Text(string v) => v.Length == 0 ? null : v;
    private static DateOnly Date(string v) => DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static int? Int(string v) => v.Length == 0 ? null : int.Parse(v, CultureInfo.InvariantCulture);
    private static bool? Bool(string v) => v switch { "" => null, "true" or "1" => true, _ => false };

    private static DateTime? Time(string v) => v.Length == 0
        ? null
        : DateTimeOffset.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;
}
