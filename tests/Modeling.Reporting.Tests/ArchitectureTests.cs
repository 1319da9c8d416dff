namespace Modeling.Reporting.Tests;

/// <summary>The reporting stage renders any results.json: it must not depend on the stages that write one.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Reporting_references_no_other_modeling_assembly()
    {
        var references = typeof(ImpactReport).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Plotly.NET", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Modeling.", StringComparison.Ordinal));
    }
}
