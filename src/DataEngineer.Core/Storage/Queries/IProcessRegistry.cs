namespace DataEngineer.Core.Storage;

/// <summary>The engine processes (schedulers, workers, web servers) and when each last said it was alive.</summary>
public interface IProcessRegistry
{
    /// <summary>Records or refreshes a process's heartbeat.</summary>
    Task HeartbeatProcessAsync(EngineProcessRecord process, CancellationToken ct = default);

    /// <summary>Processes that heartbeated at or after <paramref name="since"/>, newest heartbeat first.</summary>
    Task<IReadOnlyList<EngineProcessRecord>> ListProcessesAsync(DateTimeOffset since, CancellationToken ct = default);
}
