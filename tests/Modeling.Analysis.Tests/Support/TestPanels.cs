using Modeling.Estimation.Data;
using Modeling.Ingest.Pseudonyms;
using Modeling.Panel;
using Modeling.Simulation;
using Modeling.Tests;

namespace Modeling.Analysis.Tests.Support;

/// <summary>Panels built the way analyze builds them, and small synthetic panels with known effects.</summary>
internal static class TestPanels
{
    private static readonly string KeyFile = Path.Combine(TestPaths.NewTempFolder("panels-key"), "pseudonym.key");

    /// <summary>
    /// Stages a data folder and builds the panel through the pipeline Analysis.Run uses; built once per folder and
    /// options in a test process (a panel is immutable, and building one is the slow part of these tests).
    /// </summary>
    public static TeamPanel Build(string dataFolder, PanelOptions? options = null)
    {
        var key = (Path.GetFullPath(dataFolder), options ?? PanelOptions.Default);
        Lazy<TeamPanel> panel;
        lock (Panels)
        {
            if (!Panels.TryGetValue(key, out panel!))
                Panels[key] = panel = new Lazy<TeamPanel>(() => PanelPipeline.Run(new PipelineOptions(key.Item1, key.Item2, PseudonymKey.Resolve(KeyFile))).Panel);
        }
        return panel.Value;
    }

    private static readonly Dictionary<(string, PanelOptions), Lazy<TeamPanel>> Panels = [];

    /// <summary>A simulated organisation (monthly usage rows), written once per process per seed.</summary>
    public static string Simulated(int teams, int months, int seed)
    {
        lock (Folders)
        {
            var key = (teams, months, seed);
            if (!Folders.TryGetValue(key, out var folder))
            {
                folder = TestPaths.NewTempFolder($"sim-{teams}x{months}-{seed}");
                Simulator.Run(new SimulationOptions { Teams = teams, Months = months, Seed = seed, UsageDetail = UsageDetail.Monthly }, folder);
                Folders[key] = folder;
            }
            return folder;
        }
    }

    private static readonly Dictionary<(int, int, int), string> Folders = [];

    /// <summary>
    /// A Poisson panel: <paramref name="teams"/> teams over periods 1..<paramref name="periods"/>, a fifth never adopting,
    /// the others adopting in periods 6..periods−3; y ~ Poisson(exp(α_team + 0.01·t) · effect after adoption ·
    /// exp(preTrend·(t − cohort)) for adopters), α ~ N(log 20, 0.3).
    /// </summary>
    public static PanelData Poisson(int teams, int periods, double effect, int seed, double preTrend = 0)
    {
        var random = new Random(seed);
        var unit = new List<int>();
        var time = new List<int>();
        var y = new List<double>();
        var cohort = new List<int>();
        for (int i = 0; i < teams; i++)
        {
            double alpha = Math.Log(20) + 0.3 * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
            int g = i % 5 == 0 ? PanelData.NeverTreated : random.Next(6, periods - 2);
            for (int t = 1; t <= periods; t++)
            {
                double eta = alpha + 0.01 * t;
                if (g != PanelData.NeverTreated)
                {
                    eta += preTrend * (t - g);
                    if (t >= g) eta += Math.Log(effect);
                }
                unit.Add(i);
                time.Add(t);
                y.Add(MathNet.Numerics.Distributions.Poisson.Sample(random, Math.Exp(eta)));
                cohort.Add(g);
            }
        }
        return new PanelData(unit, time, y, [.. Enumerable.Range(0, teams).Select(i => $"t{i:000}")], cohort, outcomeName: "y");
    }
}
