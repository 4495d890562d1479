namespace DataEngineer.Host.Api;

/// <summary>One page of a list and how many items match in all.</summary>
internal sealed record ApiPage<T>(IReadOnlyList<T> Items, int TotalEntries, int Offset, int Limit);
