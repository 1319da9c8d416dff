namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// The multiplicative two-way decomposition y_it ≈ b_i · p_t on untreated rows (the Poisson fixed-effects normal
/// equations, solved by alternating ratio-of-sums updates): b_i is team i's own level, adjusted for the periods in
/// which it was observed, so an early adopter's few pre-adoption months and a never-adopted team's 36 months give
/// comparable levels. Period effects are normalised to mean 1.
/// </summary>
internal sealed class CounterfactualLevels
{
    private const int MaxIterations = 1000;
    private const double Tolerance = 1e-12;

    private CounterfactualLevels(double[] teamLevel, double[] periodEffect)
    {
        TeamLevel = teamLevel;
        PeriodEffect = periodEffect;
    }

    /// <summary>Per dense team index; NaN for teams without rows, 0 for teams whose rows are all 0.</summary>
    public double[] TeamLevel { get; }

    /// <summary>Per dense period index; NaN for periods without rows.</summary>
    public double[] PeriodEffect { get; }

    public static CounterfactualLevels Fit(IReadOnlyList<int> rows, double[] y, int[] team, int teamCount, int[] period, int periodCount)
    {
        var p = new double[periodCount];
        var hasPeriod = new bool[periodCount];
        foreach (int i in rows) hasPeriod[period[i]] = true;
        for (int t = 0; t < periodCount; t++) p[t] = hasPeriod[t] ? 1.0 : double.NaN;
        var b = new double[teamCount];
        var teamY = new double[teamCount];
        var periodY = new double[periodCount];
        foreach (int i in rows) { teamY[team[i]] += y[i]; periodY[period[i]] += y[i]; }
        var sum = new double[Math.Max(teamCount, periodCount)];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Levels(rows, teamY, team, teamCount, period, p, b, sum);
            Array.Clear(sum);
            foreach (int i in rows) sum[period[i]] += b[team[i]];
            double change = 0, total = 0;
            int defined = 0;
            var next = new double[periodCount];
            for (int t = 0; t < periodCount; t++)
            {
                if (!hasPeriod[t]) { next[t] = double.NaN; continue; }
                next[t] = sum[t] > 0 ? periodY[t] / sum[t] : 1.0;
                total += next[t];
                defined++;
            }
            double mean = total / defined;
            for (int t = 0; t < periodCount; t++)
            {
                if (!hasPeriod[t]) continue;
                next[t] = mean > 0 ? next[t] / mean : 1.0;
                change = Math.Max(change, Math.Abs(next[t] - p[t]) / Math.Max(p[t], 1e-300));
                p[t] = next[t];
            }
            if (change < Tolerance) break;
        }
        Levels(rows, teamY, team, teamCount, period, p, b, sum);
        return new CounterfactualLevels(b, p);
    }

    /// <summary>b_i = Σ y / Σ p_t over team i's rows (NaN without rows or without a period effect for them).</summary>
    public static double[] LevelsGivenPeriods(IReadOnlyList<int> rows, double[] y, int[] team, int teamCount, int[] period, double[] p)
    {
        var teamY = new double[teamCount];
        var valid = rows.Where(i => double.IsFinite(p[period[i]])).ToArray();
        foreach (int i in valid) teamY[team[i]] += y[i];
        var b = new double[teamCount];
        Levels(valid, teamY, team, teamCount, period, p, b, new double[Math.Max(teamCount, p.Length)]);
        return b;
    }

    private static void Levels(IReadOnlyList<int> rows, double[] teamY, int[] team, int teamCount, int[] period, double[] p, double[] b, double[] scratch)
    {
        Array.Clear(scratch);
        var seen = new bool[teamCount];
        foreach (int i in rows) { scratch[team[i]] += p[period[i]]; seen[team[i]] = true; }
        for (int g = 0; g < teamCount; g++) b[g] = seen[g] && scratch[g] > 0 ? teamY[g] / scratch[g] : double.NaN;
    }
}
