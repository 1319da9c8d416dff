using Modeling.Simulation.Organisation;

namespace Modeling.Simulation.Truth;

/// <summary>Aggregates team-month expectations into the truth of each outcome (definitions in <see cref="SimulationTruth.Definitions"/>).</summary>
internal static class TruthCalculator
{
    public static SimulationTruth Compute(OrganisationModel org, IReadOnlyList<TeamMonthTruth[]> byTeam)
    {
        var calendar = org.Calendar;
        var adopted = byTeam.SelectMany(t => t).Where(tm => tm.EventTime is not null).ToArray(); // team order, then month
        var effects = new List<OutcomeTruth>();
        foreach (bool perEngineer in new[] { false, true })
            foreach (var outcome in TruthOutcomes.All)
            {
                var kind = TruthOutcomes.Kind(outcome);
                if (perEngineer && kind != OutcomeKind.Count) continue;
                TruthAggregate Agg(IEnumerable<TeamMonthTruth> set) => Aggregate(set, outcome, kind);
                var byEvent = adopted.GroupBy(tm => tm.EventTime!.Value).OrderBy(g => g.Key)
                    .Select(g => (g.Key, Agg(g))).ToArray();
                var byCohort = adopted.GroupBy(tm => org.Teams[tm.Team].AdoptionMonth!.Value).OrderBy(g => g.Key)
                    .Select(g => (calendar.Label(g.Key), Agg(g))).ToArray();
                var splitting = adopted.Where(tm => org.Teams[tm.Team].SplitsReleases).ToArray();
                var others = adopted.Where(tm => !org.Teams[tm.Team].SplitsReleases).ToArray();
                var perTeam = adopted.GroupBy(tm => tm.Team).OrderBy(g => g.Key)
                    .Select(g => (org.Teams[g.Key].Id, Agg(g))).ToArray();
                var byTool = org.Options.ToolEffects
                    .Select(t => (t.Tool, Teams: adopted.Where(tm => org.Teams[tm.Team].Tool == t.Tool).ToArray()))
                    .Where(t => t.Teams.Length > 0).Select(t => (t.Tool, Agg(t.Teams))).ToArray();
                effects.Add(new OutcomeTruth(
                    TruthOutcomes.Name(outcome) + (perEngineer ? "_per_engineer" : ""), kind, perEngineer, Agg(adopted), byEvent, byCohort,
                    splitting.Length > 0 ? Agg(splitting) : null, others.Length > 0 ? Agg(others) : null, perTeam) { ByTool = byTool });
            }

        var teams = org.Teams.Select(t => new TeamTruth(t.Id, t.Org,
            t.AdoptionMonth is int a ? calendar.Label(a) : null,
            t.AdoptionMonth is null ? null : t.CohortFactor, t.SplitsReleases, t.Slices) { Tool = t.Tool }).ToArray();
        return new SimulationTruth(org.Options, calendar.Label(0), calendar.Label(calendar.Months - 1), adopted.Length, teams, effects);
    }

    private static TruthAggregate Aggregate(IEnumerable<TeamMonthTruth> set, TruthOutcome outcome, OutcomeKind kind)
    {
        int i = (int)outcome, n = 0;
        double num1 = 0, num0 = 0, den1 = 0, den0 = 0, sumRatio = 0, sumLog = 0;
        foreach (var tm in set)
        {
            var with = tm.WithAi[i];
            var without = tm.WithoutAi[i];
            double ratio = kind == OutcomeKind.Rate
                ? with.Numerator / with.Denominator / (without.Numerator / without.Denominator)
                : with.Numerator / without.Numerator;
            // Per-engineer rates weigh each team-month by its engineer-months (CONTRACT §3): Σ EM·(Y/EM) = Σ Y.
            num1 += with.Numerator;
            num0 += without.Numerator;
            den1 += with.Denominator;
            den0 += without.Denominator;
            sumRatio += ratio;
            sumLog += Math.Log(ratio);
            n++;
        }
        if (kind == OutcomeKind.Rate)
        {
            double rate1 = num1 / den1, rate0 = num0 / den0;
            return new TruthAggregate(rate1 / rate0, sumRatio / n, Math.Exp(sumLog / n), rate1, rate0, n);
        }
        return new TruthAggregate(num1 / num0, sumRatio / n, Math.Exp(sumLog / n), num1, num0, n);
    }
}
