namespace Modeling.Panel.Tests.Support;

/// <summary>Hand-made and pseudo-random small organisations for the tests.</summary>
internal static class Orgs
{
    public static DateTime Utc(int y, int m, int d, int h = 12, int min = 0, int s = 0) => new(y, m, d, h, min, s, DateTimeKind.Utc);
    public static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>
    /// A small organisation covering every rule at least once: roster moves (with the move day in both ranges),
    /// overlapping roster rows, open ranges, a team that empties, PRs without team_id, non-production and unset
    /// environments, incidents naming deployments, kinds incident/defect/empty, partly unknown rate fields, events on
    /// period boundaries. Deterministic pseudo-random volume on top (seeded).
    /// </summary>
    public static Org Random(int seed, int teams = 4, int engineersPerTeam = 6, int months = 5)
    {
        var rng = new System.Random(seed);
        var org = new Org();
        var start = D(2024, 11, 1);
        var end = start.AddMonths(months).AddDays(-1);
        int days = end.DayNumber - start.DayNumber + 1;
        string[] tools = ["copilot", "Cursor", "claude-code"];
        string?[] models = ["gpt-4o", "GPT-4.1", "claude-sonnet-4", null];
        string?[] features = ["completion", "chat", "agent", null];
        string?[] envs = [null, "production", "prod", "PROD ", "staging", "", "dev"];
        string?[] kinds = [null, "incident", "defect"];

        for (int t = 0; t < teams; t++) org.Teams.Add(new Team($"team-{t:D2}", t % 2 == 0 ? "org-a" : "org-b", t % 3 == 0 ? null : "tier1", "csharp"));
        int engineer = 0;
        for (int t = 0; t < teams; t++)
            for (int e = 0; e < engineersPerTeam; e++, engineer++)
            {
                var from = start.AddDays(-rng.Next(0, 40) + (e == 0 ? rng.Next(0, days / 2) : 0));
                if (rng.NextDouble() < 0.3)
                {
                    // A move to the next team: the move day is in both ranges.
                    var move = start.AddDays(rng.Next(5, days - 5));
                    org.Roster.Add(new Membership(engineer, $"team-{t:D2}", from, move));
                    org.Roster.Add(new Membership(engineer, $"team-{(t + 1) % teams:D2}", move, rng.NextDouble() < 0.5 ? null : move.AddDays(rng.Next(1, 60))));
                }
                else if (rng.NextDouble() < 0.2)
                {
                    // Overlapping rows for the same team (merged), and one ending before it starts (ignored).
                    org.Roster.Add(new Membership(engineer, $"team-{t:D2}", from, from.AddDays(50)));
                    org.Roster.Add(new Membership(engineer, $"team-{t:D2}", from.AddDays(20), null));
                    org.Roster.Add(new Membership(engineer, $"team-{t:D2}", from.AddDays(10), from.AddDays(5)));
                }
                else org.Roster.Add(new Membership(engineer, $"team-{t:D2}", from, rng.NextDouble() < 0.2 ? end.AddDays(-rng.Next(0, days)) : null));
            }
        // A team whose only member leaves after the first month: absent afterwards.
        org.Teams.Add(new Team("team-zz", "org-a"));
        org.Roster.Add(new Membership(engineer, "team-zz", start, start.AddDays(20)));
        engineer++;
        int engineers = engineer;

        for (int i = 0; i < engineers * days / 3; i++)
        {
            int who = rng.Next(engineers);
            bool rates = rng.NextDouble() < 0.8;
            org.Usage.Add(new Usage(start.AddDays(rng.Next(days)), who, tools[rng.Next(tools.Length)], models[rng.Next(models.Length)],
                features[rng.Next(features.Length)], rng.Next(0, 6), rates ? rng.Next(0, 20) : null, rates || rng.NextDouble() < 0.5 ? rng.Next(0, 10) : null));
        }
        for (int i = 0; i < teams * months * 15; i++)
        {
            var finished = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddSeconds(rng.NextInt64(0, days * 86400L));
            org.Deployments.Add(new Deployment($"dep-{i}", $"team-{rng.Next(teams):D2}", finished, rng.NextDouble() < 0.85 ? "success" : "failure",
                envs[rng.Next(envs.Length)], rng.NextDouble() < 0.9 ? finished.AddHours(-rng.Next(-2, 200)) : null,
                rng.NextDouble() < 0.1, rng.NextDouble() < 0.1 ? true : null, rng.NextDouble() < 0.8 ? rng.NextDouble() < 0.1 : null));
        }
        for (int i = 0; i < teams * months * 4; i++)
        {
            var created = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddSeconds(rng.NextInt64(0, days * 86400L));
            org.Incidents.Add(new Incident($"inc-{i}", $"team-{rng.Next(teams):D2}", created,
                rng.NextDouble() < 0.8 ? created.AddMinutes(rng.Next(-30, 5000)) : null, kinds[rng.Next(kinds.Length)],
                rng.NextDouble() < 0.5 ? $"dep-{rng.Next(teams * months * 15 + 5)}" : null, rng.NextDouble() < 0.8 ? rng.NextDouble() < 0.3 : null));
        }
        for (int i = 0; i < engineers * months * 4; i++)
        {
            var created = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddSeconds(rng.NextInt64(0, days * 86400L));
            int author = rng.Next(engineers);
            org.PullRequests.Add(new PullRequest($"pr-{i}", author, created, rng.NextDouble() < 0.3 ? $"team-{rng.Next(teams):D2}" : null,
                rng.NextDouble() < 0.8 ? created.AddMinutes(rng.Next(-10, 3000)) : null,
                rng.NextDouble() < 0.8 ? created.AddMinutes(rng.Next(-5, 9000)) : null,
                rng.NextDouble() < 0.9 ? rng.Next(0, 500) : null, rng.Next(0, 200), rng.NextDouble() < 0.8 ? rng.NextDouble() < 0.1 : null));
        }
        return org;
    }
}
