namespace DataEngineer.Core.Storage;

/// <summary>A value a task returned or pushed, as JSON.</summary>
public sealed record XComEntry(string DagId, string RunId, string TaskId, string Key, string Json);
