namespace DataEngineer.TestDags;

/// <summary>The params of <see cref="StreamedLogDag"/>.</summary>
public sealed record StreamedLogParams
{
    /// <summary>The <c>talk</c> task waits, after its first lines, until this file exists; empty: it does not wait.</summary>
    public string ReleaseFile { get; init; } = "";

    /// <summary>How many numbered lines the task logs before it waits.</summary>
    public int Lines { get; init; } = 3;
}
