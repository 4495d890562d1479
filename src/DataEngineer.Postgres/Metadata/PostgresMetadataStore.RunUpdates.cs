using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // The run row's lock serialises every update of the run. NO KEY: inserts of logs and XCom, whose foreign keys
    // take KEY SHARE on the run, need not wait for it. The task instances are read by a later statement, not joined
    // here: after waiting for the lock, READ COMMITTED re-reads only the locked row, so a joined read could return
    // the task states from before the previous holder's commit.
    private const string LockRun = $$"""
        SELECT {{DagRunRow.Columns}} FROM {schema}.dag_runs r WHERE r.dag_id = @dag_id AND r.run_id = @run_id FOR NO KEY UPDATE
        """;

    // Every task instance is locked too (in task id order, as the per-task path locks its scope), so a whole-run
    // decision waits for the per-task steps in flight and reads what they committed.
    private const string SelectRunTasks = $$"""
        SELECT {{TaskInstanceRow.Columns}} FROM {schema}.task_instances ti WHERE ti.dag_id = @dag_id AND ti.run_id = @run_id
        ORDER BY ti.task_id FOR NO KEY UPDATE
        """;

    private const string LockKey = "SELECT pg_advisory_xact_lock(@key)";

    // Literal states, so the planner can use the partial indexes on active rows.
    private const string SelectOccupancy = """
        SELECT
            (SELECT count(*) FROM {schema}.dag_runs WHERE dag_id = @dag_id AND state = 'running'),
            (SELECT count(*) FROM {schema}.task_instances WHERE dag_id = @dag_id AND state IN ('queued', 'running')),
            (SELECT count(*) FROM {schema}.task_instances WHERE pool = @pool AND state IN ('queued', 'running')),
            (SELECT slots FROM {schema}.pools WHERE name = @pool)
        """;

    private const string UpdateRun = $$"""
        UPDATE {schema}.dag_runs AS r SET {{DagRunRow.SetFields}}
        WHERE r.dag_id = @dag_id AND r.run_id = @run_id
        RETURNING {{DagRunRow.Columns}}
        """;

    public Task<RunSnapshot> UpdateRunAsync(RunKey key, Func<RunSnapshot, RunChanges> decide, CancellationToken ct = default) =>
        ConflictRetry.RunAsync(
            async () =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using var batch = new NpgsqlBatch(connection, transaction);
                AddLockAndReadRun(batch, key);
                RunSnapshot snapshot;
                await using (var reader = await batch.ExecuteReaderAsync(ct))
                {
                    snapshot = await ReadLockedRunAsync(reader, key, ct);
                }

                return await WriteAndCommitAsync(transaction, key, snapshot, decide(snapshot), ct);
            },
            ct);

    public Task<RunSnapshot> UpdateRunWithOccupancyAsync(RunKey key, string? pool, Func<RunSnapshot, Occupancy, RunChanges> decide, CancellationToken ct = default) =>
        ConflictRetry.RunAsync(
            async () =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using var batch = new NpgsqlBatch(connection, transaction);

                // Always the DAG's lock before the pool's, so two claims cannot each hold one and wait for the other.
                AddAdvisoryLock(batch, "dag:" + key.DagId);
                if (pool is not null)
                {
                    AddAdvisoryLock(batch, "pool:" + pool);
                }

                // The run is locked before counting, so the counts include what the run's previous updater committed.
                AddLockAndReadRun(batch, key);
                var occupancy = new NpgsqlBatchCommand(Sql(SelectOccupancy));
                occupancy.Parameters.AddText("dag_id", key.DagId);
                occupancy.Parameters.AddText("pool", pool);
                batch.BatchCommands.Add(occupancy);

                RunSnapshot snapshot;
                Occupancy counts;
                await using (var reader = await batch.ExecuteReaderAsync(ct))
                {
                    for (var locks = pool is null ? 1 : 2; locks > 0; locks--)
                    {
                        await reader.NextResultAsync(ct);
                    }

                    snapshot = await ReadLockedRunAsync(reader, key, ct);
                    await reader.NextResultAsync(ct);
                    await reader.ReadAsync(ct);
                    counts = new Occupancy(
                        (int)reader.GetInt64(0),
                        (int)reader.GetInt64(1),
                        pool is null ? 0 : (int)reader.GetInt64(2),
                        pool is null ? 0 : reader.IsDBNull(3) ? Pool.DefaultSlots : reader.GetInt32(3));
                }

                return await WriteAndCommitAsync(transaction, key, snapshot, decide(snapshot, counts), ct);
            },
            ct);

    private void AddAdvisoryLock(NpgsqlBatch batch, string name)
    {
        var command = new NpgsqlBatchCommand(LockKey);
        command.Parameters.AddValue("key", AdvisoryLockKey.For(_schema, name));
        batch.BatchCommands.Add(command);
    }

    private void AddLockAndReadRun(NpgsqlBatch batch, RunKey key)
    {
        var run = new NpgsqlBatchCommand(Sql(LockRun));
        AddKey(run.Parameters, key);
        batch.BatchCommands.Add(run);
        var tasks = new NpgsqlBatchCommand(Sql(SelectRunTasks));
        AddKey(tasks.Parameters, key);
        batch.BatchCommands.Add(tasks);
    }

    /// <summary>Reads the results of <see cref="AddLockAndReadRun"/>, the reader standing on the first.</summary>
    private static async Task<RunSnapshot> ReadLockedRunAsync(NpgsqlDataReader reader, RunKey key, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct))
        {
            throw new KeyNotFoundException($"No run {key}.");
        }

        var run = DagRunRow.Read(reader);
        await reader.NextResultAsync(ct);
        var tasks = new Dictionary<string, TaskInstance>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var task = TaskInstanceRow.Read(reader);
            tasks[task.TaskId] = task;
        }

        return new RunSnapshot(run, tasks);
    }

    /// <summary>Writes the changed task instances, their tries and the run in one round trip, then commits.</summary>
    private async Task<RunSnapshot> WriteAndCommitAsync(NpgsqlTransaction transaction, RunKey key, RunSnapshot snapshot, RunChanges changes, CancellationToken ct)
    {
        if (changes.IsEmpty)
        {
            await transaction.CommitAsync(ct);
            return snapshot;
        }

        // A task listed twice is written once, as its last entry, like a dictionary assignment would.
        var changed = changes.Tasks.GroupBy(t => t.TaskId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        if (changed.Count > 0)
        {
            batch.BatchCommands.Add(TaskInstanceRow.Upsert(_quotedSchema, key, changed));
        }

        if (changes.Run is { } run)
        {
            var update = new NpgsqlBatchCommand(Sql(UpdateRun));
            AddKey(update.Parameters, key);
            DagRunRow.AddFields(update.Parameters, run);
            batch.BatchCommands.Add(update);
        }

        var tries = changed.Select(t => t.ToTry()).OfType<TaskTry>().ToList();
        if (tries.Count > 0)
        {
            batch.BatchCommands.Add(TaskTryRow.Upsert(_quotedSchema, key, tries));
        }

        if (DatasetEventInsert(changes.DatasetEvents) is { } events)
        {
            batch.BatchCommands.Add(events);
        }

        foreach (var entry in changes.XCom)
        {
            batch.BatchCommands.Add(XComUpsert(entry));
        }

        foreach (var command in changes.Tail is { } tail ? TailCommands(tail) : [])
        {
            batch.BatchCommands.Add(command);
        }

        // The snapshot is built from what the statements returned: the values as stored (timestamps at microsecond
        // precision, JSON normalised), which is what every later read returns too.
        var tasks = new Dictionary<string, TaskInstance>(snapshot.Tasks, StringComparer.Ordinal);
        var written = snapshot.Run;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (changed.Count > 0)
            {
                while (await reader.ReadAsync(ct))
                {
                    var task = TaskInstanceRow.Read(reader);
                    tasks[task.TaskId] = task;
                }

                await reader.NextResultAsync(ct);
            }

            if (changes.Run is not null && await reader.ReadAsync(ct))
            {
                written = DagRunRow.Read(reader);
            }
        }

        await transaction.CommitAsync(ct);
        return new RunSnapshot(written, tasks);
    }
}
