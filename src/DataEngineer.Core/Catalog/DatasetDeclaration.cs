using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Catalog;

/// <summary>One task's declaration of a dataset, as found in its <c>TaskOptions.Reads</c> or <c>Writes</c>.</summary>
internal sealed record DatasetDeclaration(string DagId, string TaskId, DatasetAccess Access, Dataset Dataset)
{
    public string Task => $"{DagId}.{TaskId}";

    /// <summary>Whether it says more than the name: only such declarations can conflict.</summary>
    public bool SaysMoreThanTheName =>
        Dataset.Owner is not null || Dataset.Description is not null || Dataset.Tags.Count > 0 || Dataset.Columns.Count > 0
        || Dataset.Contract != ContractMode.None || Dataset.Retention is not null || Dataset.FreshnessColumn is not null || Dataset.FreshnessSla is not null;

    /// <summary>The catalog properties in which this declaration differs from <paramref name="other"/>.</summary>
    public IReadOnlyList<string> DifferencesFrom(DatasetDeclaration other)
    {
        var a = Dataset;
        var b = other.Dataset;
        var differences = new List<string>();
        Add(a.Owner == b.Owner, "owner");
        Add(a.Description == b.Description, "description");
        Add(a.Tags.SequenceEqual(b.Tags, StringComparer.Ordinal), "tags");
        Add(a.Columns.SequenceEqual(b.Columns), "columns");
        Add(a.Contract == b.Contract, "contract");
        Add(a.Retention == b.Retention, "retention");
        Add(a.FreshnessColumn == b.FreshnessColumn, "freshness column");
        Add(a.FreshnessSla == b.FreshnessSla, "freshness SLA");
        return differences;

        void Add(bool same, string what)
        {
            if (!same)
            {
                differences.Add(what);
            }
        }
    }
}
