namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private readonly List<DatasetEvent> _datasetEvents = [];
    private readonly Dictionary<string, long> _consumerStarts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string DagId, long EventId), string> _datasetTriggers = [];

    public Task<IReadOnlyDictionary<string, IReadOnlyList<DatasetEvent>>> ListQueuedDatasetEventsAsync(
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> consumers, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var queues = new Dictionary<string, IReadOnlyList<DatasetEvent>>(StringComparer.Ordinal);
            foreach (var (consumerDagId, datasets) in consumers)
            {
                if (!_consumerStarts.TryGetValue(consumerDagId, out var after))
                {
                    after = _consumerStarts[consumerDagId] = _datasetEvents.Count == 0 ? 0 : _datasetEvents[^1].Id;
                }

                queues[consumerDagId] = _datasetEvents
                    .Where(e => e.Id > after && datasets.Contains(e.Dataset) && !_datasetTriggers.ContainsKey((consumerDagId, e.Id)))
                    .ToList();
            }

            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<DatasetEvent>>>(queues);
        }
    }

    public Task CreateDatasetTriggeredRunAsync(DagRun run, IReadOnlyList<TaskInstance> tasks, IReadOnlyList<DatasetEvent> consumed, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (consumed.FirstOrDefault(e => _datasetTriggers.ContainsKey((run.DagId, e.Id))) is { } taken)
            {
                throw new DuplicateRunException($"DAG '{run.DagId}' already consumed the dataset event {taken.Id}.");
            }

            // System.Threading.Lock is re-entrant: the run and the consumption are recorded under one hold of it.
            CreateRunAsync(run, tasks, ct).GetAwaiter().GetResult();
            foreach (var e in consumed)
            {
                _datasetTriggers[(run.DagId, e.Id)] = run.RunId;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DatasetEvent>> ListRunTriggersAsync(RunKey run, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DatasetEvent> events = _datasetEvents.Where(e => _datasetTriggers.GetValueOrDefault((run.DagId, e.Id)) == run.RunId).ToList();
            return Task.FromResult(events);
        }
    }

    public Task<IReadOnlyList<DatasetEvent>> ListDatasetUpdatesAsync(string dataset, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DatasetEvent> events = _datasetEvents.Where(e => e.Dataset == dataset).Reverse().Take(limit).ToList();
            return Task.FromResult(events);
        }
    }

    private void RecordDatasetEvents(IReadOnlyList<DatasetEvent> events)
    {
        foreach (var e in events.Where(e => !_datasetEvents.Any(known =>
                     (known.Dataset, known.DagId, known.RunId, known.TaskId, known.TryNumber) == (e.Dataset, e.DagId, e.RunId, e.TaskId, e.TryNumber))))
        {
            _datasetEvents.Add(e with { Id = _datasetEvents.Count + 1 });
        }
    }
}
