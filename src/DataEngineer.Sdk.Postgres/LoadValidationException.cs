namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// The staged rows failed validation (a null or repeated key, a row outside its partition, a rewrite of older history)
/// or the counts did not add up; nothing was loaded. Another try with the same rows fails the same way, so the task
/// fails at once, without retries.
/// </summary>
public sealed class LoadValidationException(string message) : TaskFailedException(message);
