namespace DataEngineer.Sdk.Postgres;

/// <summary>A table or column name given to a helper is not a plain SQL identifier; the message says which and where.</summary>
public sealed class InvalidIdentifierException(string message) : ArgumentException(message);
