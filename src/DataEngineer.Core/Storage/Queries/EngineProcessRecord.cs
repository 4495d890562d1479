namespace DataEngineer.Core.Storage;

/// <summary>
/// One running <c>dataengineer</c> process: its roles (scheduler, worker, web), the queues and
/// concurrency it serves as a worker, and its last heartbeat.
/// </summary>
public sealed record EngineProcessRecord
{
    public required string ProcessId { get; init; }
    public required string Hostname { get; init; }
    public required IReadOnlyList<string> Roles { get; init; }
    public IReadOnlyList<string> Queues { get; init; } = [];
    public int Concurrency { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset HeartbeatAt { get; init; }
}
