using Modeling.Estimation.Regression;
using System.Runtime.CompilerServices;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Modeling.Estimation.Inference;

namespace Modeling.Estimation.Staggered;

/// <summary>The work of <see cref="StaggeredDid.Fit"/>: ATT(g,t) cells, bootstrap, pre-trend test, aggregations.</summary>
internal static class StaggeredDidFitter
{
    // did turns standard errors at or below √eps·10 into NA.
    private static readonly double SeFloor = Math.Sqrt(2.220446049250313e-16) * 10;

    public static StaggeredDidResult Fit(PanelLayout layout, StaggeredDid options)
    {
        var plan = PlanCells(layout, options);
        // Parallel over cohorts, in order within a cohort: each cell warm-starts the logit from the previous one.
        var cells = new CellEstimate[plan.Count];
        var cohortRuns = Enumerable.Range(0, plan.Count).GroupBy(j => plan[j].Cohort).Select(g => g.ToArray()).ToArray();
        Parallel.ForEach(cohortRuns, run =>
        {
            var start = new double[layout.X.Length + 1];
            foreach (int j in run) cells[j] = EstimateCell(layout, options, plan[j], start);
        });

        var estimated = cells.Where(c => c.IsEstimated).ToArray();
        if (!estimated.Any(c => c.IsPost && !c.IsReference))
        {
            bool noControls = cells.Where(c => c.IsPost).All(c => c.SkipReason == StaggeredDidMessages.CellNoControls);
            throw new EstimationException(options.ControlGroup == ControlGroup.NotYetTreated && noControls
                ? StaggeredDidMessages.NoNotYetTreatedControls
                : StaggeredDidMessages.NoEstimableCell(cells.Where(c => c.IsPost && c.SkipReason is not null).Select(c => c.SkipReason!).Distinct()));
        }

        int n = layout.UnitCount;
        var bootstrap = options.Bootstrap is { } b ? new MultiplierBootstrap(n, b.Draws, b.Seed, layout.GroupStart, layout.ClusterOfPosition) : null;
        var inference = new InferenceBuilder(layout, options, bootstrap);

        var cellItems = estimated.Select(c => new Combined(c.Att, c.Influence, c.TreatedMean, c.TreatedMeanInfluence)).ToArray();
        var (cellEstimates, cellCritical) = inference.Family(cellItems,
            (i, eff, bse, band, mult, inf) => new GroupTimeEffect(estimated[i].Cohort, estimated[i].Period, estimated[i].BasePeriod,
                estimated[i].IsReference, estimated[i].TreatedCount, estimated[i].ControlCount, eff, bse, band, mult, inf),
            estimated.Select(c => c.IsReference).ToArray());

        var aggregator = new Aggregator(layout);
        var simple = Simple(estimated, aggregator, inference);
        var dynamic = Dynamic(estimated, aggregator, inference, options, layout);
        var group = Group(estimated, aggregator, inference);
        var calendar = Calendar(estimated, aggregator, inference);
        var preTrend = PreTrend(estimated, n, layout.GroupStart);
        var skipped = cells.Where(c => !c.IsEstimated).Select(c => new SkippedCell(c.Cohort, c.Period, c.SkipReason!)).ToArray();

        return new StaggeredDidResult(options, layout.OutcomeName, n, layout.ObservationCount, layout.DroppedUnitCount,
            layout.Periods, layout.Cohorts, cellEstimates, cellCritical, simple, dynamic, group, calendar, preTrend, skipped)
        { RepeatedCrossSections = layout.RepeatedCrossSections };
    }

    private readonly record struct CellPlan(int Cohort, int PeriodIndex, int BaseIndex, int ControlIndex, bool IsReference);

    /// <summary>The (g,t) cells, base periods and not-yet-treated cut-offs exactly as did's compute.att_gt loops.</summary>
    private static List<CellPlan> PlanCells(PanelLayout layout, StaggeredDid options)
    {
        var periods = layout.Periods;
        int delta = options.Anticipation;
        var plan = new List<CellPlan>();
        foreach (int g in layout.Cohorts)
        {
            int universalBase = Array.FindLastIndex(periods, t => t + delta < g);
            if (universalBase < 0) continue;
            if (options.BasePeriod == BasePeriod.Varying)
            {
                for (int c = 1; c < periods.Length; c++)
                {
                    bool post = g <= periods[c];
                    plan.Add(new CellPlan(g, c, post ? universalBase : c - 1, c, false));
                }
            }
            else
            {
                for (int c = 0; c < periods.Length; c++)
                    plan.Add(new CellPlan(g, c, universalBase, Math.Max(c, universalBase), c == universalBase));
            }
        }
        return plan;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static CellEstimate EstimateCell(PanelLayout layout, StaggeredDid options, CellPlan cell, double[] propensityStart)
    {
        if (layout.RepeatedCrossSections) return EstimateRepeatedCrossSectionCell(layout, options, cell, propensityStart);
        int g = cell.Cohort, n = layout.UnitCount;
        int period = layout.Periods[cell.PeriodIndex], basePeriod = layout.Periods[cell.BaseIndex];
        bool ratio = options.Scale == EffectScale.Ratio;
        var yPost = layout.Y[cell.PeriodIndex];
        var yPre = layout.Y[cell.BaseIndex];
        var cohort = layout.Cohort;
        bool notYet = options.ControlGroup == ControlGroup.NotYetTreated;
        int controlCut = layout.Periods[cell.ControlIndex] + options.Anticipation;

        var members = new List<int>(n);
        int treated = 0;
        for (int i = 0; i < n; i++)
        {
            int ci = cohort[i];
            bool isTreated = ci == g;
            bool isControl = ci == 0 || (notYet && ci > controlCut && ci != g);
            if (!(isTreated || isControl) || double.IsNaN(yPost[i]) || double.IsNaN(yPre[i])) continue;
            members.Add(i);
            if (isTreated) treated++;
        }
        int m = members.Count, controls = m - treated;
        var (mean, meanInfluence) = ratio ? TreatedMean(layout, cell, g, members) : (double.NaN, null);
        if (cell.IsReference)
            return new CellEstimate
            {
                Cohort = g, Period = period, BasePeriod = basePeriod, IsReference = true, Att = 0, Influence = new double[n],
                TreatedCount = treated, ControlCount = controls, TreatedMean = mean, TreatedMeanInfluence = meanInfluence,
            };
        string? skip = treated == 0 ? StaggeredDidMessages.CellNoTreated : controls == 0 ? StaggeredDidMessages.CellNoControls : null;
        if (skip is not null) return new CellEstimate { Cohort = g, Period = period, BasePeriod = basePeriod, SkipReason = skip, TreatedCount = treated, ControlCount = controls };

        int covCount = layout.X.Length, k = covCount + 1;
        var dy = new double[m];
        var d = new bool[m];
        var x = new double[m * k];
        var w = new double[m];
        for (int j = 0; j < m; j++)
        {
            int i = members[j];
            dy[j] = yPost[i] - yPre[i];
            d[j] = cohort[i] == g;
            w[j] = layout.Weight[i];
            x[j * k] = 1;
            for (int c = 0; c < covCount; c++) x[j * k + 1 + c] = layout.X[c][cell.BaseIndex][i];
        }
        var outcome = TwoByTwoDid.Estimate(options.Method, dy, d, x, k, w, propensityStart);
        if (outcome.FailureReason is not null)
            return new CellEstimate { Cohort = g, Period = period, BasePeriod = basePeriod, SkipReason = outcome.FailureReason, TreatedCount = treated, ControlCount = controls };

        var influence = new double[n];
        double scale = (double)n / m;
        for (int j = 0; j < m; j++) influence[members[j]] = scale * outcome.Influence![j];

        return new CellEstimate
        {
            Cohort = g, Period = period, BasePeriod = basePeriod, Att = outcome.Att, Influence = influence,
            TreatedCount = treated, ControlCount = controls, TreatedMean = mean, TreatedMeanInfluence = meanInfluence,
        };
    }

    /// <summary>
    /// One cell as did estimates it on an unbalanced panel it keeps: every treated or control observation in t or the base
    /// period, with the covariates of its own period, through DRDID's repeated-cross-section estimators; the influence
    /// function is n/n₁ × the 2×2 one (n₁ observations) summed by unit.
    /// </summary>
    private static CellEstimate EstimateRepeatedCrossSectionCell(PanelLayout layout, StaggeredDid options, CellPlan cell, double[] propensityStart)
    {
        int g = cell.Cohort, n = layout.UnitCount;
        int period = layout.Periods[cell.PeriodIndex], basePeriod = layout.Periods[cell.BaseIndex];
        var cohort = layout.Cohort;
        bool notYet = options.ControlGroup == ControlGroup.NotYetTreated;
        int controlCut = layout.Periods[cell.ControlIndex] + options.Anticipation;

        var unitOf = new List<int>(2 * n);
        var periodOf = new List<int>(2 * n);
        int treatedUnits = 0, controlUnits = 0;
        int treatedPre = 0, treatedPost = 0, controlPre = 0, controlPost = 0;
        for (int i = 0; i < n; i++)
        {
            int ci = cohort[i];
            bool isTreated = ci == g;
            if (!(isTreated || ci == 0 || (notYet && ci > controlCut))) continue;
            bool seenPre = !double.IsNaN(layout.Y[cell.BaseIndex][i]), seenPost = !double.IsNaN(layout.Y[cell.PeriodIndex][i]);
            if (seenPre) { unitOf.Add(i); periodOf.Add(cell.BaseIndex); }
            if (seenPost) { unitOf.Add(i); periodOf.Add(cell.PeriodIndex); }
            if (!(seenPre || seenPost)) continue;
            if (isTreated) { treatedUnits++; treatedPre += seenPre ? 1 : 0; treatedPost += seenPost ? 1 : 0; }
            else { controlUnits++; controlPre += seenPre ? 1 : 0; controlPost += seenPost ? 1 : 0; }
        }
        var (mean, meanInfluence) = options.Scale == EffectScale.Ratio ? TreatedMeanObserved(layout, cell, g) : (double.NaN, null);
        if (cell.IsReference)
            return new CellEstimate
            {
                Cohort = g, Period = period, BasePeriod = basePeriod, IsReference = true, Att = 0, Influence = new double[n],
                TreatedCount = treatedUnits, ControlCount = controlUnits, TreatedMean = mean, TreatedMeanInfluence = meanInfluence,
            };
        // did skips a cell that lacks treated or controls in either period.
        string? skip = treatedPre == 0 || treatedPost == 0 ? StaggeredDidMessages.CellNoTreatedInPeriod
            : controlPre == 0 || controlPost == 0 ? StaggeredDidMessages.CellNoControlsInPeriod : null;
        if (skip is not null) return new CellEstimate { Cohort = g, Period = period, BasePeriod = basePeriod, SkipReason = skip, TreatedCount = treatedUnits, ControlCount = controlUnits };

        int m = unitOf.Count, covCount = layout.X.Length, k = covCount + 1;
        var y = new double[m];
        var post = new bool[m];
        var d = new bool[m];
        var x = new double[m * k];
        var w = new double[m];
        for (int j = 0; j < m; j++)
        {
            int i = unitOf[j], t = periodOf[j];
            y[j] = layout.Y[t][i];
            post[j] = t == cell.PeriodIndex;
            d[j] = cohort[i] == g;
            w[j] = layout.Weight[i];
            x[j * k] = 1;
            for (int c = 0; c < covCount; c++) x[j * k + 1 + c] = layout.X[c][t][i];
        }
        var outcome = TwoByTwoRepeatedCrossSection.Estimate(options.Method, y, post, d, x, k, w, propensityStart);
        if (outcome.FailureReason is not null)
            return new CellEstimate { Cohort = g, Period = period, BasePeriod = basePeriod, SkipReason = outcome.FailureReason, TreatedCount = treatedUnits, ControlCount = controlUnits };

        var influence = new double[n];
        double scale = (double)n / m;
        for (int j = 0; j < m; j++) influence[unitOf[j]] += scale * outcome.Influence![j];
        return new CellEstimate
        {
            Cohort = g, Period = period, BasePeriod = basePeriod, Att = outcome.Att, Influence = influence,
            TreatedCount = treatedUnits, ControlCount = controlUnits, TreatedMean = mean, TreatedMeanInfluence = meanInfluence,
        };
    }

    /// <summary>Treated mean of the level outcome in period t over the cohort's units observed then (repeated cross-sections).</summary>
    private static (double Mean, double[]? Influence) TreatedMeanObserved(PanelLayout layout, CellPlan cell, int g)
    {
        var members = new List<int>();
        var yLevel = layout.YLevel[cell.PeriodIndex];
        for (int i = 0; i < layout.UnitCount; i++) if (layout.Cohort[i] == g && !double.IsNaN(yLevel[i])) members.Add(i);
        return TreatedMean(layout, cell, g, members);
    }

    /// <summary>Treated mean of the level outcome in period t over the cell's treated units: μ = Σ w y / Σ w, IF = n w (y − μ) / Σ w.</summary>
    private static (double Mean, double[]? Influence) TreatedMean(PanelLayout layout, CellPlan cell, int g, List<int> members)
    {
        var yLevel = layout.YLevel[cell.PeriodIndex];
        int n = layout.UnitCount;
        double sw = 0, swy = 0;
        foreach (int i in members) if (layout.Cohort[i] == g) { sw += layout.Weight[i]; swy += layout.Weight[i] * yLevel[i]; }
        if (!(sw > 0)) return (double.NaN, null);
        double mean = swy / sw;
        var influence = new double[n];
        foreach (int i in members) if (layout.Cohort[i] == g) influence[i] = n * layout.Weight[i] * (yLevel[i] - mean) / sw;
        return (mean, influence);
    }

    private static Aggregation Simple(CellEstimate[] cells, Aggregator aggregator, InferenceBuilder inference)
    {
        var post = cells.Where(c => c.IsPost).Select(c => (c.Cohort, Item(c))).ToList();
        var overall = aggregator.WeightedByCohortShare(post);
        return new Aggregation(AggregationKind.Simple, inference.Single(overall), [], null);
    }

    private static Aggregation Dynamic(CellEstimate[] cells, Aggregator aggregator, InferenceBuilder inference, StaggeredDid options, PanelLayout layout)
    {
        var included = cells;
        var eventTimes = cells.Select(c => c.Period - c.Cohort).Distinct().Order().ToList();
        if (options.BalanceEventTime is int balance)
        {
            // did's balance_e: keep cohorts observed at least `balance` periods after treatment, event times in the window.
            int last = layout.Periods[^1], first = layout.Periods[0];
            included = cells.Where(c => last - c.Cohort >= balance).ToArray();
            eventTimes = included.Select(c => c.Period - c.Cohort).Distinct().Order()
                .Where(e => e <= balance && e >= balance - last + first).ToList();
        }
        if (options.MinEventTime is int lo) eventTimes = eventTimes.Where(e => e >= lo).ToList();
        if (options.MaxEventTime is int hi) eventTimes = eventTimes.Where(e => e <= hi).ToList();

        var elements = eventTimes.Select(e => aggregator.WeightedByCohortShare(
            included.Where(c => c.Period - c.Cohort == e).Select(c => (c.Cohort, Item(c))).ToList())).ToArray();
        var (estimates, critical) = inference.Elements(elements, eventTimes);
        var positive = Enumerable.Range(0, eventTimes.Count).Where(j => eventTimes[j] >= 0).Select(j => elements[j]).ToList();
        var overall = positive.Count > 0 ? inference.Single(aggregator.EqualWeights(positive)) : inference.Undefined();
        return new Aggregation(AggregationKind.Dynamic, overall, estimates, critical);
    }

    private static Aggregation Group(CellEstimate[] cells, Aggregator aggregator, InferenceBuilder inference)
    {
        var cohorts = cells.Where(c => c.IsPost).Select(c => c.Cohort).Distinct().Order().ToArray();
        var elements = cohorts.Select(g => aggregator.EqualWeights(
            cells.Where(c => c.IsPost && c.Cohort == g).Select(Item).ToList())).ToArray();
        var (estimates, critical) = inference.Elements(elements, cohorts);
        var overall = aggregator.WeightedByCohortShare(cohorts.Select((g, j) => (g, elements[j])).ToList());
        return new Aggregation(AggregationKind.Group, inference.Single(overall), estimates, critical);
    }

    private static Aggregation Calendar(CellEstimate[] cells, Aggregator aggregator, InferenceBuilder inference)
    {
        int minCohort = cells.Min(c => c.Cohort);
        var periods = cells.Where(c => c.IsPost && c.Period >= minCohort).Select(c => c.Period).Distinct().Order().ToArray();
        var elements = periods.Select(t => aggregator.WeightedByCohortShare(
            cells.Where(c => c.IsPost && c.Period == t).Select(c => (c.Cohort, Item(c))).ToList())).ToArray();
        var (estimates, critical) = inference.Elements(elements, periods);
        var overall = inference.Single(aggregator.EqualWeights(elements));
        return new Aggregation(AggregationKind.Calendar, overall, estimates, critical);
    }

    private static Combined Item(CellEstimate c) => new(c.Att, c.Influence, c.TreatedMean, c.TreatedMeanInfluence);

    /// <summary>did's Wald pre-test: W = n·a'V⁻¹a with V = Ψ'Ψ/n over the pre-treatment cells with a non-degenerate SE.</summary>
    private static PreTrendTest? PreTrend(CellEstimate[] cells, int n, int[] groupStart)
    {
        var pre = cells.Where(c => !c.IsPost && !c.IsReference && Se(c.Influence, n) > SeFloor).ToArray();
        int k = pre.Length;
        if (k == 0) return null;
        // Ψ'Ψ block by block: an influence function is 0 outside its cohort's and its controls' position ranges.
        int groups = groupStart.Length - 1;
        var activeGroups = pre.Select(c => Enumerable.Range(0, groups)
            .Where(gi => c.Influence.AsSpan(groupStart[gi], groupStart[gi + 1] - groupStart[gi]).ContainsAnyExcept(0.0)).ToArray()).ToArray();
        var gram = Matrix<double>.Build.Dense(k, k);
        Parallel.For(0, k, a =>
        {
            var ca = pre[a].Influence;
            var ga = activeGroups[a];
            for (int b = 0; b <= a; b++)
            {
                var cb = pre[b].Influence;
                var gb = activeGroups[b];
                double s = 0;
                for (int x = 0, y = 0; x < ga.Length && y < gb.Length;)
                {
                    if (ga[x] < gb[y]) x++;
                    else if (ga[x] > gb[y]) y++;
                    else
                    {
                        int from = groupStart[ga[x]], len = groupStart[ga[x] + 1] - from;
                        s += Dot(ca.AsSpan(from, len), cb.AsSpan(from, len));
                        x++; y++;
                    }
                }
                gram[a, b] = s;
            }
        });
        for (int a = 0; a < k; a++) for (int b = a + 1; b < k; b++) gram[a, b] = gram[b, a];
        return Wald(gram, pre.Select(c => c.Att).ToArray(), n);
    }

    /// <summary>
    /// W = n·a'V⁻¹a with V = Ψ'Ψ/n (<paramref name="gram"/> = Ψ'Ψ), χ²(k); null when V is singular or near-singular.
    /// </summary>
    internal static PreTrendTest? Wald(Matrix<double> gram, double[] estimates, int n)
    {
        int k = estimates.Length;
        var v = gram / n;
        // A singular covariance (more pre-treatment cells than units, as in small panels) has no Wald
        // statistic: did reports none either. MathNet's Cholesky throws on a non-positive-definite matrix.
        MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> chol;
        try { chol = v.Cholesky(); }
        catch (ArgumentException) { return null; }
        // A near-singular covariance (did checks rcond ≤ eps): judge by the Cholesky pivots.
        double minPivot = double.MaxValue, maxPivot = 0;
        for (int a = 0; a < k; a++) { double p = chol.Factor[a, a]; minPivot = Math.Min(minPivot, p * p); maxPivot = Math.Max(maxPivot, p * p); }
        if (!(minPivot / maxPivot > 2.220446049250313e-16)) return null;
        var att = Vector<double>.Build.Dense(estimates);
        double w = n * att.DotProduct(chol.Solve(att));
        return new PreTrendTest(w, k, 1 - ChiSquared.CDF(k, w));
    }

    internal static double Se(double[] influence, int n) => Math.Sqrt(Dot(influence, influence)) / n;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var va = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(a);
        var vb = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(b);
        var acc = System.Numerics.Vector<double>.Zero;
        for (int i = 0; i < va.Length; i++) acc += va[i] * vb[i];
        double s = System.Numerics.Vector.Sum(acc);
        for (int i = va.Length * System.Numerics.Vector<double>.Count; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
