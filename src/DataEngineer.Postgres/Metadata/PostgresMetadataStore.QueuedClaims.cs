using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // Another claim's row is skipped, not waited for: several workers drain one queue side by side. Its run is read in
    // the same statement: a claim that skips instead of waiting reads the rows as committed when it began. So is whether
    // another task of the queues is queued (by task_instances_queued_idx), one another claim holds included.
    private const string LockNextQueued = $$"""
        SELECT {{TaskInstanceRow.Columns}}, {{DagRunRow.Columns}},
            EXISTS (
                SELECT 1 FROM {schema}.task_instances o
                WHERE o.state = 'queued' AND o.queue = ANY(@queues)
                  AND (o.dag_id, o.run_id, o.task_id) <> (ti.dag_id, ti.run_id, ti.task_id))
        FROM {schema}.task_instances ti
        JOIN {schema}.dag_runs r ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id
        WHERE ti.state = 'queued' AND ti.queue = ANY(@queues)
        ORDER BY ti.priority_weight DESC, ti.queued_at
        LIMIT 1 FOR NO KEY UPDATE OF ti SKIP LOCKED
        """;

    private const string SelectStillQueued = $$"""
        SELECT {{TaskInstanceRow.Columns}} FROM {schema}.task_instances ti
        JOIN unnest(@dag_ids, @run_ids, @task_ids) AS k(dag_id, run_id, task_id)
          ON ti.dag_id = k.dag_id AND ti.run_id = k.run_id AND ti.task_id = k.task_id
        WHERE ti.state = 'queued'
        """;

    public async Task<IReadOnlyList<TaskInstance>> ListStillQueuedAsync(IReadOnlyCollection<TaskInstance> tasks, CancellationToken ct = default)
    {
        if (tasks.Count == 0)
        {
            return [];
        }

        await using var command = Command(SelectStillQueued);
        command.Parameters.AddTexts("dag_ids", tasks.Select(t => t.DagId));
        command.Parameters.AddTexts("run_ids", tasks.Select(t => t.RunId));
        command.Parameters.AddTexts("task_ids", tasks.Select(t => t.TaskId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var queued = new List<TaskInstance>();
        while (await reader.ReadAsync(ct))
        {
            queued.Add(TaskInstanceRow.Read(reader));
        }

        return queued;
    }

    public Task<ScopedSnapshot?> ClaimQueuedAsync(IReadOnlyCollection<string> queues, Func<ScopedSnapshot, RunChanges?> decide, CancellationToken ct = default) =>
        ConflictRetry.RunAsync(
            async () =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                TaskInstance task;
                DagRun run;
                bool more;
                await using (var next = new NpgsqlBatch(connection, transaction))
                {
                    AddProbesOnly(next);
                    var lockNext = new NpgsqlBatchCommand(Sql(LockNextQueued));
                    lockNext.Parameters.AddValue("queues", queues.ToArray());
                    next.BatchCommands.Add(lockNext);
                    await using var reader = await next.ExecuteReaderAsync(ct);
                    if (!await reader.ReadAsync(ct))
                    {
                        return null;
                    }

                    task = TaskInstanceRow.Read(reader);
                    run = DagRunRow.Read(reader, TaskInstanceRow.ColumnCount);
                    more = reader.GetBoolean(TaskInstanceRow.ColumnCount + DagRunRow.ColumnCount);
                }

                var tasks = new Dictionary<string, TaskInstance>(StringComparer.Ordinal) { [task.TaskId] = task };
                if (decide(new ScopedSnapshot(run, tasks, OthersWaiting: more, Spare: null)) is not { } changes)
                {
                    await transaction.RollbackAsync(ct);
                    return null;
                }

                var written = (await WriteAndCommitAsync(transaction, task.Run, new RunSnapshot(run, tasks), changes, ct))!;
                return (ScopedSnapshot?)new ScopedSnapshot(written.Run, written.Tasks, OthersWaiting: more, Spare: null);
            },
            ct);
}
