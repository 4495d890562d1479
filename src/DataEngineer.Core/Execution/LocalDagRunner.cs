using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Runs one DAG run to the end inside this process (what <c>dags test</c> uses): tries run
/// concurrently up to the DAG's MaxActiveTasks, highest priority first; retries wait their delay;
/// every state change goes through the store with the same rules the distributed engine uses, and every try through
/// the same <see cref="TryPipeline"/> the worker uses (its filters told of each end the runner records; without one, the
/// standard pipeline with no try-end filters). It writes runs through <see cref="IRunStore"/> only; it takes the whole
/// <see cref="IMetadataStore"/> to compose that standard pipeline (<see cref="TryPipeline.Standard"/>), whose tries read
/// XCom, variables, watermarks and datasets and write logs and observations.
/// </summary>
public sealed class LocalDagRunner(IMetadataStore store, TimeProvider time, TaskRuntimeOptions options, TryPipeline? tries = null)
{
    private readonly TryPipeline _tries = tries ?? TryPipeline.Standard(store, time, options, null, NullLogger.Instance);

    public async Task<RunSnapshot> RunAsync(DagGraph graph, RunKey key, CancellationToken ct = default)
    {
        var running = new Dictionary<string, Task>(StringComparer.Ordinal);
        await store.UpdateRunAsync(key, s => RunProgression.Start(s, time.GetUtcNow()), ct);
        var snapshot = await store.UpdateRunAsync(key, s => RunProgression.Advance(graph, s, time.GetUtcNow()), ct);
        while (!snapshot.Run.State.IsFinished())
        {
            foreach (var task in Ready(graph, snapshot).Take(graph.Options.MaxActiveTasks - running.Count))
            {
                var claimed = await store.UpdateRunAsync(key, s => RunProgression.Claim(s, task.TaskId, options.Hostname, time.GetUtcNow()), ct);
                var mine = claimed.Tasks[task.TaskId];
                if (mine.State == TaskInstanceState.Running && mine.TryNumber == task.TryNumber + 1)
                {
                    running[task.TaskId] = Task.Run(() => ExecuteAsync(graph, claimed.Run, mine, ct), CancellationToken.None);
                }
            }

            await WaitForChangeAsync(running, snapshot, ct);
            foreach (var done in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
            {
                await running[done];
                running.Remove(done);
            }

            snapshot = await store.UpdateRunAsync(key, s => RunProgression.Advance(graph, s, time.GetUtcNow()), ct);
        }

        return snapshot;
    }

    private static IEnumerable<TaskInstance> Ready(DagGraph graph, RunSnapshot snapshot)
    {
        var order = graph.TopologicalOrder.Select((node, index) => (node.Id, index)).ToDictionary(x => x.Id, x => x.index, StringComparer.Ordinal);
        return snapshot.Tasks.Values.Where(t => t.State == TaskInstanceState.Scheduled)
            .OrderByDescending(t => t.PriorityWeight).ThenBy(t => order[Mapping.MappedTaskId.TaskOf(t.TaskId)]);
    }

    private async Task WaitForChangeAsync(Dictionary<string, Task> running, RunSnapshot snapshot, CancellationToken ct)
    {
        var waits = new List<Task>(running.Values);
        var nextTry = snapshot.Tasks.Values.Where(t => t.State is TaskInstanceState.UpForRetry or TaskInstanceState.UpForReschedule).Min(t => t.NextTryAt);
        if (nextTry is { } at)
        {
            var delay = at - time.GetUtcNow();
            waits.Add(delay > TimeSpan.Zero ? Task.Delay(delay, time, ct) : Task.CompletedTask);
        }

        if (waits.Count == 0)
        {
            // Nothing runs and nothing waits: Advance decides every task whose upstreams are done, so this cannot happen.
            throw new InvalidOperationException($"Run {snapshot.Run.Key} is stuck: no task can run or be decided.");
        }

        await Task.WhenAny(waits);
        ct.ThrowIfCancellationRequested();
    }

    private async Task ExecuteAsync(DagGraph graph, DagRun run, TaskInstance task, CancellationToken ct)
    {
        var outcome = await _tries.InvokeAsync(graph, run, task, ct);
        var recorded = false;
        var after = await store.UpdateRunAsync(run.Key, s =>
        {
            var changes = RunProgression.Complete(graph, s, task.TaskId, task.TryNumber, outcome, time.GetUtcNow());
            recorded = !changes.IsEmpty;
            return changes;
        }, CancellationToken.None);
        if (recorded)
        {
            _tries.TryEnded(new TryEnd(graph, after, task.TaskId, task.TryNumber, TryEndedBy.Runner));
        }
    }
}
