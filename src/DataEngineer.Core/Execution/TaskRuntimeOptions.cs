using DataEngineer.Core.Connections;
using DataEngineer.Core.Variables;

namespace DataEngineer.Core.Execution;

/// <summary>What the host gives every task try: where it runs, its connections, how to decrypt secret variables, the XCom size limit, and how its log is streamed.</summary>
public sealed record TaskRuntimeOptions
{
    public const int DefaultXComMaxBytes = 1024 * 1024;
    public const int DefaultMaxMapLength = 10_000;

    public string Hostname { get; init; } = Environment.MachineName;

    /// <summary>The connections tasks may use: never the engine's metadata database.</summary>
    public ConnectionRegistry Connections { get; init; } = ConnectionRegistry.Empty;

    /// <summary>Decrypts secret variables; null where this process has no data-protection keys (a secret variable then fails the try with a clear error).</summary>
    public IVariableCipher? VariableCipher { get; init; }

    /// <summary>Largest XCom value stored, in bytes of JSON (<c>DataEngineer:XComMaxBytes</c>).</summary>
    public int XComMaxBytes { get; init; } = DefaultXComMaxBytes;

    /// <summary>The most instances a mapped task may expand to, unless its <c>TaskOptions.MaxMapLength</c> says otherwise (<c>DataEngineer:MaxMapLength</c>).</summary>
    public int MaxMapLength { get; init; } = DefaultMaxMapLength;

    /// <summary>A running try's log lines are stored at least this often while lines wait (<c>DataEngineer:LogFlushIntervalMs</c>).</summary>
    public TimeSpan LogFlushInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A running try's log lines are stored as soon as this many wait, without waiting for <see cref="LogFlushInterval"/>.</summary>
    public int LogBatchLines { get; init; } = 500;
}
