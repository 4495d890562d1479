using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    private const string UpsertPool = """
        INSERT INTO {schema}.pools (name, slots) VALUES (@name, @slots)
        ON CONFLICT (name) DO UPDATE SET slots = excluded.slots
        """;

    private const string SelectPools = "SELECT name, slots FROM {schema}.pools ORDER BY name";

    public async Task SetPoolAsync(Pool pool, CancellationToken ct = default)
    {
        await using var command = Command(UpsertPool);
        command.Parameters.AddText("name", pool.Name);
        command.Parameters.AddValue("slots", pool.Slots);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<Pool>> ListPoolsAsync(CancellationToken ct = default)
    {
        await using var command = Command(SelectPools);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pools = new List<Pool>();
        while (await reader.ReadAsync(ct))
        {
            pools.Add(new Pool(reader.GetString(0), reader.GetInt32(1)));
        }

        return pools;
    }
}
