namespace Modeling.Cli;

/// <summary>Process exit codes of CONTRACT §2; schedulers act on them.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;
    public const int Locked = 3;
}

/// <summary>A failure whose message is meant for the user as is (which file, what to do), with its exit code.</summary>
public sealed class UserFacingException(string message, int exitCode = ExitCodes.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
