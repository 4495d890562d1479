namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// The metadata schema does not match this binary (migrations pending, a newer schema, an edited applied migration),
/// so the process must not use it; the message says which and what to run.
/// </summary>
public sealed class SchemaVersionException(string message) : Exception(message);
