using DataEngineer.Core.Storage;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// The tries one worker process is running now. A try names its worker as <c>host:pid</c> (the worker's
/// hostname setting); the process registry's id starts with the same, so the two are matched by prefix.
/// </summary>
public sealed record WorkerTries(string Worker, EngineProcessRecord? Process, IReadOnlyList<TaskInstance> Tries)
{
    /// <summary>Every worker process (idle ones too) and every worker that has running tries, busiest first.</summary>
    public static IReadOnlyList<WorkerTries> Of(IReadOnlyList<EngineProcessRecord> processes, IReadOnlyList<TaskInstance> running)
    {
        var byWorker = running.Where(t => t.State == Core.States.TaskInstanceState.Running)
            .GroupBy(t => t.Hostname ?? "unknown", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TaskInstance>)g.OrderBy(t => t.StartedAt).ToList(), StringComparer.Ordinal);
        var result = new List<WorkerTries>();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var process in processes.Where(p => p.Roles.Contains("worker")))
        {
            var worker = byWorker.Keys.FirstOrDefault(w => IsProcessOf(process, w));
            if (worker is not null)
            {
                matched.Add(worker);
            }

            result.Add(new WorkerTries(worker ?? process.ProcessId, process, worker is null ? [] : byWorker[worker]));
        }

        result.AddRange(byWorker.Where(w => !matched.Contains(w.Key)).Select(w => new WorkerTries(w.Key, null, w.Value)));
        return result.OrderByDescending(w => w.Tries.Count).ThenBy(w => w.Worker, StringComparer.Ordinal).ToList();
    }

    private static bool IsProcessOf(EngineProcessRecord process, string worker) =>
        process.ProcessId == worker || process.ProcessId.StartsWith(worker + ":", StringComparison.Ordinal);
}
