namespace DataEngineer.Core.Execution;

/// <summary>A backfill request that cannot be carried out; the message says why and how to fix it.</summary>
public sealed class BackfillException(string message) : Exception(message);
