using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Execution;

/// <summary>Triggering a DAG by hand: validates the conf and creates a queued manual run for the scheduler to start.</summary>
public static class ManualRuns
{
    /// <summary>
    /// Creates the run. With a date, the run covers the first scheduled interval starting at or
    /// after it (as <c>dags test</c>); without, its logical date is now and its interval is empty
    /// (<c>[now, now]</c>), so each trigger is a distinct run.
    /// </summary>
    /// <exception cref="RunConfException">The conf does not fit the DAG's params.</exception>
    /// <exception cref="DuplicateRunException">The DAG already has a run for that logical date.</exception>
    /// <exception cref="LogicalDateException">The date lies outside <see cref="LogicalDateRange"/>.</exception>
    public static async Task<DagRun> TriggerAsync(IRunStore store, DagGraph graph, string? confJson, DateTimeOffset? date, TimeProvider time, CancellationToken ct)
    {
        var conf = RunConf.Parse(confJson, graph.Definition.ParamsType);
        if (date is { } given)
        {
            LogicalDateRange.Check(given, "The logical date");
        }

        var now = time.GetUtcNow();
        var interval = date is { } at ? graph.Timetable.ManualInterval(at) : new DataInterval(now, now);
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, interval, conf, now);
        await store.CreateRunAsync(run, tasks, ct);
        return run;
    }
}
