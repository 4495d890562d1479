using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>The latency of one store operation, called alone and back to back.</summary>
public sealed record ProbeResult(string Operation, Distribution Latency);
