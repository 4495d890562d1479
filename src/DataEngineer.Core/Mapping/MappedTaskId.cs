using System.Globalization;

namespace DataEngineer.Core.Mapping;

/// <summary>
/// A mapped task instance's id: its task's id and its map index, <c>process_file[3]</c>. Task ids cannot contain
/// <c>[</c>, so an instance id never clashes with a task's; everything keyed by task id (tries, logs, XCom, clear, mark,
/// REST and CLI addressing) addresses one instance with it.
/// </summary>
public static class MappedTaskId
{
    public static string Of(string taskId, int index) => $"{taskId}[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>Splits <c>task[index]</c>; false for a plain task id.</summary>
    public static bool TryParse(string id, out string taskId, out int index)
    {
        taskId = id;
        index = -1;
        var open = id.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0 || id[^1] != ']'
            || !int.TryParse(id.AsSpan(open + 1, id.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        taskId = id[..open];
        index = parsed;
        return true;
    }

    public static bool IsInstance(string id) => TryParse(id, out _, out _);

    /// <summary>The task an id belongs to: the mapped task of an instance, else the id itself.</summary>
    public static string TaskOf(string id) => TryParse(id, out var taskId, out _) ? taskId : id;
}
