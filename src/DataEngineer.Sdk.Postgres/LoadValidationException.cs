namespace DataEngineer.Sdk.Postgres;

/// <summary>The staged rows failed validation (a null or repeated key) or the counts did not add up; nothing was loaded.</summary>
public sealed class LoadValidationException(string message) : InvalidOperationException(message);
