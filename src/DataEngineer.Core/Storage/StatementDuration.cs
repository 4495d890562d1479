namespace DataEngineer.Core.Storage;

/// <summary>How long one earlier run of a task's statement took: the history its duration anomalies are judged against.</summary>
public sealed record StatementDuration(string Script, int Ordinal, double DurationMs);
