namespace DataEngineer.Sdk;

/// <summary>
/// Thrown (through <see cref="TaskContext.Fail"/>) to fail a task at once, without the retries
/// its options allow: for errors that another try cannot fix, such as bad input data.
/// </summary>
public sealed class TaskFailedException(string reason) : Exception(reason);
