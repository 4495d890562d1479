using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>A run with its task instances and, for a dataset-triggered run, the dataset updates it consumed.</summary>
internal sealed record ApiRunDetail(ApiRun Run, IReadOnlyList<ApiTaskInstance> TaskInstances, IReadOnlyList<ApiDatasetEvent> TriggeredBy)
{
    public static async Task<ApiRunDetail> OfAsync(IDatasetEventStore datasetEvents, RunSnapshot snapshot, CancellationToken ct)
    {
        var triggers = snapshot.Run.Type == DagRunType.DatasetTriggered ? await datasetEvents.ListRunTriggersAsync(snapshot.Run.Key, ct) : [];
        return new(ApiRun.Of(snapshot.Run), TaskInstancesOf(snapshot), triggers.Select(ApiDatasetEvent.Of).ToList());
    }

    public static IReadOnlyList<ApiTaskInstance> TaskInstancesOf(RunSnapshot snapshot) =>
        snapshot.Tasks.Values.OrderBy(t => t.TaskId, StringComparer.Ordinal).Select(ApiTaskInstance.Of).ToList();
}
