using System.Globalization;
using System.Text;
using Modeling.Reporting.Text;
using Modeling.Results;
using static Modeling.Reporting.Page.Html;

namespace Modeling.Reporting.Page;

/// <summary>The comparison of AI tools: each tool's effect on the focus outcome, then every outcome, then the differences.</summary>
internal sealed partial class ReportPage
{
    private const string FirstTool = "first_tool";

    private string ToolComparison(ToolComparison tools)
    {
        var b = new StringBuilder();
        var counts = string.Join(", ", tools.Teams.Select(t => $"{Labels.Group(FirstTool, t.Tool)} {t.AdoptingTeams.ToString(CultureInfo.InvariantCulture)}"));
        b.Append("<p>").Append(E($"Adopting teams by the first tool their members alone brought to the adoption threshold: {counts}. "
            + "Each tool's teams are compared with the teams that never adopted, as for the headline."))
         .Append("</p>\n");
        var outcomes = tools.Estimates.Select(e => e.Outcome).Distinct().ToList();
        if (outcomes.Count == 0) return b.ToString();
        var focus = FocusOutcomes();
        string outcome = outcomes.FirstOrDefault(focus.Contains) ?? outcomes[0];
        b.Append(GroupFigure(tools.Estimates, outcome, FirstTool));

        var others = tools.Estimates.Where(e => e.Outcome != outcome).ToList();
        if (others.Count > 0)
            b.Append(Table("Each tool's effect on the other outcomes, quality included", ["Outcome", "Tool", "Multiplier", "95% interval", "Adopting teams", "Reading"],
                others.Select(h => (IReadOnlyList<string>)(h.Suppressed || h.Multiplier is null
                    ? [E(Labels.Outcome(h.Outcome)), E(Labels.Group(FirstTool, h.Group)), "suppressed", "suppressed", "—", "too few engineers to show"]
                    : [E(Labels.Outcome(h.Outcome)), E(Labels.Group(FirstTool, h.Group)), E(Format.Multiplier(h.Multiplier)), E(Format.Interval(h.CiLow, h.CiHigh)),
                        Format.Count(h.AdoptingTeams), E(Labels.Reading(h.Outcome, h.CiLow, h.CiHigh, h.PValueAdjusted))])), numericColumns: [2, 3, 4]));

        if (tools.Differences.Count > 0)
            b.Append(Table("Tools against each other: one tool's multiplier divided by the other's", ["Outcome", "Tools", "Ratio", "95% interval", "p-value", "Reading"],
                tools.Differences.Select(d => (IReadOnlyList<string>)(d.Ratio is null
                    ? [E(Labels.Outcome(d.Outcome)), E(Pair(d)), "—", "—", "—", E(d.NotTestedReason ?? "not tested")]
                    : [E(Labels.Outcome(d.Outcome)), E(Pair(d)), E(Format.Multiplier(d.Ratio)), E(Format.Interval(d.CiLow, d.CiHigh)), E(Format.PValue(d.PValue)), E(DifferenceReading(d))])),
                numericColumns: [2, 3, 4]));
        return b.ToString();
    }

    private static string Pair(ToolDifference d) => $"{Labels.Group(FirstTool, d.Tool)} vs {Labels.Group(FirstTool, d.Versus)}";

    /// <summary>Plain words: which tool did more, by how much, or that the data cannot tell them apart (with the range).</summary>
    private static string DifferenceReading(ToolDifference d)
    {
        string a = Labels.Group(FirstTool, d.Tool), b = Labels.Group(FirstTool, d.Versus);
        string range = Format.Interval(d.CiLow, d.CiHigh);
        if (d.CiLow > 1) return $"{a}'s effect is larger: {Format.Multiplier(d.Ratio)} {b}'s {range}";
        if (d.CiHigh < 1) return $"{a}'s effect is smaller: {Format.Multiplier(d.Ratio)} {b}'s {range}";
        return $"can't tell them apart: {a}'s effect is anywhere from {Format.Multiplier(d.CiLow)} to {Format.Multiplier(d.CiHigh)} {b}'s";
    }
}
