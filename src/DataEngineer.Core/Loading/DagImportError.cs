namespace DataEngineer.Core.Loading;

/// <summary>A DAG that could not be loaded: where it came from (class or file), which DAG if known, and why.</summary>
public sealed record DagImportError(string Source, string? DagId, string Message)
{
    public override string ToString() => $"{Source}: {Message}";
}
