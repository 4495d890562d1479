namespace DataEngineer.Integration.Tests.Reliability;

/// <summary>One execution of a task body as the body itself recorded it (table reliability_executions).</summary>
public sealed record TaskExecution(string DagId, string RunId, string TaskId, int TryNumber, int Pid, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Outcome)
{
    public string TaskInstance => $"{DagId}/{RunId}/{TaskId}";
}
