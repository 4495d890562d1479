namespace DataEngineer.Sdk;

/// <summary>An upstream task whose return value is passed to a task as an argument.</summary>
/// <param name="TaskId">The upstream task.</param>
/// <param name="Type">The type the value is read as.</param>
public sealed record TaskInput(string TaskId, Type Type);
