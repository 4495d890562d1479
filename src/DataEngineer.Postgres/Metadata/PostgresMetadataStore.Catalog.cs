using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Npgsql;
using NpgsqlTypes;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // Schedulers replace the catalog one at a time: two interleaved replacements would both insert the same keys.
    private const string LockCatalog = "SELECT pg_advisory_xact_lock(3558, 1)";

    private const string InsertEntry = """
        INSERT INTO {schema}.dataset_catalog (name, owner, description, tags, columns, contract, retention, freshness_column, freshness_sla, declared_by, warnings)
        VALUES (@name, @owner, @description, @tags, @columns, @contract, @retention, @freshness_column, @freshness_sla, @declared_by, @warnings)
        """;

    private const string InsertEdges = """
        INSERT INTO {schema}.dataset_lineage (dataset, access, dag_id, task_id)
        SELECT * FROM unnest(@datasets::text[], @accesses::text[], @dag_ids::text[], @task_ids::text[]) ON CONFLICT DO NOTHING
        """;

    private const string SelectEntries = """
        SELECT name, owner, description, tags::text, columns::text, contract, retention::text, freshness_column, freshness_sla, declared_by, warnings::text
        FROM {schema}.dataset_catalog
        """;

    private const string SelectEdges = "SELECT dag_id, task_id, dataset, access FROM {schema}.dataset_lineage";

    private const string EdgeOrder = " ORDER BY dataset, access, dag_id, task_id";

    public async Task ReplaceDatasetCatalogAsync(DatasetCatalogSnapshot catalog, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(BatchCommand(LockCatalog, _ => { }));
        batch.BatchCommands.Add(BatchCommand("DELETE FROM {schema}.dataset_catalog", _ => { }));
        batch.BatchCommands.Add(BatchCommand("DELETE FROM {schema}.dataset_lineage", _ => { }));
        foreach (var entry in catalog.Entries.DistinctBy(e => e.Name, StringComparer.Ordinal))
        {
            batch.BatchCommands.Add(BatchCommand(InsertEntry, p =>
            {
                p.AddText("name", entry.Name);
                p.AddText("owner", entry.Owner);
                p.AddText("description", entry.Description);
                p.AddJson("tags", CatalogJson.Write(entry.Tags));
                p.AddJson("columns", CatalogJson.Write(entry.Columns));
                p.AddText("contract", ContractName(entry.Contract));
                p.Add(new NpgsqlParameter("retention", NpgsqlDbType.Jsonb) { Value = entry.Retention is null ? DBNull.Value : CatalogJson.Write(entry.Retention) });
                p.AddText("freshness_column", entry.FreshnessColumn);
                p.Add(new NpgsqlParameter("freshness_sla", NpgsqlDbType.Interval) { Value = (object?)entry.FreshnessSla ?? DBNull.Value });
                p.AddText("declared_by", entry.DeclaredBy);
                p.AddJson("warnings", CatalogJson.Write(entry.Warnings));
            }));
        }

        if (catalog.Edges.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(InsertEdges, p =>
            {
                p.AddTexts("datasets", catalog.Edges.Select(e => e.Dataset));
                p.AddTexts("accesses", catalog.Edges.Select(e => AccessName(e.Access)));
                p.AddTexts("dag_ids", catalog.Edges.Select(e => e.DagId));
                p.AddTexts("task_ids", catalog.Edges.Select(e => e.TaskId));
            }));
        }

        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<DatasetCatalogEntry?> GetCatalogEntryAsync(string name, CancellationToken ct = default)
    {
        await using var command = Command(SelectEntries + " WHERE name = @name");
        command.Parameters.AddText("name", name);
        return (await ReadEntriesAsync(command, ct)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<DatasetCatalogEntry>> ListCatalogEntriesAsync(CancellationToken ct = default)
    {
        await using var command = Command(SelectEntries + " ORDER BY name");
        return await ReadEntriesAsync(command, ct);
    }

    public async Task<IReadOnlyList<LineageEdge>> ListLineageEdgesAsync(CancellationToken ct = default)
    {
        await using var command = Command(SelectEdges + EdgeOrder);
        return await ReadEdgesAsync(command, ct);
    }

    public async Task<IReadOnlyList<LineageEdge>> ListDatasetLineageAsync(string dataset, CancellationToken ct = default)
    {
        await using var command = Command(SelectEdges + " WHERE dataset = @dataset" + EdgeOrder);
        command.Parameters.AddText("dataset", dataset);
        return await ReadEdgesAsync(command, ct);
    }

    private static async Task<IReadOnlyList<DatasetCatalogEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<DatasetCatalogEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new DatasetCatalogEntry
            {
                Name = reader.GetString(0),
                Owner = reader.GetNullableString(1),
                Description = reader.GetNullableString(2),
                Tags = CatalogJson.ReadTexts(reader.GetString(3)),
                Columns = CatalogJson.ReadColumns(reader.GetString(4)),
                Contract = Enum.Parse<ContractMode>(reader.GetString(5), ignoreCase: true),
                Retention = CatalogJson.ReadRetention(reader.GetNullableString(6)),
                FreshnessColumn = reader.GetNullableString(7),
                FreshnessSla = reader.IsDBNull(8) ? null : reader.GetFieldValue<TimeSpan>(8),
                DeclaredBy = reader.GetNullableString(9),
                Warnings = CatalogJson.ReadTexts(reader.GetString(10)),
            });
        }

        return entries;
    }

    private static async Task<IReadOnlyList<LineageEdge>> ReadEdgesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var edges = new List<LineageEdge>();
        while (await reader.ReadAsync(ct))
        {
            edges.Add(new LineageEdge(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.GetString(3) == "writes" ? DatasetAccess.Writes : DatasetAccess.Reads));
        }

        return edges;
    }

    private static string AccessName(DatasetAccess access) => access == DatasetAccess.Writes ? "writes" : "reads";

    private static string ContractName(ContractMode contract) => contract.ToString().ToLowerInvariant();
}
