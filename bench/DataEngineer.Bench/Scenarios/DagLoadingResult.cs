using DataEngineer.Bench.Reporting;
using DataEngineer.Execution.Loading;

namespace DataEngineer.Bench.Scenarios;

/// <summary>Loading a DAGs folder: cold and warm loads, file write to live, and memory over many reloads.</summary>
public sealed record DagLoadingResult
{
    public required int Files { get; init; }
    public required int DagsLoaded { get; init; }
    public required TimeSpan Cold { get; init; }
    public required TimeSpan WarmFromDiskCache { get; init; }
    public required TimeSpan RescanUnchanged { get; init; }
    public required Distribution WriteToLive { get; init; }
    public required int Reloads { get; init; }
    public required double ManagedMbBefore { get; init; }
    public required double ManagedMbAfter { get; init; }
    public required double WorkingSetMbBefore { get; init; }
    public required double WorkingSetMbAfter { get; init; }
    public required int ContextsStillAlive { get; init; }

    /// <summary>Where the warm load spent its time, phase by phase.</summary>
    public DagReloadTimes WarmPhases { get; init; } = DagReloadTimes.None;
}
