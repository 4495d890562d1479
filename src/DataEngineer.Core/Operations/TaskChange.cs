using DataEngineer.Core.States;

namespace DataEngineer.Core.Operations;

/// <summary>One task instance an action changes (or would change, in a preview): its state before and after.</summary>
public sealed record TaskChange(string TaskId, TaskInstanceState From, TaskInstanceState To);
