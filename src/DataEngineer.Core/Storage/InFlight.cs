namespace DataEngineer.Core.Storage;

/// <summary>What a scheduler tick looks at: the queued and running runs, and the task instances in the asked states.</summary>
public sealed record InFlight(IReadOnlyList<DagRun> Runs, IReadOnlyList<TaskInstance> Tasks);
