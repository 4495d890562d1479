using System.Globalization;
using DataEngineer.Core.Mapping;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.TriggerRules;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Operations;

/// <summary>
/// "Why isn't this task running?" (Airflow's <c>tasks failed-deps</c>) for the CLI, the REST API and the UI alike: every
/// reason a task instance is not running now, read from the metadata store against the DAG version its run uses. The
/// first is always its state; a running or finished task has no other. Read only: an inspection, not the engine's path.
/// </summary>
public sealed class TaskDependencies(IDagStore dagStore, IRunQueries queries, IProcessRegistry processes, TimeProvider time)
{
    /// <summary>How recent a worker's heartbeat must be for it to count as serving its queues.</summary>
    public static readonly TimeSpan WorkerAlive = TimeSpan.FromSeconds(60);

    // Active task instances counted for MaxActiveTasks and pools: what the engine counts (queued or running).
    private static readonly TaskInstanceState[] Active = [TaskInstanceState.Queued, TaskInstanceState.Running];

    private static readonly Dictionary<string, TriggerRule> Rules = Enum.GetValues<TriggerRule>().ToDictionary(TriggerRuleEvaluator.Name, StringComparer.Ordinal);

    /// <exception cref="OperationException">The ids are malformed (400), or no such DAG, run or task instance (404).</exception>
    public async Task<IReadOnlyList<TaskDependency>> ExplainAsync(string dagId, string runId, string taskId, CancellationToken ct)
    {
        foreach (var (what, id) in new[] { ("DAG id", dagId), ("task id", MappedTaskId.TaskOf(taskId ?? "")) })
        {
            if (!Identifiers.IsValidId(id))
            {
                throw new OperationException($"'{id}' is not a {what}: {Identifiers.IdRule}.");
            }
        }

        var dag = await dagStore.GetDagAsync(dagId, ct) ?? throw new OperationException($"No DAG '{dagId}' is known to the metadata database.", 404);
        var snapshot = await queries.GetRunAsync(new RunKey(dagId, runId), ct) ?? throw new OperationException($"DAG '{dagId}' has no run '{runId}' ('runs list {dagId}' lists them).", 404);
        if (!snapshot.Tasks.TryGetValue(taskId!, out var task))
        {
            throw new OperationException($"Run '{runId}' of DAG '{dagId}' has no task instance '{taskId}' (a mapped instance is addressed as task[index]).", 404);
        }

        var now = time.GetUtcNow();
        var reasons = new List<TaskDependency> { new("state", StateReason(task, now)) };
        if (task.State is TaskInstanceState.Running || IsFinished(task.State))
        {
            return reasons;
        }

        var structure = await dagStore.GetVersionAsync(dagId, snapshot.Run.DagVersion, ct);
        var node = structure?.Tasks.FirstOrDefault(t => t.TaskId == MappedTaskId.TaskOf(task.TaskId));
        if (dag.IsPaused)
        {
            reasons.Add(new("dag_paused", $"DAG '{dagId}' is paused: nothing of it is scheduled. Unpause it ('dags unpause {dagId}')."));
        }

        if (snapshot.Run.State != DagRunState.Running)
        {
            reasons.Add(new("run_state", $"the run is {StateNames.Of(snapshot.Run.State)}, not running" + (snapshot.Run.State == DagRunState.Queued ? ": the scheduler starts it when the DAG may run one more" : "")));
            if (snapshot.Run.State == DagRunState.Queued && structure is not null)
            {
                var running = (await queries.ListRunsAsync(dagId, DagRunState.Running, structure.MaxActiveRuns + 1, ct)).Count;
                if (running >= structure.MaxActiveRuns)
                {
                    reasons.Add(new("max_active_runs", $"{running} of MaxActiveRuns {structure.MaxActiveRuns} runs of DAG '{dagId}' are running"));
                }
            }
        }

        if (node is not null && task.State is TaskInstanceState.None)
        {
            AddTriggerRule(reasons, node, snapshot);
        }

        AddWaits(reasons, task, dagId, runId, now);
        if (task.State is TaskInstanceState.None or TaskInstanceState.Scheduled or TaskInstanceState.UpForRetry or TaskInstanceState.UpForReschedule && structure is not null)
        {
            await AddCapacityAsync(reasons, task, structure!, ct);
        }

        if (task.State is not TaskInstanceState.AwaitingInput)
        {
            await AddWorkerAsync(reasons, task, now, ct);
        }

        return reasons;
    }

    private static void AddTriggerRule(List<TaskDependency> reasons, TaskStructure node, RunSnapshot snapshot)
    {
        var upstream = node.Upstream.SelectMany(u => snapshot.Tasks.Values.Where(t => MappedTaskId.TaskOf(t.TaskId) == u)).ToList();
        var rule = Rules.GetValueOrDefault(node.TriggerRule, TriggerRule.AllSuccess);
        var summary = UpstreamSummary.Of(upstream.Select(t => t.State));
        if (TriggerRuleEvaluator.Evaluate(rule, summary) == TriggerDecision.Run)
        {
            return;
        }

        var waiting = upstream.Where(t => !IsFinished(t.State)).Select(t => $"{t.TaskId} ({StateNames.Of(t.State)})").ToList();
        reasons.Add(new("trigger_rule", TriggerRuleEvaluator.Explain(rule, summary)
            + (waiting.Count > 0 ? $"; not done: {string.Join(", ", waiting)}" : "")));
    }

    private static void AddWaits(List<TaskDependency> reasons, TaskInstance task, string dagId, string runId, DateTimeOffset now)
    {
        var until = task.NextTryAt is { } at && at > now ? $"until {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({Seconds(at - now)} from now)" : "now due: the scheduler queues it at its next tick";
        switch (task.State)
        {
            case TaskInstanceState.UpForRetry:
                reasons.Add(new("retry_delay", $"try {task.TryNumber} failed; waiting for its retry delay {until}"));
                break;
            case TaskInstanceState.UpForReschedule:
                reasons.Add(new("reschedule", $"the sensor's condition was not met; it pokes again {until}"));
                break;
            case TaskInstanceState.AwaitingInput:
                reasons.Add(new("approval", $"waiting for a person to approve or reject it ('tasks approve {dagId} --run {runId} --task {task.TaskId}' or the UI)"));
                break;
        }
    }

    private async Task AddCapacityAsync(List<TaskDependency> reasons, TaskInstance task, DagStructure structure, CancellationToken ct)
    {
        var active = (await queries.ListTaskInstancesAsync(Active, 100_000, ct)).Where(t => t.DagId == task.DagId).Count();
        if (active >= structure.MaxActiveTasks)
        {
            reasons.Add(new("max_active_tasks", $"{active} of MaxActiveTasks {structure.MaxActiveTasks} task instances of DAG '{task.DagId}' are queued or running"));
        }

        if ((await queries.ListPoolUsageAsync(ct)).FirstOrDefault(p => p.Name == task.Pool) is { } pool && pool.Queued + pool.Running >= pool.Slots)
        {
            reasons.Add(new("pool", $"pool '{pool.Name}' is full: {pool.Queued + pool.Running} of {pool.Slots} slots in use ({pool.Running} running, {pool.Queued} queued); 'pools set {pool.Name} <slots>' changes its size"));
        }
    }

    private async Task AddWorkerAsync(List<TaskDependency> reasons, TaskInstance task, DateTimeOffset now, CancellationToken ct)
    {
        var workers = (await processes.ListProcessesAsync(now - WorkerAlive, ct)).Where(p => p.Roles.Contains("worker")).ToList();
        if (!workers.Any(w => w.Queues.Contains(task.Queue)))
        {
            var others = workers.SelectMany(w => w.Queues).Distinct().Order(StringComparer.Ordinal).ToList();
            reasons.Add(new("worker", $"no live worker serves queue '{task.Queue}' (no worker heartbeat on it within {WorkerAlive.TotalSeconds:0} s"
                + (others.Count > 0 ? $"; live workers serve {string.Join(", ", others)}" : "; no worker is alive") + $"): start one with 'worker --queues {task.Queue}'"));
        }
    }

    private static string StateReason(TaskInstance task, DateTimeOffset now) => task.State switch
    {
        TaskInstanceState.Running => $"running (try {task.TryNumber}{(task.Hostname is null ? "" : $" on {task.Hostname}")}" + (task.StartedAt is { } s ? $", for {Seconds(now - s)})" : ")"),
        var finished when IsFinished(finished) => $"{StateNames.Of(finished)}: it has finished; clear it to run it again ('tasks clear {task.DagId} --run {task.RunId} --task {MappedTaskId.TaskOf(task.TaskId)}')",
        TaskInstanceState.Queued => $"queued{(task.QueuedAt is { } q ? $" for {Seconds(now - q)}" : "")}: handed to queue '{task.Queue}', waiting for a worker to take it",
        TaskInstanceState.Scheduled => "scheduled: its upstream tasks allow it to run; waiting for room (MaxActiveTasks, pool) to be queued",
        TaskInstanceState.None => "none: not scheduled yet",
        var other => StateNames.Of(other),
    };

    private static bool IsFinished(TaskInstanceState state) => state is TaskInstanceState.Success or TaskInstanceState.Failed or TaskInstanceState.Skipped
        or TaskInstanceState.UpstreamFailed or TaskInstanceState.Removed;

    private static string Seconds(TimeSpan span) => span.TotalSeconds < 120
        ? $"{Math.Max(0, span.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)} s"
        : $"{span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min";
}
