using System.CommandLine;
using Modeling.Ingest;
using Modeling.Panel;
using Modeling.Runs;

namespace Modeling.Cli.Commands;

/// <summary>
/// <c>modeling retrain --data DIR --runs DIR [--as-of YYYY-MM] [--force] [--keep N] [--min-group-size N]</c>: the monthly batch job.
/// stdout: the run folder (new or up to date). Exit 0 done or up to date, 2 bad input/arguments, 3 another retrain holds
/// the lock, 1 internal error; stderr says which and what to do.
/// </summary>
internal static class RetrainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The data folder with the latest exports (CONTRACT §1).", Required = true };
        var runs = new Option<DirectoryInfo>("--runs") { Description = "The runs folder: one YYYY-MM folder per run, latest -> the newest.", Required = true }.MustBeFolder();
        var asOf = new Option<string?>("--as-of") { Description = "Use data up to the end of this month (YYYY-MM). Default: the last month that is over (UTC)." };
        var force = new Option<bool>("--force") { Description = "Rebuild the run even when it exists with the same inputs." };
        var keep = new Option<int?>("--keep") { Description = "Keep only the newest N complete runs (N >= 1)." };
        var period = SharedOptions.Period();
        var threshold = SharedOptions.AdoptionThreshold();
        var seed = SharedOptions.Seed();
        var minGroupSize = MinGroupSizeOption.Create("the run's panel.csv, results.json and report");
        var keyFile = SharedOptions.KeyFile();
        var command = new Command("retrain", "The monthly batch job: a versioned, atomic, locked run folder per as-of month, compared with the previous run.")
        {
            data, runs, asOf, force, keep, period, threshold, seed, keyFile, minGroupSize,
        };
        command.SetAction(parse =>
        {
            AsOfMonth? month = null;
            if (parse.GetValue(asOf) is { } text)
            {
                if (!AsOfMonth.TryParse(text, out var m)) throw new UserFacingException(Modeling.Runs.Messages.BadAsOf(text), ExitCodes.BadInput);
                month = m;
            }
            var options = new RetrainOptions(parse.GetValue(data)!.FullName, parse.GetValue(runs)!.FullName, month, parse.GetValue(force), parse.GetValue(keep))
            {
                Period = parse.GetValue(period),
                AdoptionThreshold = parse.GetValue(threshold),
                MinGroupSize = parse.GetValue(minGroupSize),
                Seed = parse.GetValue(seed),
                KeyFile = parse.GetValue(keyFile)?.FullName,
                Progress = stderr.WriteLine,
            };
            try
            {
                var outcome = new RetrainJob(options).Run();
                if (outcome.Result is { } result)
                    foreach (var warning in result.Diagnostics?.Warnings ?? []) stderr.WriteLine($"warning: {Ingest.Output.ShownText.Escape(warning)}");
                stdout.WriteLine(outcome.RunFolder);
                return ExitCodes.Success;
            }
            catch (RunLockedException e)
            {
                throw new UserFacingException(e.Message, ExitCodes.Locked);
            }
            catch (Exception e) when (e is RetrainInputException or DataFolderException)
            {
                throw new UserFacingException(e.Message, ExitCodes.BadInput);
            }
        });
        return command;
    }
}
