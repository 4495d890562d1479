using DataEngineer.Sdk;

namespace DataEngineer.Host.Api;

/// <summary>A documented column: type, nullability, the values it accepts (null: any), classification (public, internal, confidential, pii) and description.</summary>
internal sealed record ApiCatalogColumn(string Name, string? Type, bool Nullable, IReadOnlyList<string>? AcceptedValues, string? Classification, string? Description)
{
    public static ApiCatalogColumn Of(DatasetColumnSpec column) =>
        new(column.Name, column.Type, column.Nullable, column.AcceptedValues, column.Classification?.ToString().ToLowerInvariant(), column.Description);
}
