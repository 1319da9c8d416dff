using System.CommandLine;
using Modeling.Cli.Commands;

namespace Modeling.Cli;

/// <summary>Entry point of the <c>modeling</c> command (CONTRACT §2).</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses and runs one command line; writers are injectable so tests can read both streams.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Measures what AI adoption does to software delivery: ingest, panel, causal estimates, mandate verdicts.");
        foreach (var verb in Verbs(stdout, stderr)) root.Subcommands.Add(verb);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"error: {error.Message}");
            stderr.WriteLine("Run 'modeling --help' for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UserFacingException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (EnvironmentFailure.Describe(e) is { } message)
        {
            stderr.WriteLine($"error: {message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            // A bug: one line here, the details in a log file a person can attach to a report.
            var log = ErrorLog.Write(args, e);
            stderr.WriteLine($"internal error: {e.GetType().Name}: {Ingest.Output.ShownText.Escape(e.Message)} "
                + (log is null ? "(the details could not be written to a log file)" : $"(details in {log})"));
            return ExitCodes.InternalError;
        }
    }

    private static IEnumerable<Command> Verbs(TextWriter stdout, TextWriter stderr)
    {
        // One class per verb, each in Commands/.
        yield return ValidateCommand.Create(stdout, stderr);
        yield return SimulateCommand.Create(stdout, stderr);
        yield return PanelCommand.Create(stdout, stderr);
        yield return AnalyzeCommand.Create(stdout, stderr);
        yield return EstimateCommand.Create(stdout, stderr);
        yield return RetrainCommand.Create(stdout, stderr);
        yield return ReportCommand.Create(stdout, stderr);
    }
}
