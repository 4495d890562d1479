using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // A known DAG keeps its paused flag: pausing is the user's decision, not the loaded code's.
    private const string UpsertDag = """
        INSERT INTO {schema}.dags AS d (dag_id, version, schedule, time_zone, description, owner, tags, is_paused, last_seen_at)
        VALUES (@dag_id, @version, @schedule, @time_zone, @description, @owner, @tags, @is_paused, @last_seen_at)
        ON CONFLICT (dag_id) DO UPDATE SET
            version = excluded.version, schedule = excluded.schedule, time_zone = excluded.time_zone,
            description = excluded.description, owner = excluded.owner, tags = excluded.tags, last_seen_at = excluded.last_seen_at,
            is_active = true
        """;

    private const string SelectDag = $$"""
        SELECT {{DagRecordRow.Columns}} FROM {schema}.dags d WHERE d.dag_id = @dag_id
        """;

    private const string SelectDags = $$"""
        SELECT {{DagRecordRow.Columns}} FROM {schema}.dags d ORDER BY d.dag_id
        """;

    private const string UpdatePaused = "UPDATE {schema}.dags SET is_paused = @is_paused WHERE dag_id = @dag_id";

    public async Task SyncDagAsync(DagRecord dag, bool pausedAtCreation, CancellationToken ct = default)
    {
        await using var command = Command(UpsertDag);
        command.Parameters.AddText("dag_id", dag.DagId);
        command.Parameters.AddText("version", dag.Version);
        command.Parameters.AddText("schedule", dag.Schedule);
        command.Parameters.AddText("time_zone", dag.TimeZone);
        command.Parameters.AddText("description", dag.Description);
        command.Parameters.AddText("owner", dag.Owner);
        command.Parameters.AddTexts("tags", dag.Tags);
        command.Parameters.AddValue("is_paused", pausedAtCreation);
        command.Parameters.AddTimestamp("last_seen_at", dag.LastSeenAt);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<DagRecord?> GetDagAsync(string dagId, CancellationToken ct = default)
    {
        await using var command = Command(SelectDag);
        command.Parameters.AddText("dag_id", dagId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? DagRecordRow.Read(reader) : null;
    }

    public async Task<IReadOnlyList<DagRecord>> ListDagsAsync(CancellationToken ct = default)
    {
        await using var command = Command(SelectDags);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var dags = new List<DagRecord>();
        while (await reader.ReadAsync(ct))
        {
            dags.Add(DagRecordRow.Read(reader));
        }

        return dags;
    }

    public async Task<bool> SetPausedAsync(string dagId, bool paused, CancellationToken ct = default)
    {
        await using var command = Command(UpdatePaused);
        command.Parameters.AddText("dag_id", dagId);
        command.Parameters.AddValue("is_paused", paused);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }
}
