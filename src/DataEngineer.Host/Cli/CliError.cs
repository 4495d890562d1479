namespace DataEngineer.Host.Cli;

/// <summary>An error the user can fix; printed as its message alone, no stack trace.</summary>
internal sealed class CliError(string message, int exitCode = ExitCodes.UsageError) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
