using DataEngineer.Core.Storage;

namespace DataEngineer.Ui.Presentation;

/// <summary>One broken thing in a line, with the address of the page where it is fixed.</summary>
public sealed record BrokenNowItem(string Kind, string Text, string Href)
{
    /// <summary>
    /// Every item of <paramref name="broken"/>, the most urgent kinds first (failed and stuck runs, retries, queued tasks,
    /// failed checks, breached datasets, import errors), each as the Broken now page links it.
    /// </summary>
    public static IEnumerable<BrokenNowItem> All(BrokenNow broken)
    {
        ArgumentNullException.ThrowIfNull(broken);
        foreach (var run in broken.FailedRuns)
        {
            yield return new("failed run", $"{run.DagId} / {run.RunId}", Links.Run(run.DagId, run.RunId));
        }

        foreach (var stuck in broken.StuckRuns)
        {
            yield return new("stuck run", $"{stuck.Run.DagId} / {stuck.Run.RunId}: {stuck.Reason}", Links.Run(stuck.Run.DagId, stuck.Run.RunId));
        }

        foreach (var task in broken.UpForRetry)
        {
            yield return new("up for retry", $"{task.DagId} / {task.TaskId} try {task.TryNumber} of {task.MaxTries}", Links.Try(task.DagId, task.RunId, task.TaskId, task.TryNumber));
        }

        foreach (var task in broken.QueuedTooLong)
        {
            yield return new("queued too long", $"{task.DagId} / {task.TaskId} on queue {task.Queue}", Links.Run(task.DagId, task.RunId));
        }

        foreach (var check in broken.FailedChecks)
        {
            yield return new("failed check", $"{check.Name} on {check.Target}: {check.FailingCount} failing rows", Links.Try(check.DagId, check.RunId, check.TaskId, check.TryNumber));
        }

        foreach (var dataset in broken.BreachedDatasets)
        {
            yield return new("freshness breached", dataset.Name, Links.Dataset(dataset.Name));
        }

        foreach (var error in broken.ImportErrors)
        {
            yield return new("import error", error.Source, "broken");
        }
    }
}
