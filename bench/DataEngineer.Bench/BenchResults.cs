using DataEngineer.Bench.Infrastructure;
using DataEngineer.Bench.Reporting;
using DataEngineer.Bench.Scenarios;
using DataEngineer.Bench.Ui;

namespace DataEngineer.Bench;

/// <summary>Everything one benchmark run measured; a scenario that was not selected stays null.</summary>
public sealed record BenchResults
{
    public required DateTimeOffset StartedAt { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required int Concurrency { get; init; }
    public required MachineFacts Machine { get; init; }

    /// <summary>The 1-minute load average when the scenarios began (it still counts the build and the server start).</summary>
    public required double LoadAverageAtStart { get; init; }

    /// <summary>CPU spent during the scenarios, by the benchmark, its PostgreSQL and everything else on the machine.</summary>
    public required CpuSample Cpu { get; init; }

    public HandoffResult? Handoff { get; init; }
    public IReadOnlyList<ThroughputResult>? Throughput { get; init; }
    public RawHangfireResult? RawHangfire { get; init; }
    public CrossProcessResult? CrossProcess { get; init; }
    public ProfileResult? Profile { get; init; }
    public DagLoadingResult? Loading { get; init; }
    public QualityResult? Quality { get; init; }
    public UiRenderResult? UiRender { get; init; }
    public StandaloneMemoryResult? StandaloneMemory { get; init; }
    public CatchupResult? Catchup { get; init; }
    public LogLatencyResult? LogLatency { get; init; }
    public IReadOnlyList<ScalingResult>? Scaling { get; init; }
    public IdleTransactionsResult? Idle { get; init; }
}
