namespace DataEngineer.Core.Execution;

/// <summary>What the host gives every task try: where it runs, connections, and the XCom size limit.</summary>
public sealed record TaskRuntimeOptions
{
    public const int DefaultXComMaxBytes = 1024 * 1024;

    public string Hostname { get; init; } = Environment.MachineName;

    /// <summary>Connection strings by name (<c>ConnectionStrings:*</c> in configuration).</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings { get; init; } = new Dictionary<string, string>();

    /// <summary>Largest XCom value stored, in bytes of JSON (<c>DataEngineer:XComMaxBytes</c>).</summary>
    public int XComMaxBytes { get; init; } = DefaultXComMaxBytes;
}
