using System.Globalization;

namespace Modeling.Panel.Tests.Support;

/// <summary>
/// A deliberately simple re-implementation of CONTRACT §3 over in-memory rows: plain loops, day by day, no DuckDB
/// and no code shared with Modeling.Panel (its own period arithmetic via ISOWeek). The independent check the panel
/// issue asks for: the DuckDB panel must equal this one.
/// </summary>
internal static class NaivePanel
{
    internal sealed class Row
    {
        public required string TeamId;
        public required string Period;
        public string? AdoptionPeriod;
        public Dictionary<string, double> Values { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Island(int Engineer, string TeamId, DateOnly JoinedOn, DateOnly From, DateOnly To);

    public static List<Row> Build(Org org, bool weeks = false, double threshold = 0.5, DateOnly? asOf = null,
        bool deployments = true, bool incidents = true, bool pullRequests = true)
    {
        DateOnly PeriodOf(DateOnly d)
        {
            if (!weeks) return new DateOnly(d.Year, d.Month, 1);
            var dt = d.ToDateTime(TimeOnly.MinValue);
            return DateOnly.FromDateTime(ISOWeek.ToDateTime(ISOWeek.GetYear(dt), ISOWeek.GetWeekOfYear(dt), DayOfWeek.Monday));
        }
        DateOnly NextPeriod(DateOnly p) => weeks ? p.AddDays(7) : p.AddMonths(1);
        string Label(DateOnly p)
        {
            if (!weeks) return $"{p.Year:D4}-{p.Month:D2}";
            var dt = p.ToDateTime(TimeOnly.MinValue);
            return $"{ISOWeek.GetYear(dt):D4}-W{ISOWeek.GetWeekOfYear(dt):D2}";
        }
        DateOnly Day(DateTime t) => DateOnly.FromDateTime(t);
        var cutoff = asOf is { } a ? a.AddDays(1).ToDateTime(TimeOnly.MinValue) : DateTime.MaxValue;

        static bool IsRelease(Deployment d) =>
            d.Environment is null || d.Environment.Trim().Length == 0 || d.Environment.Trim().ToLowerInvariant() is "production" or "prod";
        static bool IsIncidentKind(string? kind) => kind is null || kind == "incident";

        // Span: the days of the AI-usage telemetry (the treatment is only measured there).
        var days = org.Usage.Select(u => u.Date).ToList();
        if (days.Count == 0) return [];
        var periods = new List<DateOnly>();
        for (var p = PeriodOf(days.Min()); p <= PeriodOf(days.Max()); p = NextPeriod(p))
            if (asOf is null || NextPeriod(p).AddDays(-1) <= asOf) periods.Add(p);
        if (periods.Count == 0) return [];
        var spanStart = periods[0];
        var spanEnd = NextPeriod(periods[^1]).AddDays(-1);
        var periodSet = periods.ToHashSet();

        // Memberships: merge overlapping ranges per engineer and team, then clip to the span.
        var islands = new List<Island>();
        foreach (var group in org.Roster.Where(m => m.To is null || m.To >= m.From).GroupBy(m => (m.Engineer, m.TeamId)))
        {
            DateOnly? from = null, to = null;
            foreach (var m in group.OrderBy(m => m.From).ThenBy(m => m.To ?? DateOnly.MaxValue))
            {
                var end = m.To ?? new DateOnly(9999, 12, 31);
                if (from is not null && m.From <= to) { if (end > to) to = end; continue; }
                if (from is not null) islands.Add(new Island(group.Key.Engineer, group.Key.TeamId, from.Value, from.Value, to!.Value));
                from = m.From; to = end;
            }
            islands.Add(new Island(group.Key.Engineer, group.Key.TeamId, from!.Value, from.Value, to!.Value));
        }
        // PR attribution uses the memberships touching the span with their own (unclipped) ranges.
        var attributionIslands = islands.Where(i => i.From <= spanEnd && i.To >= spanStart).ToList();
        islands = [.. islands
            .Where(i => i.From <= spanEnd && i.To >= spanStart)
            .Select(i => i with { From = i.From > spanStart ? i.From : spanStart, To = i.To < spanEnd ? i.To : spanEnd })];

        // Member-days per team-period-engineer, day by day.
        var memberDays = new Dictionary<(string Team, DateOnly Period), Dictionary<int, int>>();
        foreach (var island in islands)
            for (var d = island.From; d <= island.To; d = d.AddDays(1))
            {
                var key = (island.TeamId, PeriodOf(d));
                if (!memberDays.TryGetValue(key, out var perEngineer)) memberDays[key] = perEngineer = [];
                perEngineer[island.Engineer] = perEngineer.GetValueOrDefault(island.Engineer) + 1;
            }

        // Active engineers: any interaction in the period, on any team.
        var interactionsByEngineer = new Dictionary<(int, DateOnly), long>();
        foreach (var u in org.Usage)
            if (u.Date >= spanStart && u.Date <= spanEnd)
                interactionsByEngineer[(u.Engineer, PeriodOf(u.Date))] = interactionsByEngineer.GetValueOrDefault((u.Engineer, PeriodOf(u.Date))) + u.Interactions;

        // Usage attributed to every team the engineer was on that day.
        var usage = new Dictionary<(string, DateOnly), (long Interactions, long Suggestions, long Acceptances, bool AnyRate, long Agent)>();
        var mix = new Dictionary<(string, DateOnly, string), long>();
        var mixColumns = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var u in org.Usage)
            foreach (var island in islands.Where(i => i.Engineer == u.Engineer && i.From <= u.Date && u.Date <= i.To))
            {
                var key = (island.TeamId, PeriodOf(u.Date));
                var s = usage.GetValueOrDefault(key);
                bool rate = u.Suggestions is not null && u.Acceptances is not null;
                usage[key] = (s.Interactions + u.Interactions, s.Suggestions + (rate ? u.Suggestions!.Value : 0),
                    s.Acceptances + (rate ? u.Acceptances!.Value : 0), s.AnyRate || rate, s.Agent + (u.Feature == "agent" ? u.Interactions : 0));
                foreach (var column in new[] { "tool_share_" + Suffix(u.Tool), "model_share_" + Suffix(u.Model) })
                {
                    mixColumns.Add(column);
                    mix[(key.TeamId, key.Item2, column)] = mix.GetValueOrDefault((key.TeamId, key.Item2, column)) + u.Interactions;
                }
            }

        // Pull requests.
        string? TeamOf(PullRequest p)
        {
            if (p.TeamId is not null) return p.TeamId;
            var day = Day(p.CreatedAt);
            return attributionIslands.Where(i => i.Engineer == p.Author && i.From <= day && day <= i.To)
                .OrderByDescending(i => i.JoinedOn).ThenBy(i => i.TeamId, StringComparer.Ordinal)
                .Select(i => i.TeamId).FirstOrDefault();
        }
        var merged = new Dictionary<(string, DateOnly), (int Count, List<double> Cycle, List<double> Size, int Reverted)>();
        var reviews = new Dictionary<(string, DateOnly), List<double>>();
        foreach (var p in org.PullRequests)
        {
            var team = TeamOf(p);
            if (team is null) continue;
            if (p.MergedAt is { } m && m < cutoff)
            {
                var key = (team, PeriodOf(Day(m)));
                if (!merged.TryGetValue(key, out var agg)) agg = (0, [], [], 0);
                if (m >= p.CreatedAt) agg.Cycle.Add((m - p.CreatedAt).TotalHours);
                if (p.Additions is not null && p.Deletions is not null) agg.Size.Add(p.Additions.Value + p.Deletions.Value);
                merged[key] = (agg.Count + 1, agg.Cycle, agg.Size, agg.Reverted + (p.Reverted == true ? 1 : 0));
            }
            if (p.FirstReviewAt is { } r && r >= p.CreatedAt && r < cutoff)
            {
                var key = (team, PeriodOf(Day(p.CreatedAt)));
                if (!reviews.TryGetValue(key, out var list)) reviews[key] = list = [];
                list.Add((r - p.CreatedAt).TotalHours);
            }
        }

        // Releases and incidents.
        var releases = org.Deployments.Where(d => IsRelease(d) && d.FinishedAt < cutoff).ToList();
        var caused = org.Incidents.Where(i => i.CausedBy is not null && IsIncidentKind(i.Kind) && i.CreatedAt < cutoff)
            .Select(i => i.CausedBy!).ToHashSet(StringComparer.Ordinal);
        var releaseIds = releases.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var deploy = new Dictionary<(string, DateOnly), (int Success, HashSet<DateOnly> Days, List<double> Lead, int All, int Failed, int Rework)>();
        foreach (var d in releases)
        {
            var key = (d.TeamId, PeriodOf(Day(d.FinishedAt)));
            if (!deploy.TryGetValue(key, out var agg)) agg = (0, [], [], 0, 0, 0);
            bool success = d.Status == "success";
            if (success) agg.Days.Add(Day(d.FinishedAt));
            if (success && d.FirstCommitAt is { } fc && fc <= d.FinishedAt) agg.Lead.Add((d.FinishedAt - fc).TotalHours);
            deploy[key] = (agg.Success + (success ? 1 : 0), agg.Days, agg.Lead, agg.All + 1,
                agg.Failed + (d.Status == "failure" || caused.Contains(d.Id) ? 1 : 0),
                agg.Rework + (d.IsUnplanned == true || d.IsRollback == true || d.IsHotfix == true ? 1 : 0));
        }
        var incident = new Dictionary<(string, DateOnly), (int Incidents, int Defects, int Escaped, List<double> Recovery)>();
        foreach (var i in org.Incidents.Where(i => i.CreatedAt < cutoff))
        {
            var key = (i.TeamId, PeriodOf(Day(i.CreatedAt)));
            if (!incident.TryGetValue(key, out var agg)) agg = (0, 0, 0, []);
            if (IsIncidentKind(i.Kind) && i.CausedBy is not null && releaseIds.Contains(i.CausedBy)
                && i.ResolvedAt is { } r && r >= i.CreatedAt && r < cutoff)
                agg.Recovery.Add((r - i.CreatedAt).TotalHours);
            incident[key] = (agg.Incidents + (IsIncidentKind(i.Kind) ? 1 : 0), agg.Defects + (i.Kind == "defect" ? 1 : 0),
                agg.Escaped + (i.Escaped == true ? 1 : 0), agg.Recovery);
        }

        // Assemble one row per team-period with members.
        var rows = new List<Row>();
        foreach (var entry in memberDays
                     .Where(kv => periodSet.Contains(kv.Key.Period))
                     .OrderBy(kv => kv.Key.Team, StringComparer.Ordinal).ThenBy(kv => kv.Key.Period))
        {
            string teamId = entry.Key.Team;
            DateOnly period = entry.Key.Period;
            var perEngineer = entry.Value;
            int periodDays = NextPeriod(period).DayNumber - period.DayNumber;
            double engineers = (double)perEngineer.Values.Sum() / periodDays;
            int members = perEngineer.Count;
            var key = (teamId, period);
            var row = new Row { TeamId = teamId, Period = Label(period) };
            var v = row.Values;
            var dep = deploy.GetValueOrDefault(key, (0, [], [], 0, 0, 0));
            var pr = merged.GetValueOrDefault(key, (0, [], [], 0));
            var inc = incident.GetValueOrDefault(key, (0, 0, 0, []));
            var use = usage.GetValueOrDefault(key);
            int active = perEngineer.Keys.Count(e => interactionsByEngineer.GetValueOrDefault((e, period)) > 0);

            v["engineers"] = engineers;
            v["members"] = members;
            v["deployments"] = dep.Success;
            v["deployment_days"] = dep.Days.Count;
            v["merged_prs"] = pr.Count;
            v["lead_time_hours"] = Median(dep.Lead);
            v["pr_cycle_hours"] = Median(pr.Cycle);
            v["review_wait_hours"] = Median(reviews.GetValueOrDefault(key, []));
            v["pr_size_lines"] = Median(pr.Size);
            v["change_failure_rate"] = dep.All == 0 ? double.NaN : (double)dep.Failed / dep.All;
            v["incidents"] = inc.Incidents;
            v["defects"] = inc.Defects;
            v["escaped_defects"] = inc.Escaped;
            v["recovery_hours"] = Median(inc.Recovery);
            v["rework_rate"] = dep.All == 0 ? double.NaN : (double)dep.Rework / dep.All;
            v["revert_rate"] = pr.Count == 0 ? double.NaN : (double)pr.Reverted / pr.Count;
            foreach (var count in new[] { "deployments", "deployment_days", "merged_prs", "incidents", "defects", "escaped_defects" })
                v[count + "_per_engineer"] = v[count] / engineers;
            v["ai_active_share"] = (double)active / members;
            v["ai_interactions_per_engineer"] = use.Interactions / engineers;
            v["ai_acceptance_rate"] = use.AnyRate && use.Suggestions != 0 ? (double)use.Acceptances / use.Suggestions : double.NaN;
            v["agent_share"] = use.Interactions == 0 ? double.NaN : (double)use.Agent / use.Interactions;
            foreach (var column in mixColumns)
                v[column] = use.Interactions == 0 ? double.NaN : (double)mix.GetValueOrDefault((teamId, period, column)) / use.Interactions;
            if (!deployments) foreach (var c in new[] { "deployments", "deployment_days", "lead_time_hours", "change_failure_rate", "recovery_hours", "rework_rate", "deployments_per_engineer", "deployment_days_per_engineer" }) v[c] = double.NaN;
            if (!incidents) foreach (var c in new[] { "incidents", "defects", "escaped_defects", "change_failure_rate", "recovery_hours", "incidents_per_engineer", "defects_per_engineer", "escaped_defects_per_engineer" }) v[c] = double.NaN;
            if (!pullRequests) foreach (var c in new[] { "merged_prs", "pr_cycle_hours", "review_wait_hours", "pr_size_lines", "revert_rate", "merged_prs_per_engineer" }) v[c] = double.NaN;
            rows.Add(row);
        }

        // Adoption: the first period (in time order) whose active share reaches the threshold.
        foreach (var team in rows.GroupBy(r => r.TeamId))
        {
            var first = team.OrderBy(r => r.Period, StringComparer.Ordinal).FirstOrDefault(r => r.Values["ai_active_share"] >= threshold);
            foreach (var r in team) r.AdoptionPeriod = first?.Period;
        }
        return rows;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Column suffix: lower case, runs of other characters → one underscore, trimmed; empty/null → unknown.</summary>
    private static string Suffix(string? value)
    {
        if (value is null) return "unknown";
        var parts = System.Text.RegularExpressions.Regex.Split(value.ToLowerInvariant(), "[^a-z0-9]+").Where(p => p.Length > 0);
        var joined = string.Join("_", parts);
        return joined.Length == 0 ? "unknown" : joined;
    }
}
