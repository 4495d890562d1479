using DataEngineer.Core.States;
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

    // The limits' occupancy: counters the triggers of migration 0024 keep in the statement that changes a state. Read
    // without a lock to decide; read again after the write, under the counter rows' locks the write took, to hold the
    // limits (SlotGuard). The column names mark the guard's result among the write batch's results.
    private const string OccupancyColumns = """
        coalesce((SELECT used FROM {schema}.slot_counters WHERE kind = 'dag_runs' AND key = @dag_id), 0) AS slots_dag_runs,
        coalesce((SELECT used FROM {schema}.slot_counters WHERE kind = 'dag_tasks' AND key = @dag_id), 0) AS slots_dag_tasks,
        coalesce((SELECT used FROM {schema}.slot_counters WHERE kind = 'pool' AND key = @pool), 0) AS slots_pool,
        (SELECT slots FROM {schema}.pools WHERE name = @pool) AS slots_pool_slots
        """;

    private const string SelectOccupancy = $"SELECT {OccupancyColumns}";

    private const string UpdateRun = $$"""
        UPDATE {schema}.dag_runs AS r SET {{DagRunRow.SetFields}}
        WHERE r.dag_id = @dag_id AND r.run_id = @run_id
        RETURNING {{DagRunRow.Columns}}
        """;

    // A run's update finds its task instances by key (RunTasksByKey, TaskInstanceRow's update): each must be an index
    // probe, whatever the planner knows of the table. PostgreSQL keeps a prepared statement's generic plan until the
    // table's next ANALYZE or VACUUM, and a plan made while the table was small (a hash join over a scan of the whole
    // table, the cheapest then) reads the whole table on every step once it is big. There are no plan hints: the plans
    // that read a whole table are turned off for the transaction instead, as its first statements (no round trip of
    // their own; they return no rows, so the reader passes them by). Every transaction that writes task instances
    // starts with them, so each statement's cached plan is made under them. And that cached plan is used from the first
    // execution on: left to choose, PostgreSQL plans a prepared statement afresh for its parameters on its first five
    // executions and whenever the generic plan looks dearer, and planning the step's statements took a sixth of the
    // database's CPU per task (perf, the bench's AIP-15 shapes); with probes only, the generic plan is the one wanted.
    private static readonly string[] ProbesOnly =
    [
        "SET LOCAL enable_seqscan = off", "SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off",
        "SET LOCAL plan_cache_mode = force_generic_plan",
    ];

    private static void AddProbesOnly(NpgsqlBatch batch)
    {
        foreach (var setting in ProbesOnly)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
        }
    }

    public Task<RunSnapshot> UpdateRunAsync(RunKey key, Func<RunSnapshot, RunChanges> decide, CancellationToken ct = default) =>
        ConflictRetry.RunAsync(
            async () =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using var batch = new NpgsqlBatch(connection, transaction);
                AddProbesOnly(batch);
                AddLockAndReadRun(batch, key);
                RunSnapshot snapshot;
                await using (var reader = await batch.ExecuteReaderAsync(ct))
                {
                    snapshot = await ReadLockedRunAsync(reader, key, ct);
                }

                return (await WriteAndCommitAsync(transaction, key, snapshot, decide(snapshot), ct))!;
            },
            ct);

    public async Task<RunSnapshot> UpdateRunWithOccupancyAsync(RunKey key, ClaimLimits limits, Func<RunSnapshot, Occupancy, RunChanges> decide, CancellationToken ct = default)
    {
        var full = default(SlotsFull);
        for (var decision = 0; decision < SlotGuard.MaxDecisions; decision++)
        {
            var check = new SlotCheck(limits);
            var written = await ConflictRetry.RunAsync(
                async () =>
                {
                    await using var connection = await _dataSource.OpenConnectionAsync(ct);
                    await using var transaction = await connection.BeginTransactionAsync(ct);
                    await using var batch = new NpgsqlBatch(connection, transaction);

                    // No lock on the limits: the run's lock, then the counters as committed now.
                    AddProbesOnly(batch);
                    AddLockAndReadRun(batch, key);
                    batch.BatchCommands.Add(OccupancyCommand(key.DagId, limits.Pool));

                    RunSnapshot snapshot;
                    Occupancy counts;
                    await using (var reader = await batch.ExecuteReaderAsync(ct))
                    {
                        snapshot = await ReadLockedRunAsync(reader, key, ct);
                        await reader.NextResultAsync(ct);
                        await reader.ReadAsync(ct);
                        counts = ReadOccupancy(reader, limits.Pool);
                    }

                    var changes = decide(snapshot, SlotGuard.Full(counts, limits, full));
                    check.Growth = SlotGuard.Growth(snapshot, changes, limits.Pool);
                    return await WriteAndCommitAsync(transaction, key, snapshot, changes, ct, check);
                },
                ct);
            if (written is not null)
            {
                return written;
            }

            full = full.Or(check.Broken);
        }

        throw new InvalidOperationException($"The decision for run {key} kept exceeding its limits after {SlotGuard.MaxDecisions} decisions.");
    }

    private NpgsqlBatchCommand OccupancyCommand(string dagId, string? pool)
    {
        var occupancy = new NpgsqlBatchCommand(Sql(SelectOccupancy));
        occupancy.Parameters.AddText("dag_id", dagId);
        occupancy.Parameters.AddText("pool", pool);
        return occupancy;
    }

    private static Occupancy ReadOccupancy(NpgsqlDataReader reader, string? pool, int first = 0) => new(
        reader.GetInt32(first),
        reader.GetInt32(first + 1),
        pool is null ? 0 : reader.GetInt32(first + 2),
        pool is null ? 0 : reader.IsDBNull(first + 3) ? Pool.DefaultSlots : reader.GetInt32(first + 3));

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

    /// <summary>
    /// Writes the changed task instances, their tries and the run, and commits, in one round trip. With a
    /// <paramref name="check"/> whose write grows an occupancy, the same round trip reads the counters after the write
    /// (the write's triggers hold their rows' locks until the commit, so no other claim can change them in between):
    /// if the write broke a limit it grew, it is rolled back and null returned (<see cref="SlotCheck.Broken"/>).
    /// </summary>
    private async Task<RunSnapshot?> WriteAndCommitAsync(NpgsqlTransaction transaction, RunKey key, RunSnapshot snapshot, RunChanges changes, CancellationToken ct, SlotCheck? check = null) =>
        (await WriteAndCommitAsync(transaction, [new RunWrite(key, snapshot, changes)], ct, check))?[0];

    /// <summary>
    /// Writes <paramref name="writes"/> and commits, in one round trip, as the one-write overload does; returns each
    /// write's run as written, in order. The task instances of all writes are changed by one statement, so a task
    /// instance may appear in one write only.
    /// </summary>
    private async Task<IReadOnlyList<RunSnapshot>?> WriteAndCommitAsync(NpgsqlTransaction transaction, IReadOnlyList<RunWrite> writes, CancellationToken ct, SlotCheck? check = null)
    {
        if (writes.All(w => w.Changes.IsEmpty))
        {
            await transaction.CommitAsync(ct);
            return writes.Select(w => w.Before).ToList();
        }

        // A task listed twice in a write is written once, as its last entry, like a dictionary assignment would.
        var changed = writes.Select(w => w.Changes.Tasks.GroupBy(t => t.TaskId, StringComparer.Ordinal).Select(g => g.Last()).ToList()).ToList();
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);

        // The rows read under this transaction's locks exist: updated in place, all writes' in one statement. Others (a
        // mapped task's new instances) are inserted, or replace a row the snapshot did not include.
        var owner = new Dictionary<(RunKey, string), int>();
        var existing = new List<(RunKey Run, TaskInstance Task)>();
        for (var index = 0; index < writes.Count; index++)
        {
            foreach (var task in changed[index].Where(t => writes[index].Before.Tasks.ContainsKey(t.TaskId)))
            {
                if (!owner.TryAdd((writes[index].Key, task.TaskId), index))
                {
                    throw new InvalidOperationException($"Task instance {task.TaskId} of run {writes[index].Key} is changed by two writes of one transaction.");
                }

                existing.Add((writes[index].Key, task));
            }
        }

        var added = writes.Select((w, index) => changed[index].Where(t => !w.Before.Tasks.ContainsKey(t.TaskId)).ToList()).ToList();
        if (existing.Count > 0)
        {
            batch.BatchCommands.Add(TaskInstanceRow.Update(_quotedSchema, existing));
        }

        for (var index = 0; index < writes.Count; index++)
        {
            if (added[index].Count > 0)
            {
                batch.BatchCommands.Add(TaskInstanceRow.Upsert(_quotedSchema, writes[index].Key, added[index]));
            }
        }

        foreach (var write in writes.Where(w => w.Changes.Run is not null))
        {
            var update = new NpgsqlBatchCommand(Sql(UpdateRun));
            AddKey(update.Parameters, write.Key);
            DagRunRow.AddFields(update.Parameters, write.Changes.Run!);
            batch.BatchCommands.Add(update);
        }

        for (var index = 0; index < writes.Count; index++)
        {
            AddRecords(batch, writes[index], changed[index]);
        }

        var guarded = check is not null && check.Growth.Grows;
        if (guarded)
        {
            batch.BatchCommands.Add(OccupancyCommand(writes[0].Key.DagId, check!.Limits.Pool));
        }

        // A finished run reopened (a clear) is queued again: announced with the commit, as a new queued run is.
        if (writes.Any(w => w.Changes.Run is { State: DagRunState.Queued } && w.Before.Run.State != DagRunState.Queued))
        {
            batch.BatchCommands.Add(PostgresQueuedRunListener.Notify(_schema));
        }

        // Tasks that became queued are announced with the commit to the workers of their queues, beside the dispatcher's wake-up.
        var queues = writes.SelectMany((w, index) => changed[index]
                .Where(t => t.State == TaskInstanceState.Queued && w.Before.Tasks.GetValueOrDefault(t.TaskId)?.State != TaskInstanceState.Queued))
            .Select(t => t.Queue).Distinct(StringComparer.Ordinal).ToArray();
        if (queues.Length > 0)
        {
            batch.BatchCommands.Add(PostgresQueuedTaskListener.Notify(_schema, queues));
        }

        // A write no limit guards commits in its own round trip: nothing read back can undo it. (A guarded one reads the
        // counters after the write first, and commits or rolls back on what they say.) Npgsql then knows the
        // transaction completed, so disposing it does nothing.
        if (!guarded)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        // The snapshots are built from what the statements returned: the values as stored (timestamps at microsecond
        // precision, JSON normalised), which is what every later read returns too.
        var tasks = writes.Select(w => new Dictionary<string, TaskInstance>(w.Before.Tasks, StringComparer.Ordinal)).ToList();
        var runs = writes.Select(w => w.Before.Run).ToList();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (existing.Count > 0)
            {
                var returned = 0;
                for (; await reader.ReadAsync(ct); returned++)
                {
                    var task = TaskInstanceRow.Read(reader);
                    tasks[owner[(new RunKey(task.DagId, task.RunId), task.TaskId)]][task.TaskId] = task;
                }

                // The snapshot's rows are locked by this transaction or read in it; none can vanish but by the run's
                // deletion (what this write committed goes with the run).
                if (returned < existing.Count)
                {
                    throw new KeyNotFoundException($"Task instances of run {writes[0].Key} were deleted while being updated.");
                }

                await reader.NextResultAsync(ct);
            }

            for (var index = 0; index < writes.Count; index++)
            {
                if (added[index].Count == 0)
                {
                    continue;
                }

                var returned = 0;
                for (; await reader.ReadAsync(ct); returned++)
                {
                    var task = TaskInstanceRow.Read(reader);
                    tasks[index][task.TaskId] = task;
                }

                if (returned < added[index].Count)
                {
                    throw new KeyNotFoundException($"Task instances of run {writes[index].Key} were deleted while being updated.");
                }

                await reader.NextResultAsync(ct);
            }

            for (var index = 0; index < writes.Count; index++)
            {
                if (writes[index].Changes.Run is null)
                {
                    continue;
                }

                if (await reader.ReadAsync(ct))
                {
                    runs[index] = DagRunRow.Read(reader);
                }

                await reader.NextResultAsync(ct);
            }

            if (guarded)
            {
                while (reader.FieldCount == 0 || reader.GetName(0) != "slots_dag_runs")
                {
                    if (!await reader.NextResultAsync(ct))
                    {
                        throw new InvalidOperationException("The write's batch returned no occupancy.");
                    }
                }

                await reader.ReadAsync(ct);
                check!.Broken = SlotGuard.Broken(ReadOccupancy(reader, check.Limits.Pool), check.Limits, check.Growth);
            }
        }

        if (check is { Broken.Any: true })
        {
            await transaction.RollbackAsync(ct);
            return null;
        }

        if (guarded)
        {
            await transaction.CommitAsync(ct);
        }

        return writes.Select((_, index) => new RunSnapshot(runs[index], tasks[index])).ToList();
    }

    // The records of a write beside its task instances: its tries, dataset events, XCom and the try's tail.
    private void AddRecords(NpgsqlBatch batch, RunWrite write, IReadOnlyList<TaskInstance> changed)
    {
        var tries = changed.Select(t => t.ToTry()).OfType<TaskTry>().ToList();
        if (tries.Count > 0)
        {
            batch.BatchCommands.Add(TaskTryRow.Upsert(_quotedSchema, write.Key, tries));
        }

        if (DatasetEventInsert(write.Changes.DatasetEvents) is { } events)
        {
            batch.BatchCommands.Add(events);
        }

        foreach (var entry in write.Changes.XCom)
        {
            batch.BatchCommands.Add(XComUpsert(entry));
        }

        foreach (var command in write.Changes.Tail is { } tail ? TailCommands(tail) : [])
        {
            batch.BatchCommands.Add(command);
        }
    }
}

/// <summary>What a claim's write must hold (<see cref="SlotGuard"/>): its limits, how much it grows them, and what it broke.</summary>
internal sealed class SlotCheck(ClaimLimits limits)
{
    public ClaimLimits Limits { get; } = limits;

    public SlotGrowth Growth { get; set; }

    public SlotsFull Broken { get; set; }
}
