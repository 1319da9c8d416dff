using System.CommandLine;
using System.Globalization;
using Modeling.Simulation;
using Modeling.Simulation.Samples;

namespace Modeling.Cli.Commands;

/// <summary><c>modeling simulate</c>: a synthetic organisation in the CONTRACT §1 format plus truth.json.</summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var defaults = new SimulationOptions();
        var outFolder = new Option<string>("--out") { Description = "Folder to write (must be new or empty).", Required = true }.MustBeFolder();
        var teams = new Option<int>("--teams") { Description = "Number of teams (at least 4).", DefaultValueFactory = _ => defaults.Teams };
        var months = new Option<int>("--months") { Description = "Number of months (at least 6).", DefaultValueFactory = _ => defaults.Months };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same bytes.", DefaultValueFactory = _ => defaults.Seed };
        var multiplier = new Option<double>("--true-multiplier")
        {
            Description = "Steady-state multiplier of merged PRs per engineer (cohort factor 1, from the 4th adopted month on); > 0.",
            DefaultValueFactory = _ => defaults.TrueMultiplier,
        };
        var noEffect = new Option<bool>("--no-effect") { Description = "AI changes nothing (no velocity, quality, duration or gaming effect): every outcome's truth is 1." };
        var adopterTrend = new Option<double>("--adopter-trend")
        {
            Description = "Parallel trends fail: adopting teams' activity drifts by this much per month (in logs) relative to the others, before and after adoption; -0.1 to 0.1.",
            DefaultValueFactory = _ => defaults.AdopterTrend,
        };
        var toolEffects = new Option<string?>("--tool-effects")
        {
            Description = "Tools with different true effects, e.g. copilot=1.2,cursor=1.6: each team uses one tool and gets its multiplier "
                + "instead of --true-multiplier (truth.json then has each tool's truth under by_tool).",
        };
        var usageInReviews = new Option<string?>("--usage-in-reviews")
        {
            Description = "DATE[,SCOPE[,INFLATION]]: from DATE, AI usage counts in performance reviews for SCOPE (all or org:<org>; default all), "
                + "whose engineers then make INFLATION times the interactions and suggestions (default 2) with the same acceptances; written to policies.csv.",
        };
        var start = new Option<string>("--start") { Description = "First month, YYYY-MM.", DefaultValueFactory = _ => "2024-01" };
        var teamSize = new Option<double>("--mean-team-size") { Description = "Mean engineers per team (>= 4).", DefaultValueFactory = _ => defaults.MeanTeamSize };
        var never = new Option<double>("--never-adopting-share") { Description = "Share of teams that never adopt AI.", DefaultValueFactory = _ => defaults.NeverAdoptingShare };
        var splitting = new Option<double>("--release-splitting-share") { Description = "Share of adopting teams that split releases.", DefaultValueFactory = _ => defaults.ReleaseSplittingShare };
        var slicing = new Option<double>("--slicing-share") { Description = "Share of adopting teams that slice PRs smaller.", DefaultValueFactory = _ => defaults.SlicingShare };
        var detail = new Option<UsageDetail>("--usage-detail") { Description = "ai_usage rows per day (Daily) or per month (Monthly).", DefaultValueFactory = _ => defaults.UsageDetail };
        var activity = new Option<double>("--activity-scale") { Description = "Scales all per-engineer event rates (1 = realistic volumes).", DefaultValueFactory = _ => defaults.ActivityScale };
        var broken = new Option<bool>("--broken") { Description = "Then inject one bad row per CONTRACT §1 row rule and list them in --broken-expected." };
        var brokenExpected = new Option<string?>("--broken-expected") { Description = "Where --broken lists the injected problems (default: <out>-expected.json)." };

        var command = new Command("simulate", "Write a synthetic organisation with known effects (CONTRACT §1 files plus truth.json).");
        foreach (var option in new Option[] { outFolder, teams, months, seed, multiplier, toolEffects, usageInReviews, noEffect, adopterTrend, start, teamSize, never, splitting, slicing, detail, activity, broken, brokenExpected })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var options = new SimulationOptions
            {
                Teams = parse.GetValue(teams),
                Months = parse.GetValue(months),
                Seed = parse.GetValue(seed),
                TrueMultiplier = parse.GetValue(multiplier),
                NoEffect = parse.GetValue(noEffect),
                AdopterTrend = parse.GetValue(adopterTrend),
                StartMonth = ParseMonth(parse.GetValue(start) ?? ""),
                MeanTeamSize = parse.GetValue(teamSize),
                NeverAdoptingShare = parse.GetValue(never),
                ReleaseSplittingShare = parse.GetValue(splitting),
                SlicingShare = parse.GetValue(slicing),
                UsageDetail = parse.GetValue(detail),
                ActivityScale = parse.GetValue(activity),
                ToolEffects = ParseToolEffects(parse.GetValue(toolEffects)),
                UsageInReviews = ParseUsagePolicy(parse.GetValue(usageInReviews)),
            };
            var problems = options.Validate();
            if (problems.Count > 0) throw new UserFacingException(string.Join(Environment.NewLine + "error: ", problems));

            string folder = Path.GetFullPath(parse.GetValue(outFolder)!);
            SimulationSummary summary;
            try
            {
                summary = Simulator.Run(options, folder, line => stderr.WriteLine(line));
            }
            catch (Exception e) when (e is IOException or ArgumentException)
            {
                throw new UserFacingException(e.Message);
            }
            stderr.WriteLine(Messages.Done(folder, summary.Engineers, summary.AiUsageRows, summary.PullRequests, summary.Deployments, summary.Elapsed));
            if (parse.GetValue(broken))
            {
                string expected = parse.GetValue(brokenExpected) is { Length: > 0 } path
                    ? Path.GetFullPath(path)
                    : Path.TrimEndingDirectorySeparator(folder) + "-expected.json";
                var injected = BrokenSample.Inject(folder, expected);
                stderr.WriteLine(Messages.BrokenDone(folder, injected.Count, expected));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>tool=multiplier,...</c>; empty or absent = no tools of their own.</summary>
    private static IReadOnlyList<ToolEffect> ParseToolEffects(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            return pair.Length == 2 && double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && pair[0].Length > 0
                ? new ToolEffect(pair[0], m)
                : throw new UserFacingException(Messages.ToolEffectFormat(part));
        }).ToArray();
    }

    private static UsagePolicy? ParseUsagePolicy(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 3 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new UserFacingException(Messages.UsagePolicyFormat(text));
        string scope = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : "all";
        double inflation = 2;
        if (parts.Length > 2 && !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out inflation))
            throw new UserFacingException(Messages.UsagePolicyFormat(text));
        return new UsagePolicy(date, scope, inflation);
    }

    private static DateOnly ParseMonth(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month
            : throw new UserFacingException(Messages.StartMonthFormat(text));
}
