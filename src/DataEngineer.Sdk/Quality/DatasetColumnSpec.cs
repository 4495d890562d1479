namespace DataEngineer.Sdk;

/// <summary>
/// One column of a dataset as its owner declares it: documentation and classification for the catalog, and the
/// type and nullability a <see cref="Dataset.Contract"/> promises to consumers.
/// </summary>
/// <param name="Name">The column's name in the table.</param>
public sealed record DatasetColumnSpec(string Name)
{
    /// <summary>What the column means, for the catalog. A column without one counts as undocumented.</summary>
    public string? Description { get; init; }

    /// <summary>Who may see its values (unset: not classified).</summary>
    public DataClassification? Classification { get; init; }

    /// <summary>Its PostgreSQL type as <c>format_type</c> spells it (e.g. <c>bigint</c>, <c>numeric(12,2)</c>, <c>text</c>); checked by a contract.</summary>
    public string? Type { get; init; }

    /// <summary>Whether NULLs are allowed (default true); a contract fails a write that puts NULLs in a non-nullable column.</summary>
    public bool Nullable { get; init; } = true;
}
