using System.CommandLine;

namespace Modeling.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("validate", "Check the input files only; exit 0 when usable, 2 when not.");
        return command;
    }
}
