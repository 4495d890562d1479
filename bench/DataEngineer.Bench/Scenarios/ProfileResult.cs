namespace DataEngineer.Bench.Scenarios;

/// <summary>Where the time goes: store calls per task on two workloads, and single-operation latencies.</summary>
public sealed record ProfileResult(IReadOnlyList<CallProfile> Workloads, IReadOnlyList<ProbeResult> Probes);
