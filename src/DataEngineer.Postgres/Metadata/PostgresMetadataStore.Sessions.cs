using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore : ISessionStampStore
{
    private const string SelectStamp = "SELECT stamp FROM {schema}.web_session_stamps WHERE user_name = @user_name";

    // The no-op update makes RETURNING give the existing row's stamp when another login stored one first.
    private const string EnsureStamp = """
        INSERT INTO {schema}.web_session_stamps (user_name, stamp, changed_at) VALUES (@user_name, @stamp, @at)
        ON CONFLICT (user_name) DO UPDATE SET stamp = {schema}.web_session_stamps.stamp
        RETURNING stamp
        """;

    private const string ReplaceStamp = """
        INSERT INTO {schema}.web_session_stamps (user_name, stamp, changed_at) VALUES (@user_name, @stamp, @at)
        ON CONFLICT (user_name) DO UPDATE SET stamp = excluded.stamp, changed_at = excluded.changed_at
        """;

    public async Task<string?> GetSessionStampAsync(string userName, CancellationToken ct = default)
    {
        await using var command = Command(SelectStamp);
        command.Parameters.AddText("user_name", userName);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    public async Task<string> EnsureSessionStampAsync(string userName, string candidate, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var command = Command(EnsureStamp);
        command.Parameters.AddText("user_name", userName);
        command.Parameters.AddText("stamp", candidate);
        command.Parameters.AddTimestamp("at", at);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task ReplaceSessionStampAsync(string userName, string stamp, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var command = Command(ReplaceStamp);
        command.Parameters.AddText("user_name", userName);
        command.Parameters.AddText("stamp", stamp);
        command.Parameters.AddTimestamp("at", at);
        await command.ExecuteNonQueryAsync(ct);
    }
}
