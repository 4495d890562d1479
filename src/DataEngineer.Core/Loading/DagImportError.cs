namespace DataEngineer.Core.Loading;

/// <summary>
/// A DAG that could not be loaded: where it came from (file, class or assembly), the line when a
/// compiler said so, which DAG if known, and why.
/// </summary>
public sealed record DagImportError(string Source, string? DagId, string Message, int? Line = null)
{
    public override string ToString() => Line is { } line ? $"{Source}({line}): {Message}" : $"{Source}: {Message}";
}
