namespace DataEngineer.Bench.Infrastructure;

/// <summary>How often one table was scanned (sequential + index scans) and how many rows were written to it in a window.</summary>
public sealed record TableActivity(string Table, long Scans, long Writes);
