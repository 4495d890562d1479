namespace DataEngineer.Core.Execution;

/// <summary>What the host gives every task try: where it runs, connections, the XCom size limit, and how its log is streamed.</summary>
public sealed record TaskRuntimeOptions
{
    public const int DefaultXComMaxBytes = 1024 * 1024;

    public string Hostname { get; init; } = Environment.MachineName;

    /// <summary>Connection strings by name (<c>ConnectionStrings:*</c> in configuration).</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings { get; init; } = new Dictionary<string, string>();

    /// <summary>Largest XCom value stored, in bytes of JSON (<c>DataEngineer:XComMaxBytes</c>).</summary>
    public int XComMaxBytes { get; init; } = DefaultXComMaxBytes;

    /// <summary>A running try's log lines are stored at least this often while lines wait (<c>DataEngineer:LogFlushIntervalMs</c>).</summary>
    public TimeSpan LogFlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A running try's log lines are stored as soon as this many wait, without waiting for <see cref="LogFlushInterval"/>.</summary>
    public int LogBatchLines { get; init; } = 500;
}
