using System.Collections;
using System.Diagnostics.CodeAnalysis;
using DataEngineer.Core.Mapping;

namespace DataEngineer.Core.Validation;

/// <summary>
/// A graph's tasks by id. A mapped task's instance id (<c>process_file[3]</c>) finds its task's node too, so whatever
/// looks a task instance's node up (its settings, its code, its downstream tasks) treats an instance as its task.
/// Enumerating yields the tasks only.
/// </summary>
internal sealed class TaskNodes(Dictionary<string, TaskNode> nodes) : IReadOnlyDictionary<string, TaskNode>
{
    public TaskNode this[string key] => TryGetValue(key, out var node) ? node : throw new KeyNotFoundException($"No task '{key}'.");

    public IEnumerable<string> Keys => nodes.Keys;

    public IEnumerable<TaskNode> Values => nodes.Values;

    public int Count => nodes.Count;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TaskNode value)
    {
        if (nodes.TryGetValue(key, out value))
        {
            return true;
        }

        return MappedTaskId.TryParse(key, out var taskId, out _) && nodes.TryGetValue(taskId, out value) && value.Definition.Mapping is not null;
    }

    public IEnumerator<KeyValuePair<string, TaskNode>> GetEnumerator() => nodes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
