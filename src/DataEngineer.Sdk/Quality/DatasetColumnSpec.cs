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

    /// <summary>
    /// The only values the column may hold, compared as text (unset: any value); a contract fails a write that puts
    /// another value in it. NULL is governed by <see cref="Nullable"/>.
    /// </summary>
    public IReadOnlyList<string>? AcceptedValues { get; init; }

    /// <summary>Equal when every property is, the accepted values compared one by one.</summary>
    public bool Equals(DatasetColumnSpec? other) =>
        other is not null && Name == other.Name && Description == other.Description && Classification == other.Classification
        && Type == other.Type && Nullable == other.Nullable && (AcceptedValues is null) == (other.AcceptedValues is null)
        && (AcceptedValues ?? []).SequenceEqual(other.AcceptedValues ?? [], StringComparer.Ordinal);

    /// <summary>A hash consistent with <see cref="Equals(DatasetColumnSpec?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Name, Description, Classification, Type, Nullable, AcceptedValues?.Count);
}
