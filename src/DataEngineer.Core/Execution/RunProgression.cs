using DataEngineer.Core.Mapping;
using DataEngineer.Core.Retries;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.TriggerRules;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>
/// The run/task state machine as pure functions of a locked <see cref="RunSnapshot"/>: start a run,
/// claim a try, complete a try, and advance (decide which tasks became ready, skipped or
/// upstream_failed, and whether the run is over). Whoever holds the run's lock calls these, so the
/// same rules apply in-process and across workers.
/// </summary>
public static class RunProgression
{
    /// <summary>Starts a queued run (in-process runs have no max-active-runs to respect).</summary>
    public static RunChanges Start(RunSnapshot snapshot, DateTimeOffset now) =>
        snapshot.Run.State == DagRunState.Queued
            ? new RunChanges([], snapshot.Run with { State = DagRunState.Running, StartedAt = now })
            : RunChanges.None;

    /// <summary>
    /// Starts a queued run if the DAG has fewer than MaxActiveRuns running, and decides its first tasks. With
    /// <paramref name="queueIn"/> (the pool <paramref name="occupancy"/> was read for), also queues the first tasks of
    /// that pool, highest priority first, as many as the DAG's MaxActiveTasks and the pool's slots leave room for: the
    /// run's start and its first tasks' queueing are then one write. Ready tasks it does not queue stay scheduled.
    /// </summary>
    public static RunChanges Start(DagGraph graph, RunSnapshot snapshot, Occupancy occupancy, DateTimeOffset now, string? queueIn = null)
    {
        if (snapshot.Run.State != DagRunState.Queued || occupancy.RunningRunsOfDag >= graph.Options.MaxActiveRuns)
        {
            return RunChanges.None;
        }

        // Advance may finish the run at once (every task was marked or skipped meanwhile): its decision stands.
        var run = snapshot.Run with { State = DagRunState.Running, StartedAt = now };
        var changes = Advance(graph, snapshot with { Run = run }, now, [], holdRetryOf: null);
        changes = changes with { Run = changes.Run ?? run };
        if (queueIn is null || changes.Run.State != DagRunState.Running)
        {
            return changes;
        }

        var room = Math.Min(graph.Options.MaxActiveTasks - occupancy.ActiveTasksOfDag, occupancy.PoolSlots - occupancy.ActiveTasksInPool);
        var queued = changes.Tasks.Where(t => t.State == TaskInstanceState.Scheduled && t.Pool == queueIn)
            .OrderByDescending(t => t.PriorityWeight).ThenBy(t => t.TaskId, StringComparer.Ordinal)
            .Take(Math.Max(room, 0))
            .ToDictionary(t => t.TaskId, t => t with { State = TaskInstanceState.Queued, QueuedAt = now }, StringComparer.Ordinal);
        return changes with { Tasks = changes.Tasks.Select(t => queued.GetValueOrDefault(t.TaskId) ?? t).ToList() };
    }

    /// <summary>
    /// Hands a scheduled task to a worker queue (scheduled -> queued) if the DAG's MaxActiveTasks
    /// and the pool's slots allow; queued tries count against both until they end.
    /// </summary>
    public static RunChanges Queue(DagGraph graph, RunSnapshot snapshot, string taskId, Occupancy occupancy, DateTimeOffset now)
    {
        var task = snapshot.Tasks[taskId];
        if (snapshot.Run.State != DagRunState.Running || task.State != TaskInstanceState.Scheduled || !HasRoom(graph, occupancy))
        {
            return RunChanges.None;
        }

        return new RunChanges([task with { State = TaskInstanceState.Queued, QueuedAt = now }]);
    }

    /// <summary>
    /// Starts a new try of a task on <paramref name="hostname"/>: a queued task (its slot is already
    /// counted), or a scheduled one if the limits allow (a worker taking a ready task itself).
    /// No change if another worker got there first.
    /// </summary>
    public static RunChanges Claim(DagGraph graph, RunSnapshot snapshot, string taskId, Occupancy occupancy, string hostname, DateTimeOffset now)
    {
        var task = snapshot.Tasks[taskId];
        var allowed = task.State == TaskInstanceState.Queued || (task.State == TaskInstanceState.Scheduled && HasRoom(graph, occupancy));
        return allowed ? Claim(snapshot, taskId, hostname, now) : RunChanges.None;
    }

    /// <summary>Moves a scheduled or queued task to running under a new try number, ignoring limits (in-process runs).</summary>
    public static RunChanges Claim(RunSnapshot snapshot, string taskId, string hostname, DateTimeOffset now)
    {
        var task = snapshot.Tasks[taskId];
        if (snapshot.Run.State != DagRunState.Running || task.State is not (TaskInstanceState.Scheduled or TaskInstanceState.Queued))
        {
            return RunChanges.None;
        }

        return new RunChanges([task with
        {
            State = TaskInstanceState.Running,
            TryNumber = task.TryNumber + 1,
            StartedAt = now,
            EndedAt = null,
            NextTryAt = null,
            HeartbeatAt = now,
            Hostname = hostname,
            Error = null,
            RowsRead = 0,
            RowsWritten = 0,
            RowsRejected = 0,
        }]);
    }

    /// <summary>
    /// Records how try <paramref name="tryNumber"/> ended and advances the run. A report from a try
    /// that no longer owns the task (a zombie, or cleared meanwhile) changes nothing.
    /// </summary>
    public static RunChanges Complete(DagGraph graph, RunSnapshot snapshot, string taskId, int tryNumber, TaskTryOutcome outcome, DateTimeOffset now)
    {
        var task = snapshot.Tasks[taskId];
        if (task.State != TaskInstanceState.Running || task.TryNumber != tryNumber)
        {
            return RunChanges.None;
        }

        var node = graph.Tasks[taskId];
        var ended = Ended(node, task, outcome, now);
        var tasks = new Dictionary<string, TaskInstance>(snapshot.Tasks, StringComparer.Ordinal) { [taskId] = ended };
        var changed = new List<TaskInstance> { ended };
        if (ended.State == TaskInstanceState.Success && outcome.BranchChoice is { } chosen)
        {
            SkipUnchosen(graph, node, chosen, tasks, changed, now);
        }

        // A mapped task's expansion: its instances are created here, for Advance to decide like any task.
        if (ended.State == TaskInstanceState.Success && outcome.MapLength is { } length)
        {
            foreach (var instance in MapExpansion.Instances(node, ended, tasks, length))
            {
                tasks[instance.TaskId] = instance;
                changed.Add(instance);
            }
        }

        // The try's end is written as it happened (up_for_retry, up_for_reschedule); a later Advance schedules the next try.
        var changes = Advance(graph, snapshot with { Tasks = tasks }, now, changed, holdRetryOf: taskId);
        return WithOutputs(changes, node, ended, outcome, now);
    }

    /// <summary>
    /// The task instance as the try's <paramref name="outcome"/> leaves it: success, skipped, up for reschedule (a poke that
    /// does not count as a try: the task gets one more), up for retry (if it may retry) or failed.
    /// </summary>
    internal static TaskInstance Ended(TaskNode node, TaskInstance task, TaskTryOutcome outcome, DateTimeOffset now)
    {
        var ended = task with
        {
            EndedAt = now,
            Error = outcome.Error,
            RowsRead = outcome.RowsRead,
            RowsWritten = outcome.RowsWritten,
            RowsRejected = outcome.RowsRejected,
        };

        return outcome.State switch
        {
            TaskInstanceState.Success => ended with { State = TaskInstanceState.Success },
            TaskInstanceState.Skipped => ended with { State = TaskInstanceState.Skipped },
            TaskInstanceState.UpForReschedule => ended with
            {
                State = TaskInstanceState.UpForReschedule,
                NextTryAt = outcome.RescheduleAt ?? now,
                MaxTries = task.MaxTries + 1,
            },
            _ when outcome.Retryable && task.TryNumber < task.MaxTries => ended with
            {
                State = TaskInstanceState.UpForRetry,
                NextTryAt = now + RetryPolicy.DelayAfter(node.Settings, task.TryNumber),
            },
            _ => ended with { State = TaskInstanceState.Failed },
        };
    }

    /// <summary>
    /// What goes with a try's recorded end: its log's tail and trace always; a success's XCom values and the dataset
    /// events of what it wrote.
    /// </summary>
    internal static RunChanges WithOutputs(RunChanges changes, TaskNode node, TaskInstance ended, TaskTryOutcome outcome, DateTimeOffset now) =>
        ended.State == TaskInstanceState.Success
            ? changes with { DatasetEvents = DatasetEvents.Of(node, ended, outcome, now), XCom = outcome.XCom, Tail = outcome.Tail }
            : changes with { Tail = outcome.Tail };

    /// <summary>Decides every task whose upstream states allow a decision, in topological order so skips cascade in one pass.</summary>
    public static RunChanges Advance(DagGraph graph, RunSnapshot snapshot, DateTimeOffset now) =>
        Advance(graph, snapshot, now, [], holdRetryOf: null);

    private static RunChanges Advance(DagGraph graph, RunSnapshot snapshot, DateTimeOffset now, List<TaskInstance> changed, string? holdRetryOf)
    {
        if (snapshot.Run.State != DagRunState.Running)
        {
            return new RunChanges(changed);
        }

        var tasks = new Dictionary<string, TaskInstance>(snapshot.Tasks, StringComparer.Ordinal);
        var mapped = MappedInstances.Of(tasks);
        var changedIds = new HashSet<string>(changed.Select(t => t.TaskId), StringComparer.Ordinal);
        var rewritten = false;
        foreach (var node in graph.TopologicalOrder)
        {
            // A mapped task's instances are decided right after it, with its node: they share its upstream tasks.
            foreach (var id in node.Definition.Mapping is null ? [node.Id] : mapped.Of(node.Id).Prepend(node.Id))
            {
                if (!tasks.TryGetValue(id, out var task))
                {
                    continue;
                }

                var next = id == holdRetryOf ? null : Decide(node, task, tasks, now, mapped);
                if (next is not null)
                {
                    tasks[id] = next;
                    rewritten |= !changedIds.Add(id);
                    changed.Add(next);
                }
            }
        }

        // A task decided again keeps its last decision (one pass over the list, however many instances were decided).
        var run = RunStateAfter(graph, snapshot.Run, tasks, mapped, now);
        return new RunChanges(rewritten ? LastOfEach(changed) : changed, run);
    }

    private static List<TaskInstance> LastOfEach(List<TaskInstance> changed)
    {
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < changed.Count; i++)
        {
            last[changed[i].TaskId] = i;
        }

        return changed.Where((t, i) => last[t.TaskId] == i).ToList();
    }

    /// <summary>
    /// The task's next state, if its upstream states decide one. <paramref name="mapped"/> gives the instances of mapped
    /// upstream tasks (their instances are the upstream set); without it, upstream tasks count as themselves.
    /// </summary>
    internal static TaskInstance? Decide(TaskNode node, TaskInstance task, Dictionary<string, TaskInstance> tasks, DateTimeOffset now, MappedInstances? mapped = null)
    {
        if (task.State is TaskInstanceState.UpForRetry or TaskInstanceState.UpForReschedule && task.NextTryAt <= now)
        {
            return task with { State = TaskInstanceState.Scheduled };
        }

        if (task.State != TaskInstanceState.None)
        {
            return null;
        }

        var upstream = UpstreamSummary.Of(mapped is null
            ? node.Upstream.Select(u => tasks[u].State)
            : node.Upstream.SelectMany(u => mapped.StatesOf(tasks[u], tasks)));
        return TriggerRuleEvaluator.Evaluate(node.Settings.TriggerRule, upstream) switch
        {
            TriggerDecision.Run => Approvals.IsApproval(node) ? Approvals.Requested(node, task, now) : task with { State = TaskInstanceState.Scheduled },
            TriggerDecision.Skip => task with
            {
                State = TaskInstanceState.Skipped, EndedAt = now, Error = TriggerRuleEvaluator.Explain(node.Settings.TriggerRule, upstream),
            },
            TriggerDecision.UpstreamFailed => task with
            {
                State = TaskInstanceState.UpstreamFailed, EndedAt = now, Error = TriggerRuleEvaluator.Explain(node.Settings.TriggerRule, upstream),
            },
            _ => null,
        };
    }

    /// <summary>
    /// Clears tasks so they run again (Airflow's clear): each gets <c>none</c> and a fresh set of
    /// retries on top of the tries it used; with <paramref name="downstream"/> every task downstream
    /// of them too. The run is re-decided (<see cref="Redecide"/>): a finished run goes back to queued. Running tasks are left alone. A run of another
    /// DAG version moves to <paramref name="graph"/>'s version (as clearing does in Airflow 3) when both
    /// versions have the same tasks; otherwise nothing is cleared (see <see cref="CanMoveTo"/>).
    /// </summary>
    public static RunChanges Clear(DagGraph graph, RunSnapshot snapshot, IReadOnlyCollection<string> taskIds, bool downstream, DateTimeOffset now)
    {
        if (!CanMoveTo(graph, snapshot))
        {
            return RunChanges.None;
        }

        var selected = new HashSet<string>(taskIds, StringComparer.Ordinal);
        if (downstream)
        {
            var pending = new Stack<string>(taskIds);
            while (pending.TryPop(out var id))
            {
                foreach (var next in graph.Tasks[id].Downstream.Where(selected.Add))
                {
                    pending.Push(next);
                }
            }
        }

        var cleared = snapshot.Tasks.Values
            .Where(t => selected.Contains(t.TaskId) && t.State != TaskInstanceState.Running && graph.Tasks.ContainsKey(t.TaskId))
            .Select(t => t with
            {
                State = TaskInstanceState.None,
                MaxTries = t.TryNumber + graph.Tasks[t.TaskId].Settings.MaxTries,
                StartedAt = null,
                EndedAt = null,
                QueuedAt = null,
                NextTryAt = null,
                Error = null,
            })
            .ToList();
        if (cleared.Count == 0)
        {
            return RunChanges.None;
        }

        var moved = snapshot.Run.DagVersion != graph.Version;
        return Redecide(graph, snapshot, new RunChanges(cleared, moved ? snapshot.Run with { DagVersion = graph.Version } : null), now);
    }

    /// <summary>
    /// Re-decides a run after a person changed task states (<paramref name="changes"/> to <paramref name="snapshot"/>),
    /// in the same locked update: a running run schedules what became ready and ends when nothing is left; a
    /// finished run whose tasks are all finished takes the state they give, and otherwise goes back to queued
    /// so the scheduler starts it again within MaxActiveRuns. A queued run stays queued.
    /// </summary>
    public static RunChanges Redecide(DagGraph graph, RunSnapshot snapshot, RunChanges changes, DateTimeOffset now)
    {
        var tasks = new Dictionary<string, TaskInstance>(snapshot.Tasks, StringComparer.Ordinal);
        foreach (var task in changes.Tasks)
        {
            tasks[task.TaskId] = task;
        }

        var run = changes.Run ?? snapshot.Run;
        var after = snapshot with { Run = run with { State = DagRunState.Running }, Tasks = tasks };
        if (run.State == DagRunState.Queued)
        {
            return changes;
        }

        var advanced = Advance(graph, after, now, [.. changes.Tasks], holdRetryOf: null);
        if (run.State == DagRunState.Running)
        {
            return advanced with { Run = advanced.Run ?? changes.Run };
        }

        // A finished run: settled again by its tasks alone, or reopened for the scheduler to start.
        return advanced.Run is { } settled && settled.State.IsFinished()
            ? advanced
            : changes with { Run = run with { State = DagRunState.Queued, EndedAt = null } };
    }

    /// <summary>Whether a run can continue on <paramref name="graph"/>'s version: its own, or one with exactly the same tasks.</summary>
    public static bool CanMoveTo(DagGraph graph, RunSnapshot snapshot) =>
        snapshot.Run.DagVersion == graph.Version
        || (snapshot.Tasks.Keys.Count(id => !MappedTaskId.IsInstance(id)) == graph.Tasks.Count && snapshot.Tasks.Keys.All(graph.Tasks.ContainsKey));

    private static bool HasRoom(DagGraph graph, Occupancy occupancy) =>
        occupancy.ActiveTasksOfDag < graph.Options.MaxActiveTasks && occupancy.ActiveTasksInPool < occupancy.PoolSlots;

    // Airflow's skip_all_except: skip the branch's direct downstream tasks it did not choose, except
    // those that are also downstream of a chosen task (a join placed right after the branch).
    private static void SkipUnchosen(DagGraph graph, TaskNode branch, IReadOnlyList<string> chosen, Dictionary<string, TaskInstance> tasks, List<TaskInstance> changed, DateTimeOffset now)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(chosen);
        while (pending.TryPop(out var id))
        {
            foreach (var next in graph.Tasks[id].Downstream.Where(reachable.Add))
            {
                pending.Push(next);
            }
        }

        foreach (var id in branch.Downstream.Where(d => !chosen.Contains(d) && !reachable.Contains(d)))
        {
            if (tasks[id].State == TaskInstanceState.None)
            {
                var skipped = tasks[id] with { State = TaskInstanceState.Skipped, EndedAt = now, Error = $"not chosen by branch '{branch.Id}'" };
                tasks[id] = skipped;
                changed.Add(skipped);
            }
        }
    }

    private static DagRun? RunStateAfter(DagGraph graph, DagRun run, Dictionary<string, TaskInstance> tasks, MappedInstances mapped, DateTimeOffset now)
    {
        if (!tasks.Values.All(t => t.State.IsFinished()))
        {
            // Nothing can move (a rule waits on a removed upstream): fail the run, as Airflow does on deadlock.
            var deadlocked = tasks.Values.All(t => t.State.IsFinished() || t.State == TaskInstanceState.None);
            return deadlocked ? run with { State = DagRunState.Failed, EndedAt = now } : null;
        }

        var failed = graph.Leaves.Any(leaf => tasks.TryGetValue(leaf, out var t)
            && mapped.StatesOf(t, tasks).Any(state => state is TaskInstanceState.Failed or TaskInstanceState.UpstreamFailed));
        return run with { State = failed ? DagRunState.Failed : DagRunState.Success, EndedAt = now };
    }
}
