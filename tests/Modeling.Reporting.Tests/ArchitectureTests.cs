namespace Modeling.Reporting.Tests;

/// <summary>The reporting stage renders any results.json: it knows the results contract and nothing of the stages that write one.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Reporting_references_only_the_results_contract()
    {
        var references = typeof(ImpactReport).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Plotly.NET", references);
        Assert.Equal(["Modeling.Results"], references.Where(name => name.StartsWith("Modeling.", StringComparison.Ordinal)));
    }
}
