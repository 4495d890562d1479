namespace DataEngineer.Sdk;

/// <summary>
/// Thrown (through <see cref="TaskContext.Fail"/>) to fail a task at once, without the retries
/// its options allow: for errors that another try cannot fix, such as bad input data. Helpers derive
/// their own deterministic errors from it (a load whose staged rows repeat a key, say).
/// </summary>
/// <param name="reason">What failed, where, and how to fix it.</param>
public class TaskFailedException(string reason) : Exception(reason);
