namespace DataEngineer.Core.Execution;

/// <summary>Runs for every scheduled interval whose logical date is in <c>[From, To]</c>, at most <c>MaxActiveRuns</c> at once.</summary>
public sealed record BackfillRequest(string DagId, DateTimeOffset From, DateTimeOffset To, Reprocess Reprocess, int MaxActiveRuns);
