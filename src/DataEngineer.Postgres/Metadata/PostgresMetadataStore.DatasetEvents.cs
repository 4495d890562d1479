using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    private const string DatasetEventColumns = "e.id, e.dataset, e.dag_id, e.run_id, e.task_id, e.try_number, e.at";

    private const string InsertDatasetEvents = """
        INSERT INTO {schema}.dataset_events (dataset, dag_id, run_id, task_id, try_number, at)
        SELECT * FROM unnest(@dataset, @dag_id, @run_id, @task_id, @try_number, @at)
        ON CONFLICT ON CONSTRAINT dataset_events_try_key DO NOTHING
        """;

    private const string StartConsumers = """
        INSERT INTO {schema}.dataset_consumers (dag_id, events_after, started_at)
        SELECT d.dag_id, (SELECT coalesce(max(id), 0) FROM {schema}.dataset_events), now() FROM unnest(@dag_ids) AS d (dag_id)
        ON CONFLICT (dag_id) DO NOTHING
        RETURNING dag_id
        """;

    // One row per (consumer, dataset) it is scheduled on; the consumer's DAG id comes first.
    private const string SelectQueuedEvents = $$"""
        SELECT w.dag_id, {{DatasetEventColumns}}
        FROM unnest(@consumer_dag_ids, @consumer_datasets) AS w (dag_id, dataset)
        JOIN {schema}.dataset_consumers c ON c.dag_id = w.dag_id
        JOIN {schema}.dataset_events e ON e.dataset = w.dataset AND e.id > c.events_after
        WHERE NOT EXISTS (SELECT 1 FROM {schema}.dataset_triggers t WHERE t.dag_id = w.dag_id AND t.event_id = e.id)
        ORDER BY w.dag_id, e.id
        """;

    private const string InsertTriggers = """
        INSERT INTO {schema}.dataset_triggers (dag_id, event_id, run_id)
        SELECT @dag_id, event_id, @run_id FROM unnest(@event_ids) AS event_id
        """;

    private const string SelectRunTriggers = $$"""
        SELECT {{DatasetEventColumns}} FROM {schema}.dataset_triggers t JOIN {schema}.dataset_events e ON e.id = t.event_id
        WHERE t.dag_id = @dag_id AND t.run_id = @run_id
        ORDER BY e.id
        """;

    private const string SelectDatasetUpdates = $$"""
        SELECT {{DatasetEventColumns}} FROM {schema}.dataset_events e WHERE e.dataset = @dataset ORDER BY e.id DESC LIMIT @limit
        """;

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<DatasetEvent>>> ListQueuedDatasetEventsAsync(
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> consumers, CancellationToken ct = default)
    {
        var queues = consumers.Keys.ToDictionary(k => k, _ => new List<DatasetEvent>(), StringComparer.Ordinal);
        if (queues.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<DatasetEvent>>();
        }

        var pairs = consumers.SelectMany(c => c.Value.Select(d => (DagId: c.Key, Dataset: d))).ToList();
        await using var batch = _dataSource.CreateBatch();
        var start = new NpgsqlBatchCommand(Sql(StartConsumers));
        start.Parameters.AddTexts("dag_ids", consumers.Keys);
        batch.BatchCommands.Add(start);
        var select = new NpgsqlBatchCommand(Sql(SelectQueuedEvents));
        select.Parameters.AddTexts("consumer_dag_ids", pairs.Select(p => p.DagId));
        select.Parameters.AddTexts("consumer_datasets", pairs.Select(p => p.Dataset));
        batch.BatchCommands.Add(select);
        // RETURNING gives the insert a result (empty when every queue had started), so the events are the second one.
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            queues[reader.GetString(0)].Add(ReadDatasetEvent(reader, 1));
        }

        return queues.ToDictionary(q => q.Key, q => (IReadOnlyList<DatasetEvent>)q.Value, StringComparer.Ordinal);
    }

    public async Task CreateDatasetTriggeredRunAsync(DagRun run, IReadOnlyList<TaskInstance> tasks, IReadOnlyList<DatasetEvent> consumed, CancellationToken ct = default)
    {
        // The run is created by the same batch (one transaction) as the consumption: both happen or neither.
        await using var batch = _dataSource.CreateBatch();
        AddCreateRun(batch, run, tasks);
        var triggers = new NpgsqlBatchCommand(Sql(InsertTriggers));
        triggers.Parameters.AddText("dag_id", run.DagId);
        triggers.Parameters.AddText("run_id", run.RunId);
        triggers.Parameters.AddValue("event_ids", consumed.Select(e => e.Id).ToArray());
        batch.BatchCommands.Add(triggers);
        try
        {
            await ExecuteCreateRunAsync(batch, run, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "dataset_triggers_pkey")
        {
            throw new DuplicateRunException($"DAG '{run.DagId}' already consumed one of the dataset events {string.Join(", ", consumed.Select(c => c.Id))}.");
        }
    }

    public async Task<IReadOnlyList<DatasetEvent>> ListRunTriggersAsync(RunKey run, CancellationToken ct = default)
    {
        await using var command = Command(SelectRunTriggers);
        AddKey(command.Parameters, run);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadDatasetEventsAsync(reader, ct);
    }

    public async Task<IReadOnlyList<DatasetEvent>> ListDatasetUpdatesAsync(string dataset, int limit, CancellationToken ct = default)
    {
        await using var command = Command(SelectDatasetUpdates);
        command.Parameters.AddText("dataset", dataset);
        command.Parameters.AddValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadDatasetEventsAsync(reader, ct);
    }

    /// <summary>The statement that records a successful try's dataset updates with its end, or null when it has none.</summary>
    private NpgsqlBatchCommand? DatasetEventInsert(IReadOnlyList<DatasetEvent> events)
    {
        if (events.Count == 0)
        {
            return null;
        }

        var insert = new NpgsqlBatchCommand(Sql(InsertDatasetEvents));
        insert.Parameters.AddTexts("dataset", events.Select(e => e.Dataset));
        insert.Parameters.AddTexts("dag_id", events.Select(e => e.DagId));
        insert.Parameters.AddTexts("run_id", events.Select(e => e.RunId));
        insert.Parameters.AddTexts("task_id", events.Select(e => e.TaskId));
        insert.Parameters.AddValue("try_number", events.Select(e => e.TryNumber).ToArray());
        insert.Parameters.AddTimestamps("at", events.Select(e => (DateTimeOffset?)e.At));
        return insert;
    }

    private static async Task<IReadOnlyList<DatasetEvent>> ReadDatasetEventsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var events = new List<DatasetEvent>();
        while (await reader.ReadAsync(ct))
        {
            events.Add(ReadDatasetEvent(reader, 0));
        }

        return events;
    }

    // The DatasetEventColumns, starting at ordinal `first`.
    private static DatasetEvent ReadDatasetEvent(NpgsqlDataReader reader, int first) => new()
    {
        Id = reader.GetInt64(first),
        Dataset = reader.GetString(first + 1),
        DagId = reader.GetString(first + 2),
        RunId = reader.GetString(first + 3),
        TaskId = reader.GetString(first + 4),
        TryNumber = reader.GetInt32(first + 5),
        At = reader.GetFieldValue<DateTimeOffset>(first + 6),
    };
}
