namespace DataEngineer.Bench.Infrastructure;

/// <summary>The calls of one store method: how many, and their summed wall time (lock waits included).</summary>
public sealed record StoreCallTotal(string Method, int Calls, TimeSpan Time);
