using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    private const string UpsertProcess = """
        INSERT INTO {schema}.engine_processes (process_id, hostname, roles, queues, concurrency, started_at, heartbeat_at)
        VALUES (@process_id, @hostname, @roles, @queues, @concurrency, @started_at, @heartbeat_at)
        ON CONFLICT (process_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, roles = excluded.roles, queues = excluded.queues,
            concurrency = excluded.concurrency
        """;

    private const string SelectProcesses = """
        SELECT process_id, hostname, roles, queues, concurrency, started_at, heartbeat_at FROM {schema}.engine_processes
        WHERE heartbeat_at >= @since ORDER BY heartbeat_at DESC, process_id
        """;

    private const string InsertAudit = """
        INSERT INTO {schema}.audit_log (at, actor, action, target, detail) VALUES (@at, @actor, @action, @target, @detail)
        """;

    private const string SelectAudit = """
        SELECT at, actor, action, target, detail FROM {schema}.audit_log ORDER BY id DESC LIMIT @limit OFFSET @offset
        """;

    private const string SelectUser = "SELECT user_name, password_hash, role, created_at FROM {schema}.web_users WHERE user_name = @user_name";

    private const string InsertUser = """
        INSERT INTO {schema}.web_users (user_name, password_hash, role, created_at) VALUES (@user_name, @password_hash, @role, @created_at)
        ON CONFLICT (user_name) DO NOTHING
        """;

    public async Task HeartbeatProcessAsync(EngineProcessRecord process, CancellationToken ct = default)
    {
        await using var command = Command(UpsertProcess);
        command.Parameters.AddText("process_id", process.ProcessId);
        command.Parameters.AddText("hostname", process.Hostname);
        command.Parameters.AddTexts("roles", process.Roles);
        command.Parameters.AddTexts("queues", process.Queues);
        command.Parameters.AddValue("concurrency", process.Concurrency);
        command.Parameters.AddTimestamp("started_at", process.StartedAt);
        command.Parameters.AddTimestamp("heartbeat_at", process.HeartbeatAt);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<EngineProcessRecord>> ListProcessesAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var command = Command(SelectProcesses);
        command.Parameters.AddTimestamp("since", since);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var processes = new List<EngineProcessRecord>();
        while (await reader.ReadAsync(ct))
        {
            processes.Add(new EngineProcessRecord
            {
                ProcessId = reader.GetString(0),
                Hostname = reader.GetString(1),
                Roles = reader.GetFieldValue<string[]>(2),
                Queues = reader.GetFieldValue<string[]>(3),
                Concurrency = reader.GetInt32(4),
                StartedAt = reader.GetTimestamp(5),
                HeartbeatAt = reader.GetTimestamp(6),
            });
        }

        return processes;
    }

    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        await using var command = Command(InsertAudit);
        command.Parameters.AddTimestamp("at", entry.At);
        command.Parameters.AddText("actor", entry.Actor);
        command.Parameters.AddText("action", entry.Action);
        command.Parameters.AddText("target", entry.Target);
        command.Parameters.AddText("detail", entry.Detail);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<AuditPage> ListAuditAsync(int offset, int limit, CancellationToken ct = default)
    {
        var entries = new List<AuditEntry>();
        await using (var command = Command(SelectAudit))
        {
            command.Parameters.AddValue("limit", limit);
            command.Parameters.AddValue("offset", offset);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                entries.Add(new AuditEntry(reader.GetTimestamp(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }
        }

        await using var count = Command("SELECT count(*) FROM {schema}.audit_log");
        return new AuditPage(entries, (int)(long)(await count.ExecuteScalarAsync(ct))!);
    }

    public async Task<UserAccount?> GetUserAsync(string userName, CancellationToken ct = default)
    {
        await using var command = Command(SelectUser);
        command.Parameters.AddText("user_name", userName);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new UserAccount(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetTimestamp(3)) : null;
    }

    public async Task<bool> TryCreateUserAsync(UserAccount user, CancellationToken ct = default)
    {
        await using var command = Command(InsertUser);
        command.Parameters.AddText("user_name", user.UserName);
        command.Parameters.AddText("password_hash", user.PasswordHash);
        command.Parameters.AddText("role", user.Role);
        command.Parameters.AddTimestamp("created_at", user.CreatedAt);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }
}
