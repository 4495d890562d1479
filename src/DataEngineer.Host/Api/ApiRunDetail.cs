using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>A run with its task instances.</summary>
internal sealed record ApiRunDetail(ApiRun Run, IReadOnlyList<ApiTaskInstance> TaskInstances)
{
    public static ApiRunDetail Of(RunSnapshot snapshot) =>
        new(ApiRun.Of(snapshot.Run), snapshot.Tasks.Values.OrderBy(t => t.TaskId, StringComparer.Ordinal).Select(ApiTaskInstance.Of).ToList());
}
