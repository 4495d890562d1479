namespace DataEngineer.Host.Api;

/// <summary>A DAG file that did not load: where, and the compiler's or validator's message.</summary>
internal sealed record ApiImportError(string Source, string? DagId, int? Line, string Message);
