namespace DataEngineer.Core.Storage;

/// <summary>A run and all its task instances, read together under the run's lock.</summary>
public sealed record RunSnapshot(DagRun Run, IReadOnlyDictionary<string, TaskInstance> Tasks);
