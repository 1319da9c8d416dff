using Modeling.Tests;

namespace Modeling.Simulation.Tests;

public sealed class DeterminismTests
{
    private static string Simulate(int seed, UsageDetail detail = UsageDetail.Daily)
    {
        string folder = Path.Combine(TestPaths.NewTempFolder("modeling-det"), "org");
        Simulator.Run(new SimulationOptions { Teams = 40, Months = 12, Seed = seed, UsageDetail = detail }, folder);
        return folder;
    }

    private static readonly string[] AllFiles =
        ["teams.csv", "roster.csv", "ai_usage.csv", "deployments.csv", "incidents.csv", "pull_requests.csv", "mandates.csv", "truth.json"];

    [Fact]
    public void Same_seed_gives_identical_bytes_in_every_file()
    {
        string a = Simulate(7), b = Simulate(7);
        try
        {
            foreach (var file in AllFiles)
                Assert.True(File.ReadAllBytes(Path.Combine(a, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))), file);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(a)!, true);
            Directory.Delete(Path.GetDirectoryName(b)!, true);
        }
    }

    [Fact]
    public void Different_seed_gives_different_files()
    {
        string a = Simulate(7), b = Simulate(8);
        try
        {
            foreach (var file in new[] { "roster.csv", "ai_usage.csv", "pull_requests.csv", "deployments.csv", "truth.json" })
                Assert.False(File.ReadAllBytes(Path.Combine(a, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))), file);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(a)!, true);
            Directory.Delete(Path.GetDirectoryName(b)!, true);
        }
    }

    [Fact]
    public void Refuses_a_folder_that_already_holds_files()
    {
        string folder = TestPaths.NewTempFolder("modeling-det");
        File.WriteAllText(Path.Combine(folder, "x.txt"), "x");
        try
        {
            var e = Assert.Throws<IOException>(() => Simulator.Run(new SimulationOptions { Teams = 4, Months = 6 }, folder));
            Assert.Equal(Messages.OutputNotEmpty(folder), e.Message);
        }
        finally { Directory.Delete(folder, true); }
    }
}
