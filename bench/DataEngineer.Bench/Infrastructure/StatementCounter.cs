using System.Diagnostics;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>
/// Counts the database commands this process sends, from Npgsql's tracing (<c>ActivitySource "Npgsql"</c>): one per
/// command, and one per batch however many statements it holds. The engine, Hangfire.PostgreSql and Quartz in this
/// process all go through Npgsql.
/// </summary>
public sealed class StatementCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private long _count;

    public StatementCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStopped = _ => Interlocked.Increment(ref _count),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
