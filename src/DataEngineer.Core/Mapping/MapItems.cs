using System.Collections;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Mapping;

/// <summary>
/// The worker's side of mapping: splits the list a mapped task's expansion returned into one XCom value per instance
/// (each instance then reads only its own element), and collects the instances' results, in index order, for a
/// downstream task.
/// </summary>
public static class MapItems
{
    /// <summary>The expansion's XCom values: the length, and each element under its instance.</summary>
    /// <exception cref="MapExpansionException">The list is null or longer than <paramref name="maxLength"/>.</exception>
    public static IReadOnlyList<XComEntry> Split(TaskNode node, DagRun run, object? list, int maxLength, Func<object?, Type, string, string> toJson)
    {
        var source = node.Definition.Inputs.Count > 0 ? $"the value of '{node.Definition.Inputs[0].TaskId}'" : "its constant list";
        if (list is not IList items)
        {
            throw new MapExpansionException(
                $"Task '{node.Id}' maps over {source}, which is {(list is null ? "null" : $"a {list.GetType().Name}")}, not a list. " +
                $"Return a list (an empty one skips '{node.Id}').");
        }

        if (items.Count > maxLength)
        {
            throw new MapExpansionException(
                $"Task '{node.Id}' would expand to {items.Count:N0} instances, above its maximum of {maxLength:N0} " +
                "(TaskOptions.MaxMapLength, or DataEngineer:MaxMapLength for every task). Map over fewer items, e.g. batches, or raise the limit.");
        }

        var itemType = node.Definition.Mapping!.ItemType;
        var entries = new List<XComEntry>(items.Count + 1)
        {
            new(run.DagId, run.RunId, node.Id, MapExpansion.LengthKey, items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        for (var index = 0; index < items.Count; index++)
        {
            var id = MappedTaskId.Of(node.Id, index);
            entries.Add(new XComEntry(run.DagId, run.RunId, id, MapExpansion.ItemKey, toJson(items[index], itemType, $"{MapExpansion.ItemKey} of {id}")));
        }

        return entries;
    }

    /// <summary>The instance's element, as its item type.</summary>
    public static async Task<object?> ItemAsync(IXComStore store, TaskNode node, TaskInstance instance, Action<string> observe, CancellationToken ct)
    {
        var entry = await store.GetXComAsync(instance.Run, instance.TaskId, MapExpansion.ItemKey, ct)
            ?? throw new MapExpansionException($"Instance '{instance.TaskId}' has no element stored: clear '{node.Id}' so it expands again.");
        observe(entry.Json);
        return XComJson.Read(entry.Json, node.Definition.Mapping!.ItemType, node.Id, instance.TaskId);
    }

    /// <summary>
    /// The results of a mapped task's instances as one JSON array in index order (instances that returned nothing, were
    /// skipped or failed are left out), or null when the task did not expand. Two reads however wide the map: its length,
    /// then every instance's result at once.
    /// </summary>
    public static async Task<string?> CollectedJsonAsync(IXComStore store, RunKey run, string taskId, CancellationToken ct)
    {
        if (await store.GetXComAsync(run, taskId, MapExpansion.LengthKey, ct) is not { } length)
        {
            return null;
        }

        var count = int.Parse(length.Json, System.Globalization.CultureInfo.InvariantCulture);
        var results = await store.GetXComsAsync(run, [.. Enumerable.Range(0, count).Select(i => MappedTaskId.Of(taskId, i))], XComKeys.ReturnValue, ct);
        var values = results.Select(r => (Index: MappedTaskId.TryParse(r.TaskId, out _, out var index) ? index : -1, r.Json)).OrderBy(r => r.Index).Select(r => r.Json);
        return $"[{string.Join(",", values)}]";
    }
}
