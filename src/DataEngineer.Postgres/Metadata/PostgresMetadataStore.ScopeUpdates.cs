using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // Task instances by key: one probe of the primary key per task, however big the run. The runs' keys come in through
    // the join, never as a condition of their own: the planner estimates the rows of a run it has no statistics of (any
    // run newer than the table's last ANALYZE) at one, so given `dag_id = @dag_id AND run_id = @run_id` it may walk all
    // of the run's rows to find the few it wants, and a step's cost then grows with the size of its run.
    private const string RunTasksByKey = """
        FROM unnest(@dag_ids, @run_ids, @task_ids) AS k(dag_id, run_id, task_id)
        JOIN {schema}.task_instances ti ON ti.dag_id = k.dag_id AND ti.run_id = k.run_id AND ti.task_id = k.task_id
        """;

    // Locked in key order (a run's tasks in task id order), so two transactions sharing task instances take them in the
    // same order and cannot deadlock, whether they are steps of one run or groups of steps of several. The keys come
    // sorted, and the rows are locked in the order of the list: ordered by the table's own columns, the statement would
    // have a plan that walks the primary key in that order instead of probing it (cheapest while the table is small, and
    // kept as the prepared statement's plan), reading the whole table once it has grown.
    private const string LockScopeTasks = $$"""
        SELECT {{TaskInstanceRow.Columns}}
        FROM unnest(@dag_ids, @run_ids, @task_ids) WITH ORDINALITY AS k(dag_id, run_id, task_id, position)
        JOIN {schema}.task_instances ti ON ti.dag_id = k.dag_id AND ti.run_id = k.run_id AND ti.task_id = k.task_id
        ORDER BY k.position FOR NO KEY UPDATE OF ti
        """;

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

    // The next ready tasks of the run for the slots of this pool and these queues (one per step asking, @count); a task
    // another transaction holds is skipped, not waited for, and one this transaction locked for a step (@locked) is left
    // to that step. Sent with sorts disabled around it (SortsOff, SortsOn): the only order then left is the ready index's
    // walk, which stops at the first tasks it can take. With a sort allowed, the planner, estimating a run it has no
    // statistics of at one row, may read all of the run's ready tasks (by task_instances_state_idx, or the run's primary
    // key) to sort them for every step.
    private const string SortsOff = "SET LOCAL enable_sort = off";

    private const string SortsOn = "SET LOCAL enable_sort = on";

    private const string LockSpare = $$"""
        SELECT {{TaskInstanceRow.Columns}} FROM {schema}.task_instances ti
        WHERE ti.dag_id = @dag_id AND ti.run_id = @run_id AND ti.state = 'scheduled'
          AND ti.pool = @pool AND ti.queue = ANY(@queues) AND ti.task_id <> ALL(@locked)
        ORDER BY ti.priority_weight DESC, ti.task_id
        LIMIT @count FOR NO KEY UPDATE SKIP LOCKED
        """;

    // How many writers write groups of steps at once (two: while one group commits, the next is read and decided, and
    // each has the steps that ended meanwhile; more writers make smaller groups, one makes every step wait for the
    // previous commit), and how many steps a group takes at most.
    private const int StepWriters = 2;

    private const int MaxStepGroup = 64;

    public async Task<ScopedSnapshot?> UpdateScopeAsync(RunKey key, TaskScope scope, Func<ScopedSnapshot, RunChanges?> decide, CancellationToken ct = default)
    {
        var request = new ScopeRequest(key, scope, decide);

        // A step that holds no limit and that nothing cancels (a try's end) is written with the steps waiting beside it.
        if (scope.LimitsOfPool is null && !ct.CanBeCanceled)
        {
            return await _steps.WriteAsync(request);
        }

        var limits = scope.LimitsOfPool is { } pool ? new ClaimLimits(pool, MaxActiveTasks: scope.MaxActiveTasks) : null;
        var full = default(SlotsFull);
        for (var decision = 0; decision < SlotGuard.MaxDecisions; decision++)
        {
            var check = limits is null ? null : new SlotCheck(limits);
            var current = full;
            if (await ConflictRetry.RunAsync(() => UpdateScopesOnceAsync([request], check, current, ct), ct))
            {
                request.Complete();
                return await request.Result.Task;
            }

            full = full.Or(check!.Broken);
        }

        throw new InvalidOperationException($"The decision for run {key} kept exceeding its limits after {SlotGuard.MaxDecisions} decisions.");
    }

    // Writes a group of steps (GroupedSteps) and completes each one's result; never throws.
    private async Task WriteStepsAsync(IReadOnlyList<ScopeRequest> group)
    {
        try
        {
            await ConflictRetry.RunAsync(() => UpdateScopesOnceAsync(group, check: null, default, CancellationToken.None), CancellationToken.None);
            foreach (var request in group)
            {
                request.Complete();
            }
        }
        catch (Exception) when (group.Count > 1)
        {
            // What failed the group (one step's run deleted meanwhile, an outage) is each step's own answer: written alone.
            foreach (var request in group)
            {
                await WriteStepsAsync([request]);
            }
        }
        catch (Exception e)
        {
            group[0].Result.TrySetException(e);
        }
    }

    // One transaction for the group: each request's Written or Failure set and true, or false if the write broke a limit
    // (only with a check, for a group of one).
    private async Task<bool> UpdateScopesOnceAsync(IReadOnlyList<ScopeRequest> group, SlotCheck? check, SlotsFull full, CancellationToken ct)
    {
        foreach (var request in group)
        {
            request.Reset();
        }

        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction);
        AddProbesOnly(batch);
        batch.BatchCommands.Add(RunTasksCommand(LockScopeTasks, [.. group.SelectMany(r => r.Locked.Select(id => (r.Key, id)))
            .OrderBy(t => t.Key.DagId, StringComparer.Ordinal).ThenBy(t => t.Key.RunId, StringComparer.Ordinal).ThenBy(t => t.id, StringComparer.Ordinal)]));
        // A chain's or a fan-out's step reads nothing it does not lock: no statement for an empty read.
        var read = group.SelectMany(r => r.Scope.Read.Select(id => (r.Key, id))).ToList();
        if (read.Count > 0)
        {
            batch.BatchCommands.Add(RunTasksCommand(SelectScopeTasks, read));
        }

        foreach (var request in group)
        {
            AddScoped(batch, check is null ? SelectScopeRun : SelectScopeRunWithOccupancy, request.Key, command =>
            {
                command.Parameters.AddValue("locked", request.Locked);
                if (check is not null)
                {
                    command.Parameters.AddText("pool", check.Limits.Pool);
                }
            });
        }

        // The steps of one run asking for a spare of the same pool and queues share one statement, one spare each.
        var spares = group.Where(r => r.Scope.Spare is not null)
            .GroupBy(r => (r.Key, r.Scope.Spare!.Pool, Queues: string.Join('\n', r.Scope.Spare.Queues)))
            .Select(g => g.ToList()).ToList();
        if (spares.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SortsOff));
            foreach (var asking in spares)
            {
                var spare = asking[0].Scope.Spare!;
                AddScoped(batch, LockSpare, asking[0].Key, command =>
                {
                    command.Parameters.AddValue("locked", group.Where(r => r.Key == asking[0].Key).SelectMany(r => r.Locked).ToArray());
                    command.Parameters.AddText("pool", spare.Pool);
                    command.Parameters.AddValue("queues", spare.Queues.ToArray());
                    command.Parameters.AddValue("count", (long)asking.Count);
                });
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand(SortsOn));
        }

        IReadOnlyList<ScopedSnapshot> scoped;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            scoped = await ReadScopesAsync(reader, group, read.Count > 0, check is not null, spares, ct);
        }

        var writes = new List<RunWrite>();
        var writers = new List<(ScopeRequest Request, ScopedSnapshot Scoped)>();
        for (var index = 0; index < group.Count; index++)
        {
            var request = group[index];
            var snapshot = check is null ? scoped[index] : scoped[index] with { Occupancy = SlotGuard.Full(scoped[index].Occupancy!, check.Limits, full) };
            RunChanges? changes;
            try
            {
                changes = request.Decide(snapshot);
                if (changes?.Run is not null)
                {
                    throw new InvalidOperationException("A scoped update cannot change the run; use UpdateRunAsync.");
                }
            }
            catch (Exception e) when (group.Count > 1)
            {
                // One step's decision failing is that step's answer; the others are written.
                request.Failure = e;
                continue;
            }

            if (changes is not null)
            {
                writes.Add(new RunWrite(request.Key, snapshot.AsRunSnapshot(), changes));
                writers.Add((request, snapshot));
            }
        }

        if (writes.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            return true;
        }

        if (check is not null)
        {
            check.Growth = SlotGuard.Growth(writes[0].Before, writes[0].Changes, check.Limits.Pool);
        }

        if (await WriteAndCommitAsync(transaction, writes, ct, check) is not { } written)
        {
            return false;
        }

        for (var index = 0; index < writers.Count; index++)
        {
            var (request, before) = writers[index];
            var tasks = written[index].Tasks;
            request.Written = before with
            {
                Tasks = before.Tasks.Keys.ToDictionary(id => id, id => tasks[id], StringComparer.Ordinal),
                Spare = before.Spare is null ? null : tasks[before.Spare.TaskId],
            };
        }

        return true;
    }

    private void AddScoped(NpgsqlBatch batch, string sql, RunKey key, Action<NpgsqlBatchCommand> parameters)
    {
        var command = new NpgsqlBatchCommand(Sql(sql));
        AddKey(command.Parameters, key);
        parameters(command);
        batch.BatchCommands.Add(command);
    }

    private NpgsqlBatchCommand RunTasksCommand(string sql, IReadOnlyCollection<(RunKey Run, string TaskId)> tasks)
    {
        var command = new NpgsqlBatchCommand(Sql(sql));
        command.Parameters.AddRunTasks(tasks);
        return command;
    }

    /// <summary>Reads the results of the statements <see cref="UpdateScopesOnceAsync"/> sent, in their order: each request's scope.</summary>
    private static async Task<IReadOnlyList<ScopedSnapshot>> ReadScopesAsync(
        NpgsqlDataReader reader, IReadOnlyList<ScopeRequest> group, bool anyRead, bool occupancy, IReadOnlyList<List<ScopeRequest>> spares, CancellationToken ct)
    {
        // A task instance belongs to the request whose scope names it (the scopes of one group's requests of one run are disjoint).
        var owners = new Dictionary<(RunKey, string), int>();
        for (var index = 0; index < group.Count; index++)
        {
            foreach (var id in group[index].Scope.Locked.Concat(group[index].Scope.Read))
            {
                owners.TryAdd((group[index].Key, id), index);
            }
        }

        var tasks = group.Select(_ => new Dictionary<string, TaskInstance>(StringComparer.Ordinal)).ToList();
        for (var set = 0; set < (anyRead ? 2 : 1); set++)
        {
            while (await reader.ReadAsync(ct))
            {
                var task = TaskInstanceRow.Read(reader);
                tasks[owners[(task.Run, task.TaskId)]][task.TaskId] = task;
            }

            await reader.NextResultAsync(ct);
        }

        var scoped = new ScopedSnapshot[group.Count];
        for (var index = 0; index < group.Count; index++)
        {
            if (!await reader.ReadAsync(ct))
            {
                throw new KeyNotFoundException($"No run {group[index].Key}.");
            }

            var run = DagRunRow.Read(reader);
            var waiting = reader.GetBoolean(DagRunRow.ColumnCount);
            var counts = occupancy ? ReadOccupancy(reader, group[index].Scope.LimitsOfPool, DagRunRow.ColumnCount + 1) : null;
            scoped[index] = new ScopedSnapshot(run, tasks[index], waiting, Spare: null) { Occupancy = counts };
            await reader.NextResultAsync(ct);
        }

        // The statement that disables sorts returns no rows: the reader has passed it by. Each spare found goes to the next
        // request that asked for one.
        foreach (var asking in spares)
        {
            for (var next = 0; next < asking.Count && await reader.ReadAsync(ct); next++)
            {
                var index = IndexOf(group, asking[next]);
                scoped[index] = scoped[index] with { Spare = TaskInstanceRow.Read(reader) };
            }

            await reader.NextResultAsync(ct);
        }

        return scoped;
    }

    private static int IndexOf(IReadOnlyList<ScopeRequest> group, ScopeRequest request)
    {
        for (var index = 0; ; index++)
        {
            if (ReferenceEquals(group[index], request))
            {
                return index;
            }
        }
    }
}
