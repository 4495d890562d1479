namespace DataEngineer.Core.Execution;

/// <summary>What a worker serves and how much it runs at once.</summary>
public sealed record WorkerOptions
{
    public string Hostname { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Queues this worker serves (<c>--queues</c>).</summary>
    public IReadOnlySet<string> Queues { get; init; } = new HashSet<string> { Validation.TaskSettings.DefaultQueue };

    /// <summary>Tries this worker runs at once (<c>--concurrency</c>).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>How often running tries say they are alive.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);
}
