namespace DataEngineer.Host.Cli;

/// <summary>What the process exit code tells a script (70 and 130 as sysexits.h and shells use them).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RunFailed = 1;
    public const int UsageError = 2;

    /// <summary>A fault of the program, not of the input or the run: report it.</summary>
    public const int InternalError = 70;

    /// <summary>Stopped by Ctrl+C (SIGINT).</summary>
    public const int Interrupted = 130;
}
