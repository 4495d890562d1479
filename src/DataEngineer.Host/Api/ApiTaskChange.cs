namespace DataEngineer.Host.Api;

/// <summary>One task instance an action changes: its state now and the state the action gives it.</summary>
internal sealed record ApiTaskChange(string TaskId, string State, string NewState);
