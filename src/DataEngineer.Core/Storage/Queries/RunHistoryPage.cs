namespace DataEngineer.Core.Storage;

/// <summary>A page of a DAG's runs with their task instances, and how many runs the DAG has.</summary>
public sealed record RunHistoryPage(IReadOnlyList<RunSnapshot> Runs, int Total);
