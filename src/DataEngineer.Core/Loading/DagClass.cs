namespace DataEngineer.Core.Loading;

/// <summary>A DAG class to build, and where it came from (its file, or its class name), as import errors name it.</summary>
public sealed record DagClass(Type Type, string Source);
