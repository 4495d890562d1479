namespace DataEngineer.Host.Cli;

/// <summary>How a listing verb prints: <c>-o table</c> (default, for people) or <c>-o json</c> (for scripts).</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
