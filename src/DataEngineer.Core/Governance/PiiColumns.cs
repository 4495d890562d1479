using System.Runtime.CompilerServices;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Governance;

/// <summary>
/// The columns classified <see cref="DataClassification.Pii"/> in dataset declarations, by dataset. Column names
/// match whatever their spelling in code: case and underscores are ignored (<c>customer_email</c>,
/// <c>CustomerEmail</c> and <c>customerEmail</c> are one name), so a C# property serialized to JSON matches its column.
/// A dataset classified PII by any declaration counts as PII.
/// </summary>
public sealed class PiiColumns
{
    private static readonly ConditionalWeakTable<IDagRegistry, Snapshot> Declarations = new();
    private readonly Dictionary<string, HashSet<string>> _byDataset;

    private PiiColumns(Dictionary<string, HashSet<string>> byDataset)
    {
        _byDataset = byDataset;
        All = byDataset.Values.SelectMany(c => c).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>No PII columns at all.</summary>
    public static PiiColumns Empty { get; } = new(new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Every PII column of every dataset, normalized (see <see cref="Normalize"/>).</summary>
    public IReadOnlySet<string> All { get; }

    /// <summary>The PII columns of these dataset declarations.</summary>
    public static PiiColumns Of(IEnumerable<Dataset> datasets)
    {
        var byDataset = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var dataset in datasets)
        {
            foreach (var column in dataset.Columns.Where(c => c.Classification == DataClassification.Pii))
            {
                if (!byDataset.TryGetValue(dataset.Name, out var columns))
                {
                    columns = new HashSet<string>(StringComparer.Ordinal);
                    byDataset[dataset.Name] = columns;
                }

                columns.Add(Normalize(column.Name));
            }
        }

        return new PiiColumns(byDataset);
    }

    /// <summary>The PII columns of the datasets every task of these DAGs reads or writes.</summary>
    public static PiiColumns Of(IEnumerable<DagGraph> dags) => Of(dags.SelectMany(d => d.Tasks.Values).SelectMany(DatasetsOf));

    /// <summary>The PII columns the DAGs loaded in <paramref name="registry"/> declare, worked out again only when they change.</summary>
    public static PiiColumns Declared(IDagRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var generation = registry.Generation;
        if (Declarations.TryGetValue(registry, out var known) && known.Generation == generation)
        {
            return known.Columns;
        }

        var columns = Of(registry.Dags);
        Declarations.AddOrUpdate(registry, new Snapshot(generation, columns));
        return columns;
    }

    /// <summary>The datasets a task declares it reads or writes.</summary>
    public static IEnumerable<Dataset> DatasetsOf(TaskNode node) => node.Definition.Options.Reads.Concat(node.Definition.Options.Writes);

    /// <summary>The PII columns of one dataset (none when it is not declared or has none).</summary>
    public IReadOnlySet<string> Of(string dataset) =>
        _byDataset.TryGetValue(dataset, out var columns) ? columns : (IReadOnlySet<string>)new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A column or property name as it is compared: lower case, without underscores.</summary>
    public static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private sealed record Snapshot(long Generation, PiiColumns Columns);
}
