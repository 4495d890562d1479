using DataEngineer.Sdk;

namespace DataEngineer.Core.Storage;

/// <summary>
/// What the DAGs declare about one dataset (its <see cref="Dataset"/> catalog properties), as of the scheduler's last DAG sync.
/// When several tasks declare it differently, a writer's declaration is used and the others are named in <see cref="Warnings"/>.
/// A dataset only referenced by name (no owner, description, columns, ...) has an entry with nothing declared.
/// </summary>
public sealed record DatasetCatalogEntry
{
    public required string Name { get; init; }
    public string? Owner { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Documented columns: description, classification, and the type and nullability a contract checks.</summary>
    public IReadOnlyList<DatasetColumnSpec> Columns { get; init; } = [];

    public ContractMode Contract { get; init; } = ContractMode.None;
    public RetentionPolicy? Retention { get; init; }
    public string? FreshnessColumn { get; init; }
    public TimeSpan? FreshnessSla { get; init; }

    /// <summary>The task whose declaration this is (<c>dag.task</c>), or null when no task declares more than the name.</summary>
    public string? DeclaredBy { get; init; }

    /// <summary>Import-style warnings: tasks that declare the dataset differently from <see cref="DeclaredBy"/>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether any task declares more than the name.</summary>
    public bool IsDeclared => DeclaredBy is not null;

    /// <summary>Declared columns classified <see cref="DataClassification.Pii"/>.</summary>
    public IReadOnlyList<string> PiiColumns => Columns.Where(c => c.Classification == DataClassification.Pii).Select(c => c.Name).ToList();
}
