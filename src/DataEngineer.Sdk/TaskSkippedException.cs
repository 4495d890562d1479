namespace DataEngineer.Sdk;

/// <summary>
/// Thrown (through <see cref="TaskContext.Skip"/>) to end a try as <c>skipped</c>. Downstream tasks
/// react according to their trigger rules (with the default rule they are skipped too).
/// </summary>
public sealed class TaskSkippedException(string reason) : Exception(reason);
