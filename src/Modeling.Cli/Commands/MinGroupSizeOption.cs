using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Modeling.Panel;

namespace Modeling.Cli.Commands;

/// <summary>
/// <c>--min-group-size N</c> of analyze, panel and retrain: the one privacy minimum (engineer-months per team-period)
/// below which panel files, results.json and the report suppress a cell.
/// </summary>
internal static class MinGroupSizeOption
{
    public const string Name = "--min-group-size";

    /// <param name="outputs">What the verb writes for people, for the help text (e.g. "the panel file").</param>
    public static Option<int> Create(string outputs) => new(Name)
    {
        Description = $"Suppress team-periods with fewer than N engineer-months in {outputs} (N >= 1; default {SmallGroups.DefaultMinGroupSize}). Estimation still uses every team.",
        HelpName = "N",
        DefaultValueFactory = _ => SmallGroups.DefaultMinGroupSize,
        CustomParser = Parse,
    };

    /// <summary>A whole number of at least 1, written in plain digits; anything else is a parse error with the standard message.</summary>
    private static int Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(" ", result.Tokens.Select(t => t.Value));
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1) return value;
        result.AddError(EstimateMessages.BadMinGroupSize(text));
        return SmallGroups.DefaultMinGroupSize;
    }
}
