namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// Scenario 3: no-op jobs through Hangfire.PostgreSql alone. <c>Enqueue</c> is how long enqueueing all jobs took
/// (the server was already running them meanwhile); <c>Elapsed</c> runs from the first enqueue to the last job's run.
/// </summary>
public sealed record RawHangfireResult(int Jobs, int Workers, TimeSpan Enqueue, TimeSpan Elapsed)
{
    public double JobsPerSecond => Jobs / Elapsed.TotalSeconds;
}
