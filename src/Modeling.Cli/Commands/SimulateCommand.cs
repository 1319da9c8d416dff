using System.CommandLine;

namespace Modeling.Cli.Commands;

internal static class SimulateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("simulate", "Write a synthetic organisation with known effects.");
        return command;
    }
}
