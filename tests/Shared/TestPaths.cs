namespace Modeling.Tests;

/// <summary>Where tests find the repository, its samples and the shared reference data.</summary>
internal static class TestPaths
{
    /// <summary>The repository root: the folder holding Modeling.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Reference datasets, read in place; MODELING_REFDATA overrides the default ../shared/refdata.</summary>
    public static string RefData =>
        Environment.GetEnvironmentVariable("MODELING_REFDATA") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "refdata"));

    /// <summary>Benchmark inputs; MODELING_BENCHDATA overrides the default ../shared/bench.</summary>
    public static string BenchData =>
        Environment.GetEnvironmentVariable("MODELING_BENCHDATA") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "bench"));

    /// <summary>Public data from studies and vendors' sample exports; MODELING_EXTERNAL overrides the default ../shared/external.</summary>
    public static string External =>
        Environment.GetEnvironmentVariable("MODELING_EXTERNAL") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "external"));

    public static string DataSamples => Path.Combine(RepositoryRoot, "data-samples");

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string NewTempFolder(string prefix = "modeling-test")
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Modeling.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Modeling.sln not found above " + AppContext.BaseDirectory);
    }
}
