using DataEngineer.Core.Mapping;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.TriggerRules;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>
/// The per-task path of <see cref="RunProgression"/>: a try's end decides only its downstream neighbours, read
/// through a <see cref="TaskScope"/> instead of the whole run, and hands the try's slot to the next ready task of the
/// same run and pool in the same transaction. What this path cannot decide from the neighbourhood it leaves to the
/// whole-run path: <see cref="CompleteInScope"/> returns null for a branch's choice and for a skip or upstream_failed
/// that cascades, and a downstream task with more than <see cref="WideFanIn"/> upstream tasks is decided here only
/// when this try's outcome settles it at once (a failure under all_success); otherwise the run's tail decides it
/// (<see cref="NeedsSettling"/>), so a 1→N→1 fan-out does not read N upstream states N times. A mapped task's expansion
/// takes the whole-run path once (it creates the instances); its instances' ends decide nothing downstream: the run's
/// tail does, with the instances as the upstream set.
/// </summary>
public static class NeighbourProgression
{
    /// <summary>Upstream tasks above which a downstream task is not decided on every upstream's end.</summary>
    public const int WideFanIn = 64;

    /// <summary>
    /// What the end of <paramref name="task"/>'s try with <paramref name="outcome"/> locks (the task and the downstream
    /// tasks it may decide) and reads (their other upstream tasks).
    /// </summary>
    public static TaskScope ScopeOf(DagGraph graph, TaskInstance task, TaskTryOutcome outcome, SpareRequest? spare, DateTimeOffset now)
    {
        var node = graph.Tasks[task.TaskId];
        var ending = RunProgression.Ended(node, task, outcome, now).State;
        var locked = new HashSet<string>(StringComparer.Ordinal) { task.TaskId };
        var read = new HashSet<string>(StringComparer.Ordinal);
        // A mapped task's instances are their downstream tasks' upstream set: those are decided by the run's tail, like a wide join.
        if (ending is not (TaskInstanceState.UpForRetry or TaskInstanceState.UpForReschedule) && !MappedTaskId.IsInstance(task.TaskId))
        {
            foreach (var downstream in node.Downstream.Select(id => graph.Tasks[id]).Where(d => !HasMappedUpstream(graph, d) && (!IsWide(d) || SettlesAtOnce(d, ending))))
            {
                locked.Add(downstream.Id);
                read.UnionWith(downstream.Upstream);
            }
        }

        read.ExceptWith(locked);
        return new TaskScope(locked, read) { Spare = spare };
    }

    /// <summary>
    /// Records how try <paramref name="tryNumber"/> ended and decides the downstream tasks <paramref name="scope"/>
    /// locked; with <paramref name="hostname"/>, also claims the first ready task for this slot (one it made ready, or the
    /// snapshot's spare) on this host. No change for a report from a try that no longer owns the task; null when the
    /// whole run is needed (nothing may be written then).
    /// </summary>
    public static RunChanges? CompleteInScope(DagGraph graph, TaskScope scope, ScopedSnapshot scoped, string taskId, int tryNumber, TaskTryOutcome outcome,
        string? hostname, DateTimeOffset now)
    {
        var task = scoped.Tasks[taskId];
        if (task.State != TaskInstanceState.Running || task.TryNumber != tryNumber)
        {
            return RunChanges.None;
        }

        var node = graph.Tasks[taskId];
        var ended = RunProgression.Ended(node, task, outcome, now);
        if (ended.State == TaskInstanceState.Success && (outcome.BranchChoice is not null || outcome.MapLength is not null))
        {
            return null;
        }

        var tasks = new Dictionary<string, TaskInstance>(scoped.Tasks, StringComparer.Ordinal) { [taskId] = ended };
        var changed = new List<TaskInstance> { ended };
        if (scoped.Run.State == DagRunState.Running && ended.State is not (TaskInstanceState.UpForRetry or TaskInstanceState.UpForReschedule))
        {
            foreach (var id in node.Downstream.Where(scope.Locked.Contains))
            {
                var downstream = graph.Tasks[id];
                if (RunProgression.Decide(downstream, tasks[id], tasks, now) is not { } decided)
                {
                    continue;
                }

                if (decided.State is TaskInstanceState.Skipped or TaskInstanceState.UpstreamFailed && downstream.Downstream.Count > 0)
                {
                    return null;
                }

                tasks[id] = decided;
                changed.Add(decided);
            }
        }

        if (hostname is not null && scope.Spare is { } spare && scoped.Run.State == DagRunState.Running && NextFor(spare, changed, scoped.Spare) is { } next)
        {
            tasks[next.TaskId] = next;
            var claim = RunProgression.Claim(new RunSnapshot(scoped.Run, tasks), next.TaskId, hostname, now);
            changed.AddRange(claim.Tasks);
        }

        return RunProgression.WithOutputs(new RunChanges(changed.GroupBy(t => t.TaskId, StringComparer.Ordinal).Select(g => g.Last()).ToList()), node, ended, outcome, now);
    }

    /// <summary>
    /// Whether the run must be re-decided as a whole after this step (RunProgression.Advance): nothing else
    /// of it waits to run and the step made nothing ready, so the run may be over or a wide join may have become ready.
    /// The last step to commit in such a tail always sees nothing waiting, so the run cannot be left undecided.
    /// </summary>
    public static bool NeedsSettling(ScopedSnapshot after, RunChanges changes) =>
        after.Run.State == DagRunState.Running && !after.OthersWaiting
        && !changes.Tasks.Any(t => t.State is TaskInstanceState.Scheduled or TaskInstanceState.Running or TaskInstanceState.UpForRetry);

    private static TaskInstance? NextFor(SpareRequest spare, List<TaskInstance> changed, TaskInstance? found) =>
        changed.Where(t => t.State == TaskInstanceState.Scheduled && t.Pool == spare.Pool && spare.Queues.Contains(t.Queue))
            .OrderByDescending(t => t.PriorityWeight).ThenBy(t => t.TaskId, StringComparer.Ordinal)
            .FirstOrDefault()
        ?? (found is { State: TaskInstanceState.Scheduled or TaskInstanceState.Queued } ? found : null);

    private static bool IsWide(TaskNode node) => node.Upstream.Count > WideFanIn;

    private static bool HasMappedUpstream(DagGraph graph, TaskNode node) => node.Upstream.Any(u => graph.Tasks[u].Definition.Mapping is not null);

    // Whether this upstream ending settles the task whatever its other upstream tasks do (they count as not done yet).
    private static bool SettlesAtOnce(TaskNode node, TaskInstanceState ending)
    {
        var states = Enumerable.Repeat(TaskInstanceState.None, node.Upstream.Count - 1).Append(ending);
        return TriggerRuleEvaluator.Evaluate(node.Settings.TriggerRule, UpstreamSummary.Of(states)) != TriggerDecision.Wait;
    }
}
