using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>A dataset update that triggered a run: the dataset and the producing DAG, run, task and try.</summary>
internal sealed record ApiDatasetEvent(string Dataset, string DagId, string RunId, string TaskId, int TryNumber, DateTimeOffset At)
{
    public static ApiDatasetEvent Of(DatasetEvent e) => new(e.Dataset, e.DagId, e.RunId, e.TaskId, e.TryNumber, e.At);
}
