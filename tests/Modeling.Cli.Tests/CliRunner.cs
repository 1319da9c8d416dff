namespace Modeling.Cli.Tests;

/// <summary>Runs one <c>modeling</c> command line in-process and captures both streams (shared by the verb tests).</summary>
internal static class CliRunner
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
