namespace DataEngineer.TestDags;

/// <summary>The params of <see cref="PartitionDag"/>.</summary>
public sealed record PartitionParams
{
    /// <summary>
    /// Where the test releases tries: a side-effect task's try n waits until the file <c>&lt;task id&gt;.&lt;n&gt;</c>
    /// exists here.
    /// </summary>
    public string ReleaseDirectory { get; init; } = "";
}
