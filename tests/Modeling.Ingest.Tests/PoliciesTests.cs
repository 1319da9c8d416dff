using static Modeling.Ingest.Tests.TestData;

namespace Modeling.Ingest.Tests;

/// <summary>policies.csv: dated policies, checked like mandates (scope) with their own kinds.</summary>
public class PoliciesTests
{
    [Fact]
    public void Policies_are_read_with_their_kind_tool_and_scope_and_bad_rows_are_located()
    {
        var policies = "policy_id,date,scope,kind,description\n" +
            "p1,2024-06-01,all,usage_in_reviews,AI usage counts in the half-year reviews\n" +
            "p2,2024-07-15,org:payments,restrict_tool:chatgpt,\n" +
            "p3,2024-08-01,team:t2,require_tool:copilot,\"Copilot for everyone, \"\"mandatory\"\"\"\n" +
            "p4,2024-02-30,all,other,\n" +              // line 5: no such day
            "p5,2024-09-01,org:nowhere,other,\n" +      // line 6: unknown org
            "p6,2024-09-01,all,ban_everything,\n" +     // line 7: unknown kind
            "p7,2024-09-01,all,restrict_tool:,\n" +     // line 8: no tool
            "p1,2024-10-01,all,other,\n";               // line 9: repeated id
        var (report, _) = Read(Folder(("policies.csv", policies)));
        Assert.Equal(
        [
            "p1 2024-06-01 all usage_in_reviews - AI usage counts in the half-year reviews",
            "p2 2024-07-15 org:payments restrict_tool chatgpt -",
            "p3 2024-08-01 team:t2 require_tool copilot Copilot for everyone, \"mandatory\"",
        ], report.Policies.Select(p => $"{p.PolicyId} {p.Date:yyyy-MM-dd} {p.Scope} {p.Kind} {p.Tool ?? "-"} {p.Description ?? "-"}"));
        var errors = Problems(report).Where(p => p.StartsWith("error policies.csv", StringComparison.Ordinal)).ToArray();
        Assert.Equal(5, errors.Length);
        Assert.Contains("error policies.csv line 5, column 'date': found '2024-02-30', expected a date YYYY-MM-DD [invalid_value]", errors);
        Assert.Contains(errors, e => e.StartsWith("error policies.csv line 6, column 'scope'", StringComparison.Ordinal));
        Assert.Contains("error policies.csv line 7, column 'kind': found 'ban_everything', expected restrict_tool:<tool>, require_tool:<tool>, usage_in_reviews or other [invalid_value]", errors);
        Assert.Contains(errors, e => e.StartsWith("error policies.csv line 8, column 'kind'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("error policies.csv line 9, column 'policy_id'", StringComparison.Ordinal) && e.Contains("[duplicate_id]"));
        var file = Assert.Single(report.Files, f => f.Table == "policies");
        Assert.Equal((8L, 3L, 5L), (file.RowsRead, file.RowsUsed, file.RowsRejected));
    }
}
