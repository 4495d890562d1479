using DataEngineer.Sdk;

namespace DataEngineer.Ui.Presentation;

/// <summary>One column of a schema version and how it differs from the version before: added, removed, retyped or unchanged.</summary>
public sealed record ColumnChange(string Name, string Type, string? PreviousType, string Change)
{
    /// <summary>The columns of <paramref name="version"/> and those <paramref name="previous"/> had that it dropped; all unchanged for the first version.</summary>
    public static IReadOnlyList<ColumnChange> Between(IReadOnlyList<DatasetColumn>? previous, IReadOnlyList<DatasetColumn> version)
    {
        if (previous is null)
        {
            return version.Select(c => new ColumnChange(c.Name, c.Type, null, "unchanged")).ToList();
        }

        var before = previous.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var now = version.Select(c => new ColumnChange(c.Name, c.Type, before.GetValueOrDefault(c.Name), before.TryGetValue(c.Name, out var type)
            ? type == c.Type ? "unchanged" : "retyped"
            : "added"));
        var kept = version.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var removed = previous.Where(c => !kept.Contains(c.Name)).Select(c => new ColumnChange(c.Name, c.Type, c.Type, "removed"));
        return now.Concat(removed).ToList();
    }
}
