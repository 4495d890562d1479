using System.Security.Cryptography;
using System.Text;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Validation;

/// <summary>
/// Hashes what makes a DAG version distinct: options, tasks, edges, types, task settings, and the
/// code itself (the module version id of the compiled assembly, which deterministic compilation
/// derives from the source), so a changed task body is a new version too.
/// </summary>
internal static class DagVersion
{
    public static string Of(DagDefinition definition, IEnumerable<TaskNode> tasks)
    {
        var text = new StringBuilder();
        var o = definition.Options;
        text.AppendLine($"{definition.Id}|{definition.DagType.Module.ModuleVersionId}|{o.Schedule}|{o.TimeZone}|{o.StartDate:O}|{o.EndDate:O}|{o.Catchup}|{o.MaxActiveRuns}|{o.MaxActiveTasks}|{definition.ParamsType?.FullName}|{o.ScheduleOn}");
        foreach (var task in tasks.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var inputs = string.Join(",", task.Definition.Inputs.Select(i => $"{i.TaskId}:{i.Type.FullName}"));
            var upstream = string.Join(",", task.Upstream.Order(StringComparer.Ordinal));
            text.AppendLine($"{task.Id}|{task.Definition.Kind}|{upstream}|{inputs}|{task.Definition.OutputType?.FullName}|{task.Settings}{Mapped(task)}");
        }

        // Only mapped tasks add to the text, so the versions of DAGs without mapping stay as they were.
        static string Mapped(TaskNode task) => task.Definition.Mapping is { } m ? $"|map:{m.ItemType.FullName}:{m.ItemOutputType?.FullName}" : "";

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}
