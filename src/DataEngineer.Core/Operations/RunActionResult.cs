using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Operations;

/// <summary>
/// What an action on a run did, or would do: the run as it is afterwards (as it is now, for a preview), the task
/// instances it changed, and whether it was applied (false for a dry run).
/// </summary>
public sealed record RunActionResult(RunSnapshot Run, IReadOnlyList<TaskChange> Changes, bool Applied);
