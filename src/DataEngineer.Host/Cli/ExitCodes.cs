namespace DataEngineer.Host.Cli;

/// <summary>What the process exit code tells a script.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RunFailed = 1;
    public const int UsageError = 2;
}
