using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Creates the runs of dataset-scheduled DAGs (<see cref="DagOptions.ScheduleOn"/>). Each consuming DAG has a queue
/// of the update events of its datasets, started the first time a scheduler looks at it; when the queued events meet
/// the condition (all or any), one run is created that consumes every queued event, in the same transaction, so any
/// number of schedulers create exactly one run per satisfied condition. A paused DAG, or one at its MaxActiveRuns,
/// gets no run, but its events stay queued (as in Airflow) and are consumed together by the first run after.
/// </summary>
public sealed class DatasetTriggeredRuns(IDagStore dagStore, IRunQueries queries, IDatasetEventStore datasetEvents, TimeProvider time, ILogger<DatasetTriggeredRuns> logger)
{
    /// <summary>Creates the DAG's dataset-triggered run if its condition is met; returns it, or null.</summary>
    public async Task<DagRun?> CreateDueRunAsync(DagGraph graph, CancellationToken ct) => (await CreateDueRunsAsync([graph], ct)).SingleOrDefault();

    /// <summary>
    /// Creates the dataset-triggered run of each DAG whose condition is met; returns them. One read of every DAG's
    /// queue (the scheduler's idle cost per tick), then the checks and writes for the DAGs whose condition is met.
    /// </summary>
    public async Task<IReadOnlyList<DagRun>> CreateDueRunsAsync(IReadOnlyCollection<DagGraph> graphs, CancellationToken ct)
    {
        var consumers = graphs.Where(g => g.Options.ScheduleOn is { Datasets.Count: > 0 }).ToList();
        if (consumers.Count == 0)
        {
            return [];
        }

        // Read the queues first, paused or not: that starts a new DAG's queue, so updates while it is paused count.
        var queues = await datasetEvents.ListQueuedDatasetEventsAsync(
            consumers.ToDictionary(g => g.DagId, g => (IReadOnlyCollection<string>)g.Options.ScheduleOn!.Names, StringComparer.Ordinal), ct);
        var created = new List<DagRun>();
        foreach (var graph in consumers)
        {
            if (await CreateIfMetAsync(graph, graph.Options.ScheduleOn!, queues[graph.DagId], ct) is { } run)
            {
                created.Add(run);
            }
        }

        return created;
    }

    private async Task<DagRun?> CreateIfMetAsync(DagGraph graph, DatasetSchedule on, IReadOnlyList<DatasetEvent> queued, CancellationToken ct)
    {
        if (!IsMet(on, queued) || await dagStore.GetDagAsync(graph.DagId, ct) is not { IsPaused: false })
        {
            return null;
        }

        var active = (await queries.ListRunsAsync(graph.DagId, DagRunState.Queued, graph.Options.MaxActiveRuns, ct)).Count
                     + (await queries.ListRunsAsync(graph.DagId, DagRunState.Running, graph.Options.MaxActiveRuns, ct)).Count;
        if (active >= graph.Options.MaxActiveRuns)
        {
            return null;
        }

        // The logical date is the update that met the condition (the newest consumed), at the store's precision.
        var at = queued.Max(e => e.At);
        var now = time.GetUtcNow();
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.DatasetTriggered, new DataInterval(at, at), RunConf.Empty, now);
        try
        {
            await datasetEvents.CreateDatasetTriggeredRunAsync(run, tasks, queued, ct);
        }
        catch (DuplicateRunException e)
        {
            // Another scheduler consumed these events first; what is left, if anything, is read again on the next pass.
            logger.LogDebug("Dataset-triggered run of {Dag} not created: {Reason}", graph.DagId, e.Message);
            return null;
        }

        EngineTelemetry.RunCreated(run, at, now);
        logger.LogInformation("Created run {Run} {Condition}: consumed {Events}", run.Key, on,
            string.Join(", ", queued.Select(e => $"{e.Dataset} by {e.DagId}/{e.RunId}/{e.TaskId}#{e.TryNumber}")));
        return run;
    }

    private static bool IsMet(DatasetSchedule on, IReadOnlyList<DatasetEvent> queued) => on.Condition == DatasetCondition.Any
        ? queued.Count > 0
        : on.Datasets.All(d => queued.Any(e => e.Dataset == d.Name));
}
