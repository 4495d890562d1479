namespace DataEngineer.Core.Loading;

/// <summary>No loaded DAG (or task) has the id a user gave.</summary>
public sealed class UnknownDagException(string message) : Exception(message);
