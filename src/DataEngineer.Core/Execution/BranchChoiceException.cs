namespace DataEngineer.Core.Execution;

/// <summary>A branch chose a task that is not directly downstream of it.</summary>
public sealed class BranchChoiceException(string message) : Exception(message);
