namespace DataEngineer.Bench.Scenarios;

/// <summary>The real host in standalone mode on a folder of generated DAGs: time to ready and memory once idle, after a cold start and after a restart.</summary>
public sealed record StandaloneMemoryResult
{
    public required int Dags { get; init; }

    /// <summary>Start (compiling every file) to /health/ready answering 200.</summary>
    public required TimeSpan ColdReady { get; init; }

    public required ProcessMemory ColdIdle { get; init; }

    /// <summary>Restart (every unit from the compiled-unit cache) to /health/ready answering 200.</summary>
    public required TimeSpan WarmReady { get; init; }

    public required ProcessMemory WarmIdle { get; init; }

    /// <summary>CPU the idle process used, in % of one core, over the window memory was read after.</summary>
    public required double IdleCpuPercent { get; init; }
}
