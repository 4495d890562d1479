using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Execution;

/// <summary>Triggering a DAG by hand: validates the conf and creates a queued manual run for the scheduler to start.</summary>
public static class ManualRuns
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    private const int MaxAttempts = 100;

    /// <summary>
    /// Creates the run. With a date, the run covers the first scheduled interval starting at or
    /// after it (as <c>dags test</c>); without, its logical date is now and its interval is empty
    /// (<c>[now, now]</c>), so each trigger is a distinct run.
    /// </summary>
    /// <exception cref="RunConfException">The conf does not fit the DAG's params.</exception>
    /// <exception cref="DuplicateRunException">The DAG already has a run for that logical date (only when a date is given).</exception>
    /// <exception cref="LogicalDateException">The date lies outside <see cref="LogicalDateRange"/>.</exception>
    public static async Task<DagRun> TriggerAsync(IRunStore store, DagGraph graph, string? confJson, DateTimeOffset? date, TimeProvider time, CancellationToken ct)
    {
        var conf = RunConf.Parse(confJson, graph.Definition.ParamsType);
        if (date is { } given)
        {
            LogicalDateRange.Check(given, "The logical date");
        }

        var now = time.GetUtcNow();
        if (date is { } at)
        {
            var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, graph.Timetable.ManualInterval(at), conf, now);
            await store.CreateRunAsync(run, tasks, ct);
            return run;
        }

        // Without a date each trigger is its own run: two in the same microsecond (the store's resolution) take the next one.
        var instant = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TicksPerMicrosecond, TimeSpan.Zero);
        for (var attempt = 1; ; attempt++)
        {
            var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(instant, instant), conf, now);
            try
            {
                await store.CreateRunAsync(run, tasks, ct);
                return run;
            }
            catch (DuplicateRunException) when (attempt < MaxAttempts)
            {
                instant = instant.AddTicks(TicksPerMicrosecond);
            }
        }
    }
}
