using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Modeling.Architecture.Tests;

/// <summary>
/// The stage graph of ARCHITECTURE.md, checked on the built assemblies (as NodaTime checks its own): each assembly may
/// reference only the Modeling assemblies of earlier stages, and the statistics core touches no file, console or process.
/// </summary>
public sealed class StageGraphTests
{
    /// <summary>Every Modeling assembly and the Modeling assemblies it may reference.</summary>
    public static readonly TheoryData<string, string[]> Allowed = new()
    {
        { "Modeling.Results", [] },
        { "Modeling.Estimation", [] },
        { "Modeling.Ingest", [] },
        { "Modeling.Simulation", [] },
        { "Modeling.Panel", ["Modeling.Ingest", "Modeling.Estimation"] },
        { "Modeling.Analysis", ["Modeling.Ingest", "Modeling.Panel", "Modeling.Estimation", "Modeling.Results"] },
        { "Modeling.Reporting", ["Modeling.Results"] },
        { "Modeling.Runs", ["Modeling.Ingest", "Modeling.Panel", "Modeling.Estimation", "Modeling.Results", "Modeling.Analysis", "Modeling.Reporting"] },
        { "Modeling.Interactive", ["Modeling.Ingest", "Modeling.Panel", "Modeling.Estimation", "Modeling.Results", "Modeling.Analysis"] },
        { "modeling", ["Modeling.Ingest", "Modeling.Simulation", "Modeling.Panel", "Modeling.Estimation", "Modeling.Results", "Modeling.Analysis", "Modeling.Reporting", "Modeling.Runs"] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void An_assembly_references_only_earlier_stages(string assembly, string[] allowed)
    {
        var references = Load(assembly).GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => name.StartsWith("Modeling.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.All(references, name => Assert.True(allowed.Contains(name), $"{assembly} references {name}, a later stage or a sibling it must not know"));
    }

    [Fact]
    public void Every_modeling_assembly_has_a_rule()
    {
        var folder = Path.GetDirectoryName(typeof(StageGraphTests).Assembly.Location)!;
        var built = Directory.EnumerateFiles(folder, "Modeling.*.dll").Select(Path.GetFileNameWithoutExtension)
            .Where(name => !name!.EndsWith(".Tests", StringComparison.Ordinal) && name != "Modeling.Interactive.Charts").ToList();
        var ruled = Allowed.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        Assert.All(built, name => Assert.Contains(name!, ruled));
    }

    /// <summary>Types whose use means reading or writing files, the console or other processes.</summary>
    private static readonly string[] InputOutput =
    [
        "System.IO.File", "System.IO.FileInfo", "System.IO.Directory", "System.IO.DirectoryInfo", "System.IO.FileStream",
        "System.IO.StreamReader", "System.IO.StreamWriter", "System.Console", "System.Diagnostics.Process", "System.Net.Http.HttpClient",
    ];

    [Fact]
    public void The_statistics_core_does_no_input_or_output()
    {
        var used = TypeReferences("Modeling.Estimation");
        Assert.Empty(used.Intersect(InputOutput));
    }

    [Fact]
    public void The_rule_sees_input_and_output_where_there_is_some()
    {
        // The check itself must be able to fail: the CLI does write files and the console.
        Assert.Contains("System.IO.File", TypeReferences("modeling"));
        Assert.Contains("System.Console", TypeReferences("modeling"));
    }

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    /// <summary>The full names of the types an assembly references from others (its metadata's TypeRef table).</summary>
    private static HashSet<string> TypeReferences(string assembly)
    {
        using var stream = File.OpenRead(Load(assembly).Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeReferences.Select(handle => metadata.GetTypeReference(handle))
            .Select(t => metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name)).ToHashSet(StringComparer.Ordinal);
    }
}
