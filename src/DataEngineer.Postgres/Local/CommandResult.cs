namespace DataEngineer.Postgres.Local;

/// <summary>How a server program ended: its exit code and what it printed (stdout, then stderr).</summary>
internal sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}
