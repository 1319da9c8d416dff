using Modeling.Estimation.Data;

namespace Modeling.Estimation.Tests.Staggered;

/// <summary>
/// Test-only oracle written straight from the definitions, sharing no code with the estimator: the unconditional
/// ATT(g,t) is the 2×2 difference of mean changes, treated minus controls, over the units observed in both periods.
/// </summary>
internal static class NaiveDid
{
    public sealed record Cell(double Att, int Treated, int Controls);

    /// <param name="notYetTreated">Controls: never treated, plus (if set) units not yet treated — cohort later than
    /// both compared periods plus anticipation — other than cohort g.</param>
    public static Cell TwoByTwo(PanelData panel, int g, int t, int basePeriod, bool notYetTreated, int anticipation = 0)
    {
        var y = new Dictionary<(int Unit, int Time), double>();
        var cohort = new Dictionary<int, int>();
        for (int r = 0; r < panel.Count; r++)
        {
            y[(panel.Unit[r], panel.Time[r])] = panel.Outcome[r];
            cohort[panel.Unit[r]] = panel.Cohort![r];
        }
        int last = panel.Time.Max();
        double sumT = 0, sumC = 0;
        int nT = 0, nC = 0;
        foreach (var (unit, c0) in cohort)
        {
            int c = c0 > last ? 0 : c0;
            bool treated = c == g;
            bool control = c == 0 || (notYetTreated && c != g && c > Math.Max(t, basePeriod) + anticipation);
            if (!treated && !control) continue;
            if (!y.TryGetValue((unit, t), out var post) || !y.TryGetValue((unit, basePeriod), out var pre)) continue;
            if (treated) { sumT += post - pre; nT++; } else { sumC += post - pre; nC++; }
        }
        return new Cell(sumT / nT - sumC / nC, nT, nC);
    }
}
