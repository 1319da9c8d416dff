using System.Text.Json.Nodes;
using static Modeling.Reporting.Tests.ReportFixtures;

namespace Modeling.Reporting.Tests;

/// <summary>The alerts at the top of the report: mandates that could not be checked, inputs that lost more than 1 % of their rows.</summary>
public sealed class AlertTests
{
    private static string Header(Action<JsonNode> change)
    {
        var document = JsonNode.Parse(File.ReadAllText(SamplePath))!;
        change(document);
        string html = ImpactReport.Render(document.ToJsonString());
        return html[html.IndexOf("<header", StringComparison.Ordinal)..html.IndexOf("</header>", StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData(119, false)] // 11,963 rows read: 1 % is 119.63
    [InlineData(120, true)]
    public void A_file_is_called_out_above_one_percent_of_its_rows_rejected(int rejected, bool alert)
    {
        string header = Header(d => d["data"]!["rows_rejected"]!["pull_requests.csv"] = rejected);
        Assert.Equal(alert, header.Contains("id=\"many-rejected\"", StringComparison.Ordinal));
        if (alert)
            Assert.Contains($"<li>pull_requests.csv: {rejected} of 11,963 rows (1%) were rejected; results that use this file may be biased.", header);
    }

    [Fact]
    public void A_mandate_that_could_not_be_checked_is_listed_first_and_not_counted_as_checked()
    {
        string header = Header(d =>
        {
            var m = d["mandates"]![0]!;
            m["checked"] = false;
            m["verdict"] = "inconclusive";
            m["reason"] = "could not be checked: mandates.csv line 2 was rejected (column 'metric': found 'velocity', expected one of … [invalid_value])";
        });
        Assert.Contains("<strong>1 mandate could not be checked:</strong>", header);
        Assert.Contains("<li>Mandate m1 (deployments, scope all): could not be checked: mandates.csv line 2 was rejected (column &#39;metric&#39;", header);
        Assert.Contains("<strong>2 mandates checked:</strong>", header);
        // A results.json from before the field existed: every mandate counts as checked.
        Assert.Contains("<strong>3 mandates checked:</strong>", Header(_ => { }));
        Assert.DoesNotContain("could not be checked", Header(_ => { }));
    }
}
