using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// A 365-day catchup: how many runs, how many succeeded, the time from the first run created to the last one finished,
/// and where that time went: each run's wait to start (<see cref="CreatedToStarted"/>), its own duration
/// (<see cref="StartedToEnded"/>), how long a freed run slot stayed empty (<see cref="SlotRefill"/>: a run's creation
/// minus the end of the run whose slot it took), how many runs were active on average, and the database work per run.
/// </summary>
public sealed record CatchupResult(int Days, int MaxActiveRuns, int Runs, int Succeeded, TimeSpan FirstCreatedToLastEnded, TimeSpan EngineStartToLastEnded)
{
    public Distribution CreatedToStarted { get; init; } = Distribution.Of([]);

    public Distribution StartedToEnded { get; init; } = Distribution.Of([]);

    public Distribution SlotRefill { get; init; } = Distribution.Of([]);

    public double MeanActiveRuns { get; init; }

    /// <summary>The metadata database's transactions (engine, Hangfire, Quartz and the benchmark's polling) per run.</summary>
    public double TransactionsPerRun { get; init; }

    /// <summary>Hangfire jobs created per run (each a task handed to the queue rather than taken by the worker that made it ready).</summary>
    public double HangfireJobsPerRun { get; init; }
}
