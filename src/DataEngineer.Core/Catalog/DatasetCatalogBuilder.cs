using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Catalog;

/// <summary>
/// Builds the dataset catalog and lineage from the loaded DAGs. A dataset declared in several places gets ONE entry:
/// the declaration of a task that writes it wins (the producer owns the data), the first such task by DAG and task id
/// when several writers declare it; with no declaring writer, the first declaring reader's. A declaration that only
/// names the dataset (a reader's <c>new Dataset("x")</c>) never conflicts. Every other declaration that differs from
/// the winner is kept as a warning on the entry (shown by <c>datasets show</c>); nothing here throws on a conflict.
/// </summary>
public static class DatasetCatalogBuilder
{
    public static DatasetCatalogSnapshot Build(IEnumerable<DagGraph> dags)
    {
        ArgumentNullException.ThrowIfNull(dags);
        var declarations = dags
            .SelectMany(g => g.TopologicalOrder.SelectMany(t =>
                t.Definition.Options.Reads.Select(d => new DatasetDeclaration(g.DagId, t.Id, DatasetAccess.Reads, d))
                    .Concat(t.Definition.Options.Writes.Select(d => new DatasetDeclaration(g.DagId, t.Id, DatasetAccess.Writes, d)))))
            .ToList();
        var edges = declarations.Select(d => new LineageEdge(d.DagId, d.TaskId, d.Dataset.Name, d.Access)).Distinct()
            .OrderBy(e => e.Dataset, StringComparer.Ordinal).ThenBy(e => e.Access).ThenBy(e => e.DagId, StringComparer.Ordinal).ThenBy(e => e.TaskId, StringComparer.Ordinal)
            .ToList();
        var entries = declarations.GroupBy(d => d.Dataset.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(Entry).ToList();
        return new DatasetCatalogSnapshot(entries, edges);
    }

    private static DatasetCatalogEntry Entry(IGrouping<string, DatasetDeclaration> group)
    {
        var declaring = group.Where(d => d.SaysMoreThanTheName)
            .OrderBy(d => d.Access == DatasetAccess.Writes ? 0 : 1).ThenBy(d => d.DagId, StringComparer.Ordinal).ThenBy(d => d.TaskId, StringComparer.Ordinal)
            .ToList();
        if (declaring.Count == 0)
        {
            return new DatasetCatalogEntry { Name = group.Key };
        }

        var winner = declaring[0];
        var warnings = new List<string>();
        foreach (var other in declaring.Skip(1))
        {
            var differences = other.DifferencesFrom(winner);
            if (differences.Count > 0 && !warnings.Any(w => w.StartsWith(other.Task + " ", StringComparison.Ordinal)))
            {
                warnings.Add($"{other.Task} ({Verb(other.Access)}) declares {group.Key} with a different {string.Join(", ", differences)} than " +
                    $"{winner.Task} ({Verb(winner.Access)}); the declaration of {winner.Task} is used. Declare the dataset once (a shared static Dataset) so they agree.");
            }
        }

        var d = winner.Dataset;
        return new DatasetCatalogEntry
        {
            Name = group.Key,
            Owner = d.Owner,
            Description = d.Description,
            Tags = d.Tags,
            Columns = d.Columns,
            Contract = d.Contract,
            Retention = d.Retention,
            FreshnessColumn = d.FreshnessColumn,
            FreshnessSla = d.FreshnessSla,
            DeclaredBy = winner.Task,
            Warnings = warnings,
        };
    }

    private static string Verb(DatasetAccess access) => access == DatasetAccess.Writes ? "writes" : "reads";
}
