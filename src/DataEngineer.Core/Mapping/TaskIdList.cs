using System.Globalization;

namespace DataEngineer.Core.Mapping;

/// <summary>
/// Task ids as an error message lists them ("Its tasks: ..."): a mapped task's instances make one entry where the first
/// of them was, <c>process_file[0..1999]</c> when their indexes have no gap, else <c>process_file[] (2,000 instances)</c>,
/// so a wide map does not bury the other ids.
/// </summary>
public static class TaskIdList
{
    public static string Of(IEnumerable<string> ids)
    {
        var entries = new List<(string Id, bool Mapped)>();
        var indexes = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!MappedTaskId.TryParse(id, out var taskId, out var index))
            {
                entries.Add((id, false));
            }
            else if (indexes.TryGetValue(taskId, out var seen))
            {
                seen.Add(index);
            }
            else
            {
                indexes[taskId] = [index];
                entries.Add((taskId, true));
            }
        }

        return string.Join(", ", entries.Select(e => e.Mapped ? Instances(e.Id, indexes[e.Id]) : e.Id));
    }

    private static string Instances(string taskId, SortedSet<int> indexes) => indexes.Count switch
    {
        1 => MappedTaskId.Of(taskId, indexes.Min),
        _ when indexes.Max - indexes.Min + 1 == indexes.Count => $"{taskId}[{indexes.Min.ToString(CultureInfo.InvariantCulture)}..{indexes.Max.ToString(CultureInfo.InvariantCulture)}]",
        _ => $"{taskId}[] ({indexes.Count.ToString("N0", CultureInfo.InvariantCulture)} instances)",
    };
}
