using System.Text.Json;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Quality;

/// <summary>What changed in a dataset between its previous write and this one: columns, and values outside accepted sets.</summary>
public static class DatasetDrift
{
    /// <summary>Drift events of <paramref name="write"/> against <paramref name="previous"/> (none for a first write's schema).</summary>
    public static IEnumerable<QualityEvent> Between(DatasetRecord? previous, DatasetWrite write, Dataset dataset)
    {
        if (previous is not null && !previous.Columns.SequenceEqual(write.Columns))
        {
            yield return Event(QualityEventKinds.SchemaDrift, write, ColumnChanges(write.Dataset, previous.Columns, write.Columns),
                JsonSerializer.Serialize(previous.Columns.Select(c => new { name = c.Name, type = c.Type })),
                JsonSerializer.Serialize(write.Columns.Select(c => new { name = c.Name, type = c.Type })));
        }

        foreach (var (column, accepted) in dataset.AcceptedValues)
        {
            var values = write.ColumnValues.GetValueOrDefault(column) ?? [];
            var outside = values.Except(accepted, StringComparer.Ordinal).ToList();
            var before = previous?.ColumnValues.GetValueOrDefault(column) ?? [];
            var wasOutside = before.Except(accepted, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
            var fresh = outside.Where(v => !wasOutside.Contains(v)).ToList();
            if (fresh.Count > 0)
            {
                yield return Event(QualityEventKinds.NewValues, write,
                    $"{dataset.Name}.{column} has {(fresh.Count == 1 ? "a value" : "values")} outside its accepted set: {string.Join(", ", fresh.Select(v => $"'{v}'"))}",
                    JsonSerializer.Serialize(before), JsonSerializer.Serialize(values));
            }
        }
    }

    private static string ColumnChanges(string dataset, IReadOnlyList<DatasetColumn> before, IReadOnlyList<DatasetColumn> after)
    {
        var old = before.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var now = after.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var changes = new List<string>();
        changes.AddRange(after.Where(c => !old.ContainsKey(c.Name)).Select(c => $"added {c.Name} {c.Type}"));
        changes.AddRange(before.Where(c => !now.ContainsKey(c.Name)).Select(c => $"removed {c.Name}"));
        changes.AddRange(after.Where(c => old.TryGetValue(c.Name, out var t) && t != c.Type).Select(c => $"{c.Name} {old[c.Name]} -> {c.Type}"));
        if (changes.Count == 0)
        {
            changes.Add("columns reordered");
        }

        return $"The schema of {dataset} changed: {string.Join("; ", changes)}";
    }

    private static QualityEvent Event(string kind, DatasetWrite write, string message, string before, string after) => new()
    {
        Kind = kind,
        Severity = "warn",
        Dataset = write.Dataset,
        DagId = write.DagId,
        RunId = write.RunId,
        TaskId = write.TaskId,
        TryNumber = write.TryNumber,
        Message = message,
        Before = before,
        After = after,
        At = write.At,
    };
}
