namespace Modeling.Simulation.Organisation;

/// <summary>The organisation fixed by the first phase: teams, engineers, roster and each team-month's members.</summary>
internal sealed class OrganisationModel
{
    private readonly MonthMember[][] _members; // [team * months + month]

    public OrganisationModel(SimulationOptions options, Calendar calendar, Team[] teams,
        List<Engineer> engineers, List<Membership> memberships)
    {
        Options = options;
        Calendar = calendar;
        Teams = teams;
        Engineers = engineers;
        Memberships = memberships;
        _members = BuildMonthMembers();
    }

    public SimulationOptions Options { get; }
    public Calendar Calendar { get; }
    public Team[] Teams { get; }
    public IReadOnlyList<Engineer> Engineers { get; }
    public IReadOnlyList<Membership> Memberships { get; }

    /// <summary>Members of a team in a month (on any day of it), ordered by engineer index.</summary>
    public MonthMember[] Members(int team, int month) => _members[team * Calendar.Months + month];

    private MonthMember[][] BuildMonthMembers()
    {
        int months = Calendar.Months;
        var lists = new List<MonthMember>[Teams.Length * months];
        for (int i = 0; i < lists.Length; i++) lists[i] = [];

        // Memberships per engineer, in time order, to find the months an engineer spends in two teams.
        var byEngineer = Memberships.GroupBy(m => m.Engineer).ToDictionary(g => g.Key, g => g.OrderBy(m => m.FromDay).ToArray());
        foreach (var membership in Memberships)
        {
            int from = Math.Max(membership.FromDay, Calendar.WindowFirstDay);
            int to = Math.Min(membership.ToDay ?? Calendar.WindowLastDay, Calendar.WindowLastDay);
            if (to < from) continue;
            int firstMonth = Calendar.MonthOf(from), lastMonth = Calendar.MonthOf(to);
            for (int month = firstMonth; month <= lastMonth; month++)
            {
                int a = Math.Max(from, Calendar.FirstDay(month)), b = Math.Min(to, Calendar.LastDay(month));
                var forced = Forced(byEngineer[membership.Engineer], month);
                lists[membership.Team * months + month].Add(new MonthMember(membership.Engineer, a, b, membership.FromDay, forced));
            }
        }
        var result = new MonthMember[lists.Length][];
        for (int i = 0; i < lists.Length; i++)
            result[i] = [.. lists[i].OrderBy(m => m.Engineer).ThenBy(m => m.FirstDay)];
        return result;
    }

    /// <summary>
    /// An engineer in several teams in one month is active there only if every one of those teams has adopted by then,
    /// so that no team's share crosses 0.5 before its adoption month because of a newcomer.
    /// </summary>
    private ForcedActivity Forced(Membership[] engineerMemberships, int month)
    {
        int first = Calendar.FirstDay(month), last = Calendar.LastDay(month);
        int count = 0;
        bool allAdopted = true;
        foreach (var m in engineerMemberships)
        {
            if (m.FromDay > last || (m.ToDay ?? int.MaxValue) < first) continue;
            count++;
            if (Teams[m.Team].AdoptionMonth is not int a || a > month) allAdopted = false;
        }
        if (count <= 1) return ForcedActivity.Free;
        return allAdopted ? ForcedActivity.Active : ForcedActivity.Inactive;
    }
}
