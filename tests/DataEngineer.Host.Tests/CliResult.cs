namespace DataEngineer.Host.Tests;

/// <summary>What one CLI invocation printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>No .NET stack trace reached the user.</summary>
    public bool HasStackTrace => Error.Contains("   at ", StringComparison.Ordinal) || Out.Contains("   at DataEngineer", StringComparison.Ordinal);
}
