namespace DataEngineer.Sdk;

/// <summary>The run conf given to a trigger is not valid for the DAG's params type.</summary>
public sealed class RunConfException(string message) : Exception(message);
