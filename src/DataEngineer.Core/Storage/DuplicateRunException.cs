namespace DataEngineer.Core.Storage;

/// <summary>A run for that DAG and logical date (or with that run id) already exists.</summary>
public sealed class DuplicateRunException(string message) : Exception(message);
