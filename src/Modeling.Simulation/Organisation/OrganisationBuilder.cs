namespace Modeling.Simulation.Organisation;

/// <summary>
/// The sequential first phase: teams and their traits, who adopts when (with selection), engineers and the roster
/// with joiners, leavers and mid-month moves. Everything the parallel per-team phase needs is fixed here.
/// </summary>
internal static class OrganisationBuilder
{
    public static OrganisationModel Build(SimulationOptions options)
    {
        var rng = new Rng(options.Seed, -1);
        var calendar = new Calendar(options.StartMonth, options.Months);
        var teams = BuildTeams(options, rng);
        AssignAdoption(options, teams, rng);
        var engineers = new List<Engineer>();
        var memberships = new List<Membership>();
        BuildRoster(options, calendar, teams, engineers, memberships, rng);
        return new OrganisationModel(options, calendar, teams, engineers, memberships);
    }

    private static Team[] BuildTeams(SimulationOptions options, Rng rng)
    {
        int orgCount = Math.Clamp((int)Math.Round(options.Teams / 30.0), 2, 200);
        var teams = new Team[options.Teams];
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Teams; i++)
        {
            int orgIndex = (int)((long)i * orgCount / options.Teams);
            string org = Catalogs.Orgs[orgIndex % Catalogs.Orgs.Length]
                         + (orgIndex >= Catalogs.Orgs.Length ? "-" + (orgIndex / Catalogs.Orgs.Length + 1) : "");
            string noun = Catalogs.TeamNouns[rng.Int(Catalogs.TeamNouns.Length)];
            string name = org + "-" + noun;
            for (int k = 2; !usedNames.Add(name); k++) name = org + "-" + noun + "-" + k;

            double level = 0.35 * rng.Normal();
            double extra = options.MeanTeamSize - 4;
            int size = 4 + (extra > 0 ? rng.Poisson(rng.Gamma(3, 3 / extra)) : 0);
            teams[i] = new Team
            {
                Index = i,
                Id = "team-" + (i + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                Org = org,
                Name = name,
                Tier = 1 + rng.Int(3),
                Language = Catalogs.Languages[rng.Int(Catalogs.Languages.Length)],
                Repositories = [name, name + "-" + (rng.Bernoulli(0.5) ? "infra" : "lib")],
                Service = name + "-svc",
                InitialSize = size,
                PrLevel = Math.Exp(level),
                ReleaseLevel = Math.Exp(0.7 * level + 0.25 * rng.Normal()),
                AdoptionScore = level + 0.3 * rng.Normal(),
                FailureProbability = Math.Min(0.25, 0.07 * Math.Exp(0.3 * rng.Normal())),
                IncidentProbability = Math.Min(0.2, 0.04 * Math.Exp(0.3 * rng.Normal())),
                PrSizeMedian = 160 * Math.Exp(0.3 * rng.Normal()),
                ReviewWaitMedianHours = 5 * Math.Exp(0.4 * rng.Normal()),
                ReviewToMergeMedianHours = 14 * Math.Exp(0.4 * rng.Normal()),
                LeadTimeMedianHours = 40 * Math.Exp(0.4 * rng.Normal()),
                RecoveryMedianHours = 3 * Math.Exp(0.4 * rng.Normal()),
                ExperimentShare = rng.Uniform(0.05, 0.3),
            };
        }
        return teams;
    }

    /// <summary>
    /// Teams with a higher score (a noisy copy of their output level) adopt earlier; the lowest scores never adopt.
    /// Cohorts are spread evenly over the adoption window.
    /// </summary>
    private static void AssignAdoption(SimulationOptions options, Team[] teams, Rng rng)
    {
        int neverCount = Math.Clamp((int)Math.Round(options.NeverAdoptingShare * teams.Length), 1, teams.Length - 1);
        int adopters = teams.Length - neverCount;
        var order = teams.OrderByDescending(t => t.AdoptionScore).ThenBy(t => t.Index).ToArray();
        int first = options.FirstAdoptionMonthIndex, last = options.LastAdoptionMonthIndex;
        int span = last - first + 1;
        for (int r = 0; r < adopters; r++)
        {
            var team = order[r];
            int month = first + (int)((long)r * span / adopters);
            team.AdoptionMonth = month;
            team.CohortFactor = EffectModel.CohortFactor(month, first, last);
        }
        // Tools (no draws, so organisations without them keep their bytes): in turn down the adoption order, so each tool
        // has early and late cohorts; never-adopting teams by index.
        var tools = options.ToolEffects;
        if (tools.Count > 0)
            foreach (var team in teams)
                team.Tool = tools[(team.AdoptionMonth is null ? team.Index : Array.IndexOf(order, team)) % tools.Count].Tool;
        // Behaviour flags are drawn in team order, independently of the level.
        foreach (var team in teams)
        {
            bool adopts = team.AdoptionMonth is not null;
            team.SplitsReleases = adopts && rng.Bernoulli(options.ReleaseSplittingShare);
            team.Slices = adopts && rng.Bernoulli(options.SlicingShare);
        }
    }

    private static void BuildRoster(SimulationOptions options, Calendar calendar, Team[] teams,
        List<Engineer> engineers, List<Membership> memberships, Rng rng)
    {
        var current = new List<Membership>[teams.Length];
        for (int t = 0; t < teams.Length; t++)
        {
            current[t] = [];
            for (int k = 0; k < teams[t].InitialSize; k++)
            {
                var e = NewEngineer(engineers, rng);
                var m = new Membership { Engineer = e.Index, Team = t, FromDay = calendar.WindowFirstDay - rng.IntInclusive(30, 1500) };
                memberships.Add(m);
                current[t].Add(m);
            }
        }

        var pendingJoins = new SortedDictionary<int, List<int>>(); // month -> teams (in order of scheduling)
        var joinDays = new Dictionary<(int Month, int Slot), int>();
        var movesThisMonth = new int[teams.Length];
        var touched = new HashSet<int>();
        for (int month = 0; month < calendar.Months; month++)
        {
            Array.Clear(movesThisMonth);
            touched.Clear();
            int first = calendar.FirstDay(month), last = calendar.LastDay(month);
            for (int t = 0; t < teams.Length; t++)
            {
                var snapshot = current[t].ToArray();
                foreach (var membership in snapshot)
                {
                    if (!touched.Add(membership.Engineer)) continue;
                    if (membership.FromDay > first - 90) continue; // settled in before moving or leaving
                    if (rng.Bernoulli(options.LeaveRate))
                    {
                        int day = rng.IntInclusive(first, last);
                        membership.ToDay = day;
                        current[t].Remove(membership);
                        ScheduleJoin(pendingJoins, joinDays, calendar, t, day + rng.IntInclusive(7, 45));
                    }
                    else if (rng.Bernoulli(options.MoveRate))
                    {
                        int target = PickTarget(teams, t, rng);
                        if (!CanMove(current, movesThisMonth, t) || !CanMove(current, movesThisMonth, target)) continue;
                        int day = rng.IntInclusive(first, last - 1);
                        membership.ToDay = day;
                        current[t].Remove(membership);
                        var moved = new Membership { Engineer = membership.Engineer, Team = target, FromDay = day + 1 };
                        memberships.Add(moved);
                        current[target].Add(moved);
                        movesThisMonth[t]++;
                        movesThisMonth[target]++;
                    }
                }
            }
            if (pendingJoins.Remove(month, out var joining))
            {
                for (int slot = 0; slot < joining.Count; slot++)
                {
                    int t = joining[slot];
                    var e = NewEngineer(engineers, rng);
                    var m = new Membership { Engineer = e.Index, Team = t, FromDay = joinDays[(month, slot)] };
                    memberships.Add(m);
                    current[t].Add(m);
                }
            }
        }
    }

    /// <summary>
    /// At most a quarter of a team's members may be movers in one month, so a team can always reach an
    /// active share of 0.6 from its adoption month while movers from un-adopted teams stay inactive.
    /// </summary>
    private static bool CanMove(List<Membership>[] current, int[] movesThisMonth, int team) =>
        movesThisMonth[team] + 1 <= current[team].Count / 4 && current[team].Count > 4;

    private static int PickTarget(Team[] teams, int from, Rng rng)
    {
        // Mostly within the organisation unit.
        for (int attempt = 0; attempt < 8; attempt++)
        {
            int candidate = rng.Int(teams.Length);
            if (candidate == from) continue;
            if (teams[candidate].Org == teams[from].Org || attempt >= 3) return candidate;
        }
        return (from + 1) % teams.Length;
    }

    private static void ScheduleJoin(SortedDictionary<int, List<int>> pending, Dictionary<(int, int), int> joinDays,
        Calendar calendar, int team, int day)
    {
        if (day > calendar.WindowLastDay) return;
        int month = calendar.MonthOf(day);
        if (!pending.TryGetValue(month, out var list)) pending[month] = list = [];
        joinDays[(month, list.Count)] = day;
        list.Add(team);
    }

    private static Engineer NewEngineer(List<Engineer> engineers, Rng rng)
    {
        int index = engineers.Count;
        string first = Catalogs.FirstNames[rng.Int(Catalogs.FirstNames.Length)];
        string last = Catalogs.Surnames[rng.Int(Catalogs.Surnames.Length)];
        // Letters then a unique number: logins like "jdoe123" or "maria-garcia42", unique by their digits.
        string id = rng.Int(4) == 0
            ? first + "-" + last + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : first[0] + last + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        int kindCount = Math.Min(UsageKind.All.Length, 4 + rng.Poisson(3));
        var weights = UsageKind.All.Select(k => k.Weight).ToArray();
        var kinds = new List<int>(kindCount);
        while (kinds.Count < kindCount)
        {
            int k = rng.Weighted(weights, weights.Sum());
            if (!kinds.Contains(k)) kinds.Add(k);
        }
        var engineer = new Engineer
        {
            Index = index,
            Id = id,
            Level = Catalogs.Levels[rng.Weighted(Catalogs.LevelWeights, 1.0)],
            Rate = rng.Gamma(5, 5),
            UsageKinds = [.. kinds],
            DailyUseProbability = rng.Uniform(0.65, 1.0),
        };
        engineers.Add(engineer);
        return engineer;
    }
}
