using System.Text.Json;
using DataEngineer.Core.Loading;
using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    private const string DeactivateMissing = "UPDATE {schema}.dags SET is_active = false WHERE is_active AND NOT (dag_id = ANY(@loaded))";

    private const string InsertVersion = """
        INSERT INTO {schema}.dag_versions (dag_id, version, structure, first_seen_at)
        VALUES (@dag_id, @version, @structure, @first_seen_at)
        ON CONFLICT (dag_id, version) DO NOTHING
        """;

    private const string SelectVersion = "SELECT structure::text FROM {schema}.dag_versions WHERE dag_id = @dag_id AND version = @version";

    private const string DeleteImportErrors = "DELETE FROM {schema}.import_errors";

    private const string InsertImportErrors = """
        INSERT INTO {schema}.import_errors (position, source, dag_id, line, message)
        SELECT * FROM unnest(@positions, @sources, @dag_ids, @lines, @messages)
        """;

    private const string SelectImportErrors = "SELECT source, dag_id, line, message FROM {schema}.import_errors ORDER BY position";

    private static readonly JsonSerializerOptions StructureJson = new(JsonSerializerDefaults.Web);

    public async Task DeactivateMissingAsync(IReadOnlyCollection<string> loadedDagIds, CancellationToken ct = default)
    {
        await using var command = Command(DeactivateMissing);
        command.Parameters.AddTexts("loaded", loadedDagIds);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task RecordVersionAsync(DagStructure structure, DateTimeOffset seenAt, CancellationToken ct = default)
    {
        await using var command = Command(InsertVersion);
        command.Parameters.AddText("dag_id", structure.DagId);
        command.Parameters.AddText("version", structure.Version);
        command.Parameters.AddJson("structure", JsonSerializer.Serialize(structure, StructureJson));
        command.Parameters.AddTimestamp("first_seen_at", seenAt);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<DagStructure?> GetVersionAsync(string dagId, string version, CancellationToken ct = default)
    {
        await using var command = Command(SelectVersion);
        command.Parameters.AddText("dag_id", dagId);
        command.Parameters.AddText("version", version);
        return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<DagStructure>(json, StructureJson) : null;
    }

    public async Task ReplaceImportErrorsAsync(IReadOnlyList<DagImportError> errors, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var delete = new Npgsql.NpgsqlCommand(Sql(DeleteImportErrors), connection, transaction))
        {
            await delete.ExecuteNonQueryAsync(ct);
        }

        await using (var insert = new Npgsql.NpgsqlCommand(Sql(InsertImportErrors), connection, transaction))
        {
            insert.Parameters.AddValue("positions", Enumerable.Range(0, errors.Count).ToArray());
            insert.Parameters.AddTexts("sources", errors.Select(e => e.Source));
            insert.Parameters.AddTexts("dag_ids", errors.Select(e => e.DagId));
            insert.Parameters.AddValue("lines", errors.Select(e => e.Line).ToArray());
            insert.Parameters.AddTexts("messages", errors.Select(e => e.Message));
            await insert.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<DagImportError>> ListImportErrorsAsync(CancellationToken ct = default)
    {
        await using var command = Command(SelectImportErrors);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var errors = new List<DagImportError>();
        while (await reader.ReadAsync(ct))
        {
            errors.Add(new DagImportError(reader.GetString(0), reader.GetNullableString(1), reader.GetString(3), reader.IsDBNull(2) ? null : reader.GetInt32(2)));
        }

        return errors;
    }
}
