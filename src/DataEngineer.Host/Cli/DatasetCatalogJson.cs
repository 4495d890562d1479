using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Host.Cli;

/// <summary>A catalog entry and a dataset's readers and writers as the CLI's --json output spells them.</summary>
internal static class DatasetCatalogJson
{
    public static object? Of(DatasetCatalogEntry? entry) => entry is null ? null : new
    {
        owner = entry.Owner,
        description = entry.Description,
        tags = entry.Tags,
        contract = Name(entry.Contract),
        declared_by = entry.DeclaredBy,
        freshness_column = entry.FreshnessColumn,
        freshness_sla_seconds = (long?)entry.FreshnessSla?.TotalSeconds,
        retention = entry.Retention is { } r ? new { column = r.Column, keep_for_days = r.KeepFor.TotalDays, connection = r.Connection } : null,
        columns = entry.Columns.Select(c => new
        {
            name = c.Name, type = c.Type, nullable = c.Nullable, accepted_values = c.AcceptedValues, classification = c.Classification is { } k ? Name(k) : null, description = c.Description,
        }),
        warnings = entry.Warnings,
    };

    public static IEnumerable<string> Tasks(IEnumerable<LineageEdge> edges, DatasetAccess access) =>
        edges.Where(e => e.Access == access).Select(e => e.Task);

    public static string Name(ContractMode contract) => contract.ToString().ToLowerInvariant();

    public static string Name(DataClassification classification) => classification.ToString().ToLowerInvariant();
}
