using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Modeling.Analysis;
using Modeling.Ingest.Pseudonyms;
using Modeling.Panel;

namespace Modeling.Cli.Commands;

/// <summary>
/// The options several verbs share, declared once: one name, one description, one default and one validation message
/// each (--period, --adoption-threshold, --seed, --key-file; --min-group-size is <see cref="MinGroupSizeOption"/>).
/// </summary>
internal static class SharedOptions
{
    public static Option<PeriodUnit> Period() => new("--period")
    {
        Description = "Period length: month or week (ISO weeks).",
        HelpName = "month|week",
        DefaultValueFactory = _ => PeriodUnit.Month,
        CustomParser = result => Single(result) switch
        {
            "month" => PeriodUnit.Month,
            "week" => PeriodUnit.Week,
            var other => Error(result, $"The '--period' option must be month or week. Got {other} instead.", PeriodUnit.Month),
        },
    };

    public static Option<double> AdoptionThreshold() => new("--adoption-threshold")
    {
        Description = "A team adopts in the first period its ai_active_share reaches this value, in (0, 1].",
        HelpName = "X",
        DefaultValueFactory = _ => AdoptionRule.DefaultThreshold,
        CustomParser = result =>
        {
            var text = Single(result);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return Error(result, $"The '--adoption-threshold' option must be a number in (0, 1]. Got {text} instead.", AdoptionRule.DefaultThreshold);
            return AdoptionRule.IsValid(value) ? value : Error(result, AdoptionRule.InvalidThreshold(value), AdoptionRule.DefaultThreshold);
        },
    };

    public static Option<int> Seed(int defaultSeed = AnalysisOptions.DefaultSeed) => new("--seed")
    {
        Description = "Seed of every random draw: the same inputs and seed give the same results.",
        HelpName = "N",
        DefaultValueFactory = _ => defaultSeed,
    };

    public static Option<FileInfo?> KeyFile() => new("--key-file")
    {
        Description = $"Pseudonym key file (hex; created with mode 0600 when missing); use the same one every month. Default: ${PseudonymKey.EnvironmentVariable}, else {PseudonymKey.DefaultKeyFile()}.",
        HelpName = "FILE",
    };

    private static string Single(ArgumentResult result) =>
        result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(" ", result.Tokens.Select(t => t.Value));

    private static T Error<T>(ArgumentResult result, string message, T fallback)
    {
        result.AddError(message);
        return fallback;
    }
}
