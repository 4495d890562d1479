using System.Text.Json;
using DataEngineer.Core.Validation;

namespace DataEngineer.Host.Api;

/// <summary>One task of a loaded DAG as the REST API shows it: its edges and its settings with the DAG's defaults applied.</summary>
internal sealed record ApiDagTask(
    string TaskId, string Kind, IReadOnlyList<string> Upstream, IReadOnlyList<string> Downstream, string TriggerRule, string Queue, string Pool,
    int Retries, double RetryDelaySeconds, double? ExecutionTimeoutSeconds, int PriorityWeight, string? OutputType)
{
    public static ApiDagTask Of(TaskNode task) => new(
        task.Id, Snake(task.Definition.Kind.ToString()), task.Upstream, task.Downstream, Snake(task.Settings.TriggerRule.ToString()), task.Settings.Queue, task.Settings.Pool,
        task.Settings.Retries, task.Settings.RetryDelay.TotalSeconds, task.Settings.ExecutionTimeout?.TotalSeconds, task.Settings.PriorityWeight, task.Definition.OutputType?.Name);

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
