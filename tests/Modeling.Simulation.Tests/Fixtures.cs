using Modeling.Tests;

namespace Modeling.Simulation.Tests;

/// <summary>Simulates a folder once for a test class and deletes it afterwards.</summary>
public abstract class SimulatedFolderFixture : IDisposable
{
    protected SimulatedFolderFixture(SimulationOptions options)
    {
        Options = options;
        Folder = Path.Combine(TestPaths.NewTempFolder("modeling-sim"), "org");
        Summary = Simulator.Run(options, Folder);
        Data = new Lazy<OrgData>(() => OrgData.Load(Folder));
    }

    public SimulationOptions Options { get; }
    public string Folder { get; }
    public SimulationSummary Summary { get; }
    internal Lazy<OrgData> Data { get; }

    public void Dispose()
    {
        Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>A small organisation with daily AI telemetry.</summary>
public sealed class SmallDailyOrg() : SimulatedFolderFixture(new SimulationOptions { Teams = 60, Months = 18, Seed = 11 });

/// <summary>A moderately sized organisation for Monte-Carlo checks of truth.json (monthly telemetry to keep it quick).</summary>
public sealed class MonteCarloOrg() : SimulatedFolderFixture(new SimulationOptions
{
    Teams = 300, Months = 24, Seed = 5, UsageDetail = UsageDetail.Monthly, ReleaseSplittingShare = 0.2,
});
