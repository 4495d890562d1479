using DataEngineer.Core.Connections;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Settings;

/// <summary>
/// The engine's settings directly under <c>DataEngineer</c>: how the scheduler declares a try dead, whether new DAGs
/// start paused, what a task try may store and how fast its log is written, and pool slots
/// (<c>DataEngineer:Pools:&lt;name&gt;</c>). Mapped once to the engine core's immutable options.
/// </summary>
internal sealed class EngineOptions
{
    public const string Section = "DataEngineer";

    [WholeNumber(5, int.MaxValue, "set a whole number of at least 5.")]
    public int ZombieTimeoutSeconds { get; set; } = 60;

    [Setting("set true or false.")]
    public bool DagsArePausedAtCreation { get; set; } = true;

    [WholeNumber(1, int.MaxValue, "set a positive whole number of bytes (default 1048576).")]
    public int XComMaxBytes { get; set; } = TaskRuntimeOptions.DefaultXComMaxBytes;

    [WholeNumber(1, int.MaxValue, "set a positive whole number of milliseconds (default 500).")]
    public int LogFlushIntervalMs { get; set; } = 500;

    [WholeNumber(1, int.MaxValue, "set a positive whole number of instances (default 10000).")]
    public int MaxMapLength { get; set; } = TaskRuntimeOptions.DefaultMaxMapLength;

    /// <summary>The web UI's address, for links in alerts.</summary>
    [HttpUrl("set the web UI's address, e.g. https://dataengineer.example.com.")]
    public string? BaseUrl { get; set; }

    /// <summary>Slots per pool; a scheduler sets each named pool to this when it starts.</summary>
    [WholeNumber(0, int.MaxValue, "set a whole number of at least 0.")]
    public Dictionary<string, int> Pools { get; } = new(StringComparer.Ordinal);

    public SchedulerOptions Scheduler => new() { ZombieTimeout = TimeSpan.FromSeconds(ZombieTimeoutSeconds), DagsArePausedAtCreation = DagsArePausedAtCreation };

    public IReadOnlyList<Pool> PoolSlots => [.. Pools.Select(p => new Pool(p.Key, p.Value))];

    /// <summary>What a task try is given, with the connections resolved for it.</summary>
    public TaskRuntimeOptions Runtime(ConnectionRegistry connections) => new()
    {
        Connections = connections, XComMaxBytes = XComMaxBytes, LogFlushInterval = TimeSpan.FromMilliseconds(LogFlushIntervalMs), MaxMapLength = MaxMapLength,
    };
}
