namespace DataEngineer.Core.Storage;

/// <summary>
/// Dataset update events and their consumption by dataset-scheduled DAGs. Events are written with the successful
/// end of the try that produced them (<see cref="RunChanges.DatasetEvents"/>), in the same transaction.
/// </summary>
public interface IDatasetEventStore
{
    /// <summary>
    /// For each consumer (a DAG id with the datasets it is scheduled on), the events of its datasets it has not consumed
    /// yet, oldest first; every consumer is in the answer, with an empty list when nothing is queued. The first call
    /// for a consumer starts its queue: only events recorded after it count. One round trip for all of them.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<DatasetEvent>>> ListQueuedDatasetEventsAsync(
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> consumers, CancellationToken ct = default);

    /// <summary>
    /// Creates a dataset-triggered run and marks <paramref name="consumed"/> as consumed by its DAG, all or nothing.
    /// </summary>
    /// <exception cref="DuplicateRunException">Another scheduler consumed one of the events first, or the run exists.</exception>
    Task CreateDatasetTriggeredRunAsync(DagRun run, IReadOnlyList<TaskInstance> tasks, IReadOnlyList<DatasetEvent> consumed, CancellationToken ct = default);

    /// <summary>The events that triggered a run (its producing tries), oldest first; empty for other runs.</summary>
    Task<IReadOnlyList<DatasetEvent>> ListRunTriggersAsync(RunKey run, CancellationToken ct = default);

    /// <summary>A dataset's update events, newest first.</summary>
    Task<IReadOnlyList<DatasetEvent>> ListDatasetUpdatesAsync(string dataset, int limit, CancellationToken ct = default);
}
