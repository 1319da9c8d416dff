using System.Globalization;
using Modeling.Simulation.Organisation;
using Modeling.Simulation.Truth;

namespace Modeling.Simulation.Generation;

/// <summary>The rows and expectations of one team, generated from the team's own random stream.</summary>
internal sealed class TeamOutput
{
    public RowBuffer Usage { get; } = new(1 << 18);
    public RowBuffer PullRequests { get; } = new(1 << 16);
    public RowBuffer Deployments { get; } = new(1 << 15);
    public RowBuffer Incidents { get; } = new(1 << 12);
    public TeamMonthTruth[] Truth { get; set; } = [];

    /// <summary>Empties the buffers (keeping their capacity) so the next team can reuse them.</summary>
    public TeamOutput Reset(int months)
    {
        Usage.Clear();
        PullRequests.Clear();
        Deployments.Clear();
        Incidents.Clear();
        Truth = new TeamMonthTruth[months];
        return this;
    }
}

/// <summary>
/// Generates one team's AI usage, pull requests, deployments and incidents month by month, and its expected outcomes
/// with and without AI. Depends only on the organisation model and the team's random stream (seed, team index).
/// </summary>
internal sealed class TeamGenerator
{
    private const long SecondsPerDay = 86_400;
    private const int WorkStart = 6 * 3600, WorkEnd = 18 * 3600; // UTC window of human-made timestamps
    private const double OffsetShare = 0.15;

    private readonly OrganisationModel _org;
    private readonly SimulationOptions _options;
    private readonly Team _team;
    private readonly Rng _rng;
    private readonly TeamOutput _out;
    private readonly string _idSuffix;
    private long _prSeq, _deploySeq, _incidentSeq;
    private readonly List<int> _scratchDays = new(31);
    private readonly List<int> _free = new(64);
    /// <summary>First day of inflated usage (the usage-in-reviews policy covers this team), or null.</summary>
    private readonly int? _inflatedFrom;
    /// <summary>The usage kinds of the team's own tool, most weighted first; null without one.</summary>
    private readonly int[]? _teamKinds;

    private TeamGenerator(OrganisationModel org, Team team, TeamOutput output)
    {
        _org = org;
        _inflatedFrom = org.Options.UsageInReviews is { } policy && (policy.Scope == "all" || policy.Scope == "org:" + team.Org)
            ? policy.Date.DayNumber
            : null;
        _teamKinds = team.Tool is { } tool
            ? [.. Enumerable.Range(0, UsageKind.All.Length).Where(k => UsageKind.All[k].Tool == tool).OrderByDescending(k => UsageKind.All[k].Weight).ThenBy(k => k)]
            : null;
        _options = org.Options;
        _team = team;
        _rng = new Rng(_options.Seed, team.Index);
        _idSuffix = (team.Index + 1).ToString(CultureInfo.InvariantCulture) + "-";
        _out = output.Reset(org.Calendar.Months);
    }

    /// <summary>Generates a team into <paramref name="output"/> (reset first; its buffers are reused across teams).</summary>
    public static TeamOutput Generate(OrganisationModel org, Team team, TeamOutput output)
    {
        var generator = new TeamGenerator(org, team, output);
        for (int month = 0; month < org.Calendar.Months; month++) generator.GenerateMonth(month);
        return generator._out;
    }

    private void GenerateMonth(int month)
    {
        var calendar = _org.Calendar;
        var members = _org.Members(_team.Index, month);
        int daysInMonth = calendar.DaysIn(month);
        double engineerMonths = 0, weighted = 0;
        foreach (var m in members)
        {
            double em = m.Days / (double)daysInMonth;
            engineerMonths += em;
            weighted += em * _org.Engineers[m.Engineer].Rate;
        }
        int? eventTime = _team.AdoptionMonth is int a && month >= a ? month - a : null;
        int calendarMonth = calendar.StartMonths[month].Month;
        double trendSeason = Math.Exp(Catalogs.MonthlyTrend * month) * Catalogs.SeasonalityByCalendarMonth[calendarMonth - 1];
        // Selection on trends: teams that will adopt drift apart from the others in every month, with or without AI.
        if (_team.AdoptionMonth is not null) trendSeason *= Math.Exp(_options.AdopterTrend * month);

        var without = MonthParameters.For(_options, _team, trendSeason, engineerMonths, weighted, null);
        var actual = eventTime is null ? without : MonthParameters.For(_options, _team, trendSeason, engineerMonths, weighted, eventTime);
        var truth = new TeamMonthTruth(_team.Index, month, engineerMonths, eventTime);
        int weekdays = calendar.Weekdays(month).Length;
        without.Expect(weekdays, truth.WithoutAi);
        actual.Expect(weekdays, truth.WithAi);
        _out.Truth[month] = truth;

        var active = ChooseActive(members, month, eventTime);
        WriteUsage(members, active, month, eventTime);
        WritePullRequests(members, active, month, actual);
        WriteDeployments(month, actual);
        WriteOtherIncidents(month, actual);
    }

    // ---------------------------------------------------------------- AI activity

    /// <summary>
    /// Which members use AI this month. From the adoption month at least 60% (ceil) of members are active, before it
    /// at most 35% (floor), so the share first reaches 0.5 exactly in the adoption month.
    /// </summary>
    private bool[] ChooseActive(MonthMember[] members, int month, int? eventTime)
    {
        int n = members.Length;
        var active = new bool[n];
        _free.Clear();
        int forcedActive = 0;
        for (int i = 0; i < n; i++)
        {
            switch (members[i].Forced)
            {
                case ForcedActivity.Active: active[i] = true; forcedActive++; break;
                case ForcedActivity.Free: _free.Add(i); break;
            }
        }
        int count;
        if (eventTime is int e)
        {
            double target = Math.Min(0.95, 0.7 + 0.05 * e);
            int minimum = (int)Math.Ceiling(0.6 * n - 1e-9);
            count = Math.Max(minimum, Math.Min((int)Math.Ceiling(target * n - 1e-9), forcedActive + _free.Count));
            if (count - forcedActive > _free.Count)
                throw new InvalidOperationException($"Team {_team.Id} cannot reach the adoption share in month {month}: {n} members, {_free.Count} free.");
        }
        else
        {
            double target = _team.AdoptionMonth is int a
                ? _team.ExperimentShare + (0.35 - _team.ExperimentShare) * Math.Max(0, 1 - (a - month - 1) / 4.0)
                : _team.ExperimentShare * _rng.Uniform(0.8, 1.2);
            count = (int)Math.Floor(Math.Min(0.35, target) * n);
        }
        int need = count - forcedActive;
        // Partial Fisher–Yates over the free members.
        for (int k = 0; k < need; k++)
        {
            int j = k + _rng.Int(_free.Count - k);
            (_free[k], _free[j]) = (_free[j], _free[k]);
            active[_free[k]] = true;
        }
        return active;
    }

    private void WriteUsage(MonthMember[] members, bool[] active, int month, int? eventTime)
    {
        var weekdays = _org.Calendar.Weekdays(month);
        double ramp = EffectModel.Ramp(eventTime ?? -1);
        for (int i = 0; i < members.Length; i++)
        {
            if (!active[i]) continue;
            var member = members[i];
            var engineer = _org.Engineers[member.Engineer];
            double dayProbability = eventTime is null ? 0.15 : engineer.DailyUseProbability * (0.75 + 0.25 * ramp);
            // A team with a tool of its own: its members use that tool's kinds only, whatever their personal mix.
            var usageKinds = _teamKinds ?? engineer.UsageKinds;
            int kinds = eventTime is null ? Math.Min(2, usageKinds.Length) : usageKinds.Length;
            double otherKindProbability = eventTime is null ? 0.3 : 0.8;

            _scratchDays.Clear();
            foreach (int d in weekdays)
                if (d >= member.FirstDay && d <= member.LastDay && _rng.Bernoulli(dayProbability)) _scratchDays.Add(d);
            if (_scratchDays.Count == 0) _scratchDays.Add(member.FirstDay + _rng.Int(member.Days));

            if (_options.UsageDetail == UsageDetail.Daily)
            {
                foreach (int day in _scratchDays)
                    for (int k = 0; k < kinds; k++)
                        if (k == 0 || _rng.Bernoulli(otherKindProbability))
                            WriteUsageRow(day, engineer, UsageKind.All[usageKinds[k]], 1);
            }
            else
            {
                int day = _scratchDays[_rng.Int(_scratchDays.Count)];
                for (int k = 0; k < kinds; k++)
                {
                    int daysUsed = 0;
                    for (int j = 0; j < _scratchDays.Count; j++) if (k == 0 || _rng.Bernoulli(otherKindProbability)) daysUsed++;
                    if (daysUsed > 0) WriteUsageRow(day, engineer, UsageKind.All[usageKinds[k]], daysUsed);
                }
            }
        }
    }

    private void WriteUsageRow(int day, Engineer engineer, UsageKind kind, int days)
    {
        long interactions = 0;
        for (int j = 0; j < days; j++) interactions += 1 + (long)_rng.Exponential(kind.MeanInteractions);
        long suggestions = (long)Math.Round(interactions * kind.SuggestionsPerInteraction * _rng.Uniform(0.7, 1.3));
        long acceptances = Math.Min(suggestions, (long)(suggestions * kind.AcceptanceRate * _rng.Uniform(0.6, 1.4)));
        long linesSuggested = (long)Math.Round(suggestions * kind.LinesPerSuggestion * _rng.Uniform(0.5, 1.5));
        long linesAccepted = Math.Min(linesSuggested, (long)Math.Round(acceptances * kind.LinesPerSuggestion * _rng.Uniform(0.5, 1.5)));
        long sessions = kind.HasAgentSessions ? days + (long)_rng.Exponential(0.7 * days) : 0;
        if (_inflatedFrom is int from && day >= from)
        {
            // Usage counted in reviews: more prompts and suggestions, the same use made of them (no draws, so the
            // organisation's other files are unchanged).
            double f = _options.UsageInReviews!.Inflation;
            interactions = (long)Math.Round(interactions * f);
            suggestions = (long)Math.Round(suggestions * f);
            linesSuggested = (long)Math.Round(linesSuggested * f);
        }
        _out.Usage.Date(day).Text(engineer.Id).Text(kind.Tool).Text(kind.Model).Text(kind.Feature)
            .Int(interactions).Int(suggestions).Int(acceptances).Int(linesSuggested).Int(linesAccepted).Int(sessions).EndRow();
    }

    // ---------------------------------------------------------------- pull requests

    private void WritePullRequests(MonthMember[] members, bool[] active, int month, MonthParameters p)
    {
        int daysInMonth = _org.Calendar.DaysIn(month);
        for (int i = 0; i < members.Length; i++)
        {
            var member = members[i];
            var engineer = _org.Engineers[member.Engineer];
            double mean = p.PrRatePerEngineerMonth * engineer.Rate * member.Days / daysInMonth;
            int merged = _rng.Poisson(mean);
            for (int k = 0; k < merged; k++) WritePullRequest(member, engineer, active[i], p, merged: true);
            int open = _rng.Poisson(0.07 * mean);
            for (int k = 0; k < open; k++) WritePullRequest(member, engineer, active[i], p, merged: false);
        }
    }

    private void WritePullRequest(MonthMember member, Engineer engineer, bool aiActive, MonthParameters p, bool merged)
    {
        // Merged PRs count in the month of merged_at: merged_at lies on one of the member's days this month, and
        // created_at is kept inside the author's membership so the roster attributes the PR to this team.
        long anchor = (member.FirstDay + _rng.Int(member.Days)) * SecondsPerDay + _rng.IntInclusive(WorkStart, WorkEnd);
        double waitHours = _rng.LogNormal(p.ReviewWaitMedianHours, 0.9);
        double toMergeHours = _rng.LogNormal(p.ReviewToMergeMedianHours, 0.8);
        long created, firstReview, mergedAt;
        long earliest = member.MembershipFromDay * SecondsPerDay + 60;
        if (merged)
        {
            mergedAt = anchor;
            created = Math.Max(earliest, mergedAt - (long)((waitHours + toMergeHours) * 3600));
            if (created >= mergedAt) created = mergedAt - 60;
            firstReview = created + (long)(waitHours * 3600);
            if (firstReview >= mergedAt) firstReview = created + (mergedAt - created) / 2;
        }
        else
        {
            created = anchor;
            mergedAt = 0;
            firstReview = created + (long)(waitHours * 3600);
        }
        long firstCommit = created - (long)(_rng.LogNormal(20, 1.0) * 3600);
        long total = Math.Max(1, (long)Math.Round(_rng.LogNormal(p.PrSizeMedian, 0.9)));
        long additions = (long)Math.Round(total * _rng.Uniform(0.5, 0.9));

        var row = _out.PullRequests;
        row.Text("pr-" + _idSuffix + (++_prSeq).ToString(CultureInfo.InvariantCulture)).Text(engineer.Id);
        Timestamp(row, created);
        if (_rng.Bernoulli(0.9)) row.Text(_team.Id); else row.Empty();
        row.Text(_team.Repositories[_rng.Bernoulli(0.8) ? 0 : 1]);
        Timestamp(row, firstCommit);
        if (merged || _rng.Bernoulli(0.6)) Timestamp(row, firstReview); else row.Empty();
        if (merged) Timestamp(row, mergedAt); else row.Empty();
        row.Int(additions).Int(total - additions)
            .Int(_rng.Poisson(1 + total / 150.0)).Int(1 + _rng.Poisson(0.5));
        double u = _rng.Uniform();
        if (u < 0.05) row.Empty(); else row.Bool(aiActive && u < 0.8);
        row.Bool(merged && _rng.Bernoulli(p.RevertProbability));
        row.EndRow();
    }

    // ---------------------------------------------------------------- deployments and incidents

    private void WriteDeployments(int month, MonthParameters p)
    {
        var weekdays = _org.Calendar.Weekdays(month);
        double perDay = p.Releases / weekdays.Length;
        long monthEnd = (_org.Calendar.LastDay(month) + 1) * SecondsPerDay - 60;
        foreach (int day in weekdays)
        {
            int releases = _rng.Poisson(perDay);
            for (int r = 0; r < releases; r++)
            {
                int deployments = 1 + _rng.Poisson(p.SplitExtra);
                long time = day * SecondsPerDay + _rng.IntInclusive(7 * 3600, 19 * 3600);
                if (_rng.Bernoulli(0.1)) WriteDeployment(time - 1800, p, "staging", failed: false, rollback: false);
                for (int k = 0; k < deployments; k++)
                {
                    time += k == 0 ? 0 : _rng.IntInclusive(300, 1200);
                    bool failed = _rng.Bernoulli(p.FailureProbability);
                    string id = WriteDeployment(time, p, ProductionLabel(), failed, rollback: false);
                    if (failed)
                    {
                        if (_rng.Bernoulli(EffectModel.RollbackShare))
                            WriteDeployment(time + _rng.IntInclusive(600, 3000), p, ProductionLabel(), failed: false, rollback: true);
                    }
                    else if (_rng.Bernoulli(p.IncidentProbability))
                    {
                        long created = Math.Min(monthEnd, time + (long)(_rng.Uniform(0.2, 12) * 3600));
                        WriteIncident(created, p.RecoveryMedianHours, 0.8, "incident", id, escaped: null);
                    }
                }
            }
        }
    }

    private string ProductionLabel()
    {
        double u = _rng.Uniform();
        return u < 0.7 ? "production" : u < 0.9 ? "prod" : "";
    }

    private string WriteDeployment(long finished, MonthParameters p, string environment, bool failed, bool rollback)
    {
        string id = "dep-" + _idSuffix + (++_deploySeq).ToString(CultureInfo.InvariantCulture);
        var row = _out.Deployments;
        row.Text(id).Text(_team.Id);
        Timestamp(row, finished);
        row.Text(failed ? "failure" : "success").Text(_team.Service).Text(environment);
        if (rollback) row.Empty(); else Timestamp(row, finished - (long)(_rng.LogNormal(p.LeadTimeMedianHours, 0.7) * 3600));
        row.Int(rollback ? 1 : 1 + _rng.Poisson(3));
        bool hotfix = !rollback && _rng.Bernoulli(p.HotfixProbability);
        bool unplanned = !rollback && _rng.Bernoulli(p.UnplannedProbability);
        row.Bool(rollback).Bool(hotfix).Bool(unplanned);
        row.EndRow();
        return id;
    }

    private void WriteOtherIncidents(int month, MonthParameters p)
    {
        long start = _org.Calendar.FirstDay(month) * SecondsPerDay;
        long length = _org.Calendar.DaysIn(month) * SecondsPerDay;
        int incidents = _rng.Poisson(p.BackgroundIncidents);
        for (int k = 0; k < incidents; k++)
            WriteIncident(start + (long)(_rng.Uniform() * length), 6, 0.9, _rng.Bernoulli(0.1) ? "" : "incident", null, escaped: null);
        int defects = _rng.Poisson(p.Defects);
        for (int k = 0; k < defects; k++)
            WriteIncident(start + (long)(_rng.Uniform() * length), 72, 1.0, "defect", null, escaped: _rng.Bernoulli(p.EscapeProbability));
    }

    private void WriteIncident(long created, double recoveryMedianHours, double sigma, string kind, string? causedBy, bool? escaped)
    {
        var row = _out.Incidents;
        row.Text("inc-" + _idSuffix + (++_incidentSeq).ToString(CultureInfo.InvariantCulture)).Text(_team.Id);
        Timestamp(row, created);
        Timestamp(row, created + 60 + (long)(_rng.LogNormal(recoveryMedianHours, sigma) * 3600));
        row.Int(kind == "defect" ? 3 + _rng.Int(3) : 1 + _rng.Weighted(SeverityWeights, 1.0));
        row.Text(kind);
        if (causedBy is null) row.Empty(); else row.Text(causedBy);
        if (escaped is bool b) row.Bool(b); else row.Empty();
        row.EndRow();
    }

    private static readonly double[] SeverityWeights = [0.05, 0.15, 0.35, 0.3, 0.15];

    /// <summary>Writes an instant with Z, or now and then with an exporter's offset when that keeps the calendar date.</summary>
    private void Timestamp(RowBuffer row, long utcSeconds)
    {
        int offset = 0;
        if (_rng.Bernoulli(OffsetShare))
        {
            int candidate = Catalogs.Offsets[_rng.Int(Catalogs.Offsets.Length)];
            if (Math.Floor((utcSeconds + candidate * 60.0) / SecondsPerDay) == Math.Floor(utcSeconds / (double)SecondsPerDay)) offset = candidate;
        }
        row.Timestamp(utcSeconds, offset);
    }
}
