namespace DataEngineer.Core.Storage;

/// <summary>How many rows of one metadata table an operation deleted.</summary>
public sealed record TableRows(string Table, long Rows);
