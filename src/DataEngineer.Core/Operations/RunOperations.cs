using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Operations;

/// <summary>
/// What a person does to one run, for the UI, the REST API and the CLI alike: clear tasks (restart from failure, with
/// upstream/downstream), mark a task, mark the run, cancel it. Each checks the actor's role, decides under the run's
/// lock and re-decides the run in that same update (nothing is left running with nothing to do), then audits who
/// changed which task instances. Every action has a dry run that returns the task instances it would change. A decision
/// that ends an approval's try is told to the filters of <paramref name="tries"/> as a worker's try end is (its callbacks and
/// alerts: a rejection with <c>FailOnReject</c> alerts as any failure does).
/// </summary>
public sealed class RunOperations(IRunStore runs, IRunQueries queries, IAuditLog audit, IDagRegistry dags, TimeProvider time, TryPipeline? tries = null)
{
    /// <summary>Clears the task instances <paramref name="options"/> select so they run again, with fresh retries.</summary>
    public async Task<RunActionResult> ClearAsync(Actor actor, RunKey key, ClearOptions options, bool dryRun, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Operator, "clear tasks");
        var graph = LatestGraph(key.DagId);
        var unknown = options.TaskIds.Where(t => !graph.Tasks.ContainsKey(t)).ToList();
        if (unknown.Count > 0)
        {
            throw new OperationException(
                $"DAG '{key.DagId}' has no task {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Its tasks: {string.Join(", ", graph.TopologicalOrder.Select(t => t.Id))}.");
        }

        var detail = $"failed_only={options.OnlyFailed} upstream={options.Upstream} downstream={options.Downstream}";
        return await ActAsync(actor, key, key.ToString(), "task.clear", detail, dryRun, (s, now) =>
        {
            if (!RunProgression.CanMoveTo(graph, s))
            {
                throw new OperationException($"Run '{key.RunId}' ran version {s.Run.DagVersion} of '{key.DagId}', whose tasks differ from the loaded version {graph.Version}; " +
                    "it cannot be cleared onto it. Trigger a new run instead.", 409);
            }

            // A task id of the DAG with an index the run does not have: say so rather than clear nothing.
            if (options.TaskIds.FirstOrDefault(id => Mapping.MappedTaskId.IsInstance(id) && !s.Tasks.ContainsKey(id)) is { } missing)
            {
                var mapped = Mapping.MappedTaskId.TaskOf(missing);
                throw new OperationException($"Run '{key.RunId}' has no instance '{missing}': '{mapped}' has " +
                    $"{Mapping.MappedInstances.Of(s.Tasks).Of(mapped).Count} instances (index 0 and up) in this run.", 404);
            }

            var selected = options.Select(graph, s.Tasks);
            return selected.Count == 0 ? RunChanges.None : RunProgression.Clear(graph, s, selected, downstream: false, now);
        }, ct);
    }

    /// <summary>Marks a task success or failed without running it. A running task is refused (409): its try decides, or cancel the run.</summary>
    public async Task<RunActionResult> MarkTaskAsync(Actor actor, RunKey key, string taskId, TaskInstanceState state, bool dryRun, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Operator, "mark a task");
        if (state is not (TaskInstanceState.Success or TaskInstanceState.Failed))
        {
            throw new OperationException($"A task can be marked success or failed, not {StateNames.Of(state)}.");
        }

        var run = await RunAsync(key, ct);
        if (!run.Tasks.ContainsKey(taskId))
        {
            throw new OperationException($"Run '{key.RunId}' has no task '{taskId}'. Its tasks: {Mapping.TaskIdList.Of(run.Tasks.Keys.Order(StringComparer.Ordinal))}.", 404);
        }

        var graph = RunGraph(run);
        return await ActAsync(actor, key, $"{key}/{taskId}", "task.mark", $"state={StateNames.Of(state)}", dryRun, (s, now) =>
        {
            if (s.Tasks[taskId] is { State: TaskInstanceState.Running } running)
            {
                throw new OperationException($"Task '{taskId}' of run '{key.RunId}' is running (try {running.TryNumber} on {running.Hostname}), so its try decides its state. " +
                    "Wait for the try to end, or cancel the run, then mark it.", 409);
            }

            return TaskMarks.Mark(graph, s, taskId, state, now);
        }, ct);
    }

    /// <summary>
    /// Approves or rejects a waiting approval task (see <see cref="Approvals"/>), with a comment and, when it offers
    /// branches, the branch to run. Viewers cannot decide (403); a task that is not an approval (400) or is not waiting
    /// for a decision (409) is refused with what it is doing instead.
    /// </summary>
    public async Task<RunActionResult> DecideApprovalAsync(Actor actor, RunKey key, string taskId, bool approve, string? comment, string? branch, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Operator, approve ? "approve a task" : "reject a task");
        var run = await RunAsync(key, ct);
        if (!run.Tasks.ContainsKey(taskId))
        {
            throw new OperationException($"Run '{key.RunId}' has no task '{taskId}'. Its tasks: {Mapping.TaskIdList.Of(run.Tasks.Keys.Order(StringComparer.Ordinal))}.", 404);
        }

        var graph = RunGraph(run);
        var node = graph.Tasks[taskId];
        if (!Approvals.IsApproval(node))
        {
            throw new OperationException($"Task '{taskId}' of DAG '{key.DagId}' is not an approval task, so it cannot be approved or rejected. Clear or mark it instead.");
        }

        var offered = node.Definition.Approval?.Branches ?? [];
        if (branch is not null && (!approve || !offered.Contains(branch, StringComparer.Ordinal)))
        {
            throw new OperationException(offered.Count == 0
                ? $"Approval '{taskId}' offers no branches: approve or reject it without one."
                : approve
                    ? $"Approval '{taskId}' offers the branches {string.Join(", ", offered.Select(b => $"'{b}'"))}, not '{branch}'."
                    : $"A rejection of '{taskId}' chooses no branch: every downstream task is skipped.");
        }

        var by = actor.Name;
        var detail = $"approved={approve} comment={comment ?? ""}{(branch is null ? "" : $" branch={branch}")}";
        var tryNumber = 0;
        var decided = await ActAsync(actor, key, $"{key}/{taskId}", approve ? "task.approve" : "task.reject", detail, dryRun: false, (s, now) =>
        {
            if (s.Tasks[taskId] is { State: not TaskInstanceState.AwaitingInput } other)
            {
                throw new OperationException($"Task '{taskId}' of run '{key.RunId}' is not waiting for a decision: it is {StateNames.Of(other.State)}" +
                    (other.State.IsFinished() ? " (decided or ended already). Clear it to ask again." : ". It asks once its upstream tasks allow it to run."), 409);
            }

            tryNumber = s.Tasks[taskId].TryNumber;
            return Approvals.Decide(graph, s, taskId, new ApprovalDecision(approve, by, now, comment, branch), now);
        }, ct);
        tries?.TryEnded(new TryEnd(graph, decided.Run, taskId, tryNumber, TryEndedBy.Decision));

        return decided;
    }

    /// <summary>Marks the whole run success or failed (see <see cref="RunMarks"/>); running tries are cancelled.</summary>
    public async Task<RunActionResult> MarkRunAsync(Actor actor, RunKey key, DagRunState state, bool dryRun, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Operator, "mark a run");
        if (!state.IsFinished())
        {
            throw new OperationException($"A run can be marked success or failed, not {StateNames.Of(state)}.");
        }

        await RunAsync(key, ct);
        return await ActAsync(actor, key, key.ToString(), "run.mark", $"state={StateNames.Of(state)}", dryRun,
            (s, now) => RunMarks.Mark(s, state, $"run marked {StateNames.Of(state)} by {actor.Name}", now), ct);
    }

    /// <summary>Cancels a queued or running run: running tries are cancelled and recorded as failed, the rest skipped, the run fails.</summary>
    public async Task<RunActionResult> CancelAsync(Actor actor, RunKey key, bool dryRun, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Operator, "cancel a run");
        await RunAsync(key, ct);
        return await ActAsync(actor, key, key.ToString(), "run.cancel", "", dryRun, (s, now) =>
        {
            if (s.Run.State.IsFinished())
            {
                throw new OperationException($"Run '{key.RunId}' has already ended ({StateNames.Of(s.Run.State)}); there is nothing to cancel.", 409);
            }

            return RunMarks.Mark(s, DagRunState.Failed, $"cancelled by {actor.Name}", now);
        }, ct);
    }

    private async Task<RunActionResult> ActAsync(Actor actor, RunKey key, string target, string action, string detail, bool dryRun, Func<RunSnapshot, DateTimeOffset, RunChanges> decide, CancellationToken ct)
    {
        if (dryRun)
        {
            var current = await RunAsync(key, ct);
            return new RunActionResult(current, ChangesOf(current, decide(current, time.GetUtcNow())), Applied: false);
        }

        IReadOnlyList<TaskChange> changes = [];
        var applied = false;
        RunSnapshot after;
        try
        {
            after = await runs.UpdateRunAsync(key, s =>
            {
                var decided = decide(s, time.GetUtcNow());
                changes = ChangesOf(s, decided);
                applied = !decided.IsEmpty;
                return decided;
            }, ct);
        }
        catch (KeyNotFoundException)
        {
            throw new OperationException($"DAG '{key.DagId}' has no run '{key.RunId}'.", 404);
        }

        // Only what changed something is audited: the log never claims an action that did nothing.
        if (applied)
        {
            var tasks = string.Join(",", changes.Select(c => $"{c.TaskId}:{StateNames.Of(c.From)}->{StateNames.Of(c.To)}"));
            await audit.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), actor.Name, action, target, $"{detail} tasks={tasks}".Trim()), ct);
        }

        return new RunActionResult(after, changes, Applied: true);
    }

    private static List<TaskChange> ChangesOf(RunSnapshot before, RunChanges changes) =>
        changes.Tasks.Where(t => before.Tasks.TryGetValue(t.TaskId, out var was) && was.State != t.State)
            .Select(t => new TaskChange(t.TaskId, before.Tasks[t.TaskId].State, t.State))
            .OrderBy(c => c.TaskId, StringComparer.Ordinal).ToList();

    private DagGraph LatestGraph(string dagId) =>
        dags.Find(dagId) ?? throw new OperationException($"No DAG '{dagId}' is loaded in this process.", 404);

    private DagGraph RunGraph(RunSnapshot run) => dags.Find(run.Run.DagId, run.Run.DagVersion) ?? LatestGraph(run.Run.DagId);

    private async Task<RunSnapshot> RunAsync(RunKey key, CancellationToken ct) =>
        await queries.GetRunAsync(key, ct) ?? throw new OperationException($"DAG '{key.DagId}' has no run '{key.RunId}'.", 404);
}
