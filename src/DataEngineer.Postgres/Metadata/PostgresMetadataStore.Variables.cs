using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    private const string SelectVariables = "SELECT key, value, is_secret, description, updated_at, updated_by FROM {schema}.variables";

    private const string UpsertVariable = """
        INSERT INTO {schema}.variables (key, value, is_secret, description, updated_at, updated_by)
        VALUES (@key, @value, @is_secret, @description, @updated_at, @updated_by)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, is_secret = excluded.is_secret, description = excluded.description,
            updated_at = excluded.updated_at, updated_by = excluded.updated_by
        """;

    public async Task<StoredVariable?> GetVariableAsync(string key, CancellationToken ct = default)
    {
        await using var command = Command(SelectVariables + " WHERE key = @key");
        command.Parameters.AddText("key", key);
        return (await ReadVariablesAsync(command, ct)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<StoredVariable>> ListVariablesAsync(CancellationToken ct = default)
    {
        await using var command = Command(SelectVariables + " ORDER BY key");
        return await ReadVariablesAsync(command, ct);
    }

    public async Task SetVariableAsync(StoredVariable variable, CancellationToken ct = default)
    {
        await using var command = Command(UpsertVariable);
        command.Parameters.AddText("key", variable.Key);
        command.Parameters.AddText("value", variable.Value);
        command.Parameters.AddValue("is_secret", variable.IsSecret);
        command.Parameters.AddText("description", variable.Description);
        command.Parameters.AddTimestamp("updated_at", variable.UpdatedAt);
        command.Parameters.AddText("updated_by", variable.UpdatedBy);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> DeleteVariableAsync(string key, CancellationToken ct = default)
    {
        await using var command = Command("DELETE FROM {schema}.variables WHERE key = @key");
        command.Parameters.AddText("key", key);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    private static async Task<IReadOnlyList<StoredVariable>> ReadVariablesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var variables = new List<StoredVariable>();
        while (await reader.ReadAsync(ct))
        {
            variables.Add(new StoredVariable(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetString(3), reader.GetTimestamp(4), reader.GetString(5)));
        }

        return variables;
    }
}
