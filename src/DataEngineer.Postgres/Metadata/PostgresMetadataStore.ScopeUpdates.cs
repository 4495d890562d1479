using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // Task instances of a run by id: one probe of the primary key per id, however big the run. The run's key comes in
    // through the join, never as a condition of its own: the planner estimates the rows of a run it has no statistics of
    // (any run newer than the table's last ANALYZE) at one, so given `dag_id = @dag_id AND run_id = @run_id` it may walk
    // all of the run's rows to find the few it wants, and a step's cost then grows with the size of its run.
    private const string RunTasksByKey = """
        FROM unnest(@dag_ids, @run_ids, @task_ids) AS k(dag_id, run_id, task_id)
        JOIN {schema}.task_instances ti ON ti.dag_id = k.dag_id AND ti.run_id = k.run_id AND ti.task_id = k.task_id
        """;

    // Locked in task id order, so two steps sharing task instances take them in the same order and cannot deadlock.
    private const string LockScopeTasks = $"SELECT {TaskInstanceRow.Columns} {RunTasksByKey} ORDER BY ti.task_id FOR NO KEY UPDATE OF ti";

    // A later statement than the locks: after waiting for one, it sees what the holder committed.
    private const string SelectScopeTasks = $"SELECT {TaskInstanceRow.Columns} {RunTasksByKey}";

    // Whether task instances of the run other than the locked ones wait to run.
    private const string OthersWaiting = """
        EXISTS (
            SELECT 1 FROM {schema}.task_instances
            WHERE dag_id = @dag_id AND run_id = @run_id AND state IN ('scheduled', 'queued', 'up_for_retry') AND task_id <> ALL(@locked))
        """;

    // The run and whether others wait, in one statement; with a claim's limits, also the occupancy (no lock on the
    // limits: the counters as committed now, read after the task locks).
    private const string SelectScopeRun = $$"""
        SELECT {{DagRunRow.Columns}}, {{OthersWaiting}} FROM {schema}.dag_runs r WHERE r.dag_id = @dag_id AND r.run_id = @run_id
        """;

    private const string SelectScopeRunWithOccupancy = $$"""
        SELECT {{DagRunRow.Columns}}, {{OthersWaiting}}, {{OccupancyColumns}} FROM {schema}.dag_runs r WHERE r.dag_id = @dag_id AND r.run_id = @run_id
        """;

    // The next ready task of the run for this slot; one another step holds is skipped, not waited for. Sent with sorts
    // disabled around it (SortsOff, SortsOn): the only order then left is the ready index's walk, which stops at the first
    // task it can take. With a sort allowed, the planner, estimating a run it has no statistics of at one row, may read
    // all of the run's ready tasks (by task_instances_state_idx, or the run's primary key) to sort them for every step.
    private const string SortsOff = "SET LOCAL enable_sort = off";

    private const string SortsOn = "SET LOCAL enable_sort = on";

    private const string LockSpare = $$"""
        SELECT {{TaskInstanceRow.Columns}} FROM {schema}.task_instances ti
        WHERE ti.dag_id = @dag_id AND ti.run_id = @run_id AND ti.state = 'scheduled'
          AND ti.pool = @pool AND ti.queue = ANY(@queues) AND ti.task_id <> ALL(@locked)
        ORDER BY ti.priority_weight DESC, ti.task_id
        LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED
        """;

    public async Task<ScopedSnapshot?> UpdateScopeAsync(RunKey key, TaskScope scope, Func<ScopedSnapshot, RunChanges?> decide, CancellationToken ct = default)
    {
        var limits = scope.LimitsOfPool is { } pool ? new ClaimLimits(pool, MaxActiveTasks: scope.MaxActiveTasks) : null;
        var full = default(SlotsFull);
        for (var decision = 0; decision < SlotGuard.MaxDecisions; decision++)
        {
            var check = limits is null ? null : new SlotCheck(limits);
            var (done, result) = await ConflictRetry.RunAsync(() => UpdateScopeOnceAsync(key, scope, decide, check, full, ct), ct);
            if (done)
            {
                return result;
            }

            full = full.Or(check!.Broken);
        }

        throw new InvalidOperationException($"The decision for run {key} kept exceeding its limits after {SlotGuard.MaxDecisions} decisions.");
    }

    // One transaction: true and what was written (null if decide wrote nothing), or false if the write broke a limit.
    private async Task<(bool Done, ScopedSnapshot? Written)> UpdateScopeOnceAsync(
        RunKey key, TaskScope scope, Func<ScopedSnapshot, RunChanges?> decide, SlotCheck? check, SlotsFull full, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var locked = scope.Locked.ToArray();
        AddProbesOnly(batch);
        batch.BatchCommands.Add(RunTasksCommand(LockScopeTasks, key, locked));
        // A chain's or a fan-out's step reads nothing it does not lock: no statement for an empty read.
        if (scope.Read.Count > 0)
        {
            batch.BatchCommands.Add(RunTasksCommand(SelectScopeTasks, key, scope.Read));
        }

        AddScoped(batch, check is null ? SelectScopeRun : SelectScopeRunWithOccupancy, key, command =>
        {
            command.Parameters.AddValue("locked", locked);
            if (check is not null)
            {
                command.Parameters.AddText("pool", check.Limits.Pool);
            }
        });
        if (scope.Spare is { } spare)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SortsOff));
            AddScoped(batch, LockSpare, key, command =>
            {
                command.Parameters.AddValue("locked", locked);
                command.Parameters.AddText("pool", spare.Pool);
                command.Parameters.AddValue("queues", spare.Queues.ToArray());
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SortsOn));
        }

        ScopedSnapshot scoped;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            scoped = await ReadScopeAsync(reader, key, scope, ct);
        }

        if (check is not null)
        {
            scoped = scoped with { Occupancy = SlotGuard.Full(scoped.Occupancy!, check.Limits, full) };
        }

        if (decide(scoped) is not { } changes)
        {
            await transaction.RollbackAsync(ct);
            return (true, null);
        }

        if (changes.Run is not null)
        {
            throw new InvalidOperationException("A scoped update cannot change the run; use UpdateRunAsync.");
        }

        var tasks = new Dictionary<string, TaskInstance>(scoped.Tasks, StringComparer.Ordinal);
        if (scoped.Spare is { } found)
        {
            tasks[found.TaskId] = found;
        }

        var before = new RunSnapshot(scoped.Run, tasks);
        if (check is not null)
        {
            check.Growth = SlotGuard.Growth(before, changes, check.Limits.Pool);
        }

        if (await WriteAndCommitAsync(transaction, key, before, changes, ct, check) is not { } written)
        {
            return (false, null);
        }

        var scopedTasks = written.Tasks.Where(t => scoped.Tasks.ContainsKey(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        return (true, scoped with
        {
            Tasks = scopedTasks,
            Spare = scoped.Spare is null ? null : written.Tasks[scoped.Spare.TaskId],
        });
    }

    private void AddScoped(NpgsqlBatch batch, string sql, RunKey key, Action<NpgsqlBatchCommand> parameters)
    {
        var command = new NpgsqlBatchCommand(Sql(sql));
        AddKey(command.Parameters, key);
        parameters(command);
        batch.BatchCommands.Add(command);
    }

    private NpgsqlBatchCommand RunTasksCommand(string sql, RunKey key, IReadOnlyCollection<string> taskIds)
    {
        var command = new NpgsqlBatchCommand(Sql(sql));
        command.Parameters.AddRunTasks(key, taskIds);
        return command;
    }

    /// <summary>Reads the results of the statements <see cref="UpdateScopeAsync"/> sent, in their order.</summary>
    private static async Task<ScopedSnapshot> ReadScopeAsync(NpgsqlDataReader reader, RunKey key, TaskScope scope, CancellationToken ct)
    {
        var tasks = new Dictionary<string, TaskInstance>(StringComparer.Ordinal);
        for (var set = 0; set < (scope.Read.Count > 0 ? 2 : 1); set++)
        {
            while (await reader.ReadAsync(ct))
            {
                var task = TaskInstanceRow.Read(reader);
                tasks[task.TaskId] = task;
            }

            await reader.NextResultAsync(ct);
        }

        if (!await reader.ReadAsync(ct))
        {
            throw new KeyNotFoundException($"No run {key}.");
        }

        var run = DagRunRow.Read(reader);
        var waiting = reader.GetBoolean(DagRunRow.ColumnCount);
        var occupancy = scope.LimitsOfPool is null ? null : ReadOccupancy(reader, scope.LimitsOfPool, DagRunRow.ColumnCount + 1);
        TaskInstance? spare = null;
        if (scope.Spare is not null)
        {
            // The statement that disables sorts returns no rows: the reader passes it by.
            await reader.NextResultAsync(ct);
            spare = await reader.ReadAsync(ct) ? TaskInstanceRow.Read(reader) : null;
        }

        return new ScopedSnapshot(run, tasks, waiting, spare) { Occupancy = occupancy };
    }
}
