using DataEngineer.Core.Alerts;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore : IAlertStore
{
    private const string AlertColumns = """
        id, event_key, kind, recipient, channel, address, dag_id, run_id, task_id, subject, body, payload::text,
        status, attempts, last_error, created_at, next_attempt_at, sent_at
        """;

    private const string InsertAlert = """
        INSERT INTO {schema}.alerts (event_key, kind, recipient, channel, address, dag_id, run_id, task_id, subject, body, payload,
                                     status, last_error, created_at, next_attempt_at)
        VALUES (@event_key, @kind, @recipient, @channel, @address, @dag_id, @run_id, @task_id, @subject, @body, @payload,
                @status, @last_error, @created_at, @next_attempt_at)
        ON CONFLICT (event_key, recipient) DO NOTHING
        """;

    // SKIP LOCKED: two deliverers polling at once take different rows instead of waiting on each other.
    private const string ClaimAlerts = $"""
        UPDATE {"{schema}"}.alerts SET claimed_until = @until
        WHERE id IN (
            SELECT id FROM {"{schema}"}.alerts
            WHERE status = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
            ORDER BY next_attempt_at, id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        RETURNING {AlertColumns}
        """;

    private const string MarkSent = """
        UPDATE {schema}.alerts SET status = 'sent', attempts = attempts + 1, sent_at = @at, claimed_until = NULL WHERE id = @id
        """;

    private const string MarkFailed = """
        UPDATE {schema}.alerts
        SET status = CASE WHEN @retry_at IS NULL THEN 'failed' ELSE 'pending' END,
            attempts = attempts + 1, last_error = @error, next_attempt_at = coalesce(@retry_at, next_attempt_at), claimed_until = NULL
        WHERE id = @id
        """;

    private const string SelectAlerts = $"SELECT {AlertColumns} FROM {"{schema}"}.alerts ORDER BY id DESC LIMIT @limit";

    public async Task<bool> RecordAlertAsync(AlertRecord alert, CancellationToken ct = default)
    {
        await using var command = Command(InsertAlert);
        command.Parameters.AddText("event_key", alert.EventKey);
        command.Parameters.AddText("kind", AlertKinds.Name(alert.Kind));
        command.Parameters.AddText("recipient", alert.Recipient);
        command.Parameters.AddText("channel", alert.Channel);
        command.Parameters.AddText("address", alert.Address);
        command.Parameters.AddText("dag_id", alert.DagId);
        command.Parameters.AddText("run_id", alert.RunId);
        command.Parameters.AddText("task_id", alert.TaskId);
        command.Parameters.AddText("subject", Clean(alert.Subject));
        command.Parameters.AddText("body", Clean(alert.Body));
        command.Parameters.AddJson("payload", alert.PayloadJson);
        command.Parameters.AddText("status", StatusName(alert.Status));
        command.Parameters.AddText("last_error", alert.LastError);
        command.Parameters.AddTimestamp("created_at", alert.CreatedAt);
        command.Parameters.AddTimestamp("next_attempt_at", alert.NextAttemptAt);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<IReadOnlyList<AlertRecord>> ClaimDueAlertsAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct = default)
    {
        await using var command = Command(ClaimAlerts);
        command.Parameters.AddTimestamp("now", now);
        command.Parameters.AddTimestamp("until", now + lease);
        command.Parameters.AddValue("limit", limit);
        return await ReadAlertsAsync(command, ct);
    }

    public async Task MarkAlertSentAsync(long id, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var command = Command(MarkSent);
        command.Parameters.AddValue("id", id);
        command.Parameters.AddTimestamp("at", at);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task MarkAlertFailedAsync(long id, string error, DateTimeOffset? retryAt, CancellationToken ct = default)
    {
        await using var command = Command(MarkFailed);
        command.Parameters.AddValue("id", id);
        command.Parameters.AddText("error", Clean(error));
        command.Parameters.AddTimestamp("retry_at", retryAt);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(int limit = 100, CancellationToken ct = default)
    {
        await using var command = Command(SelectAlerts);
        command.Parameters.AddValue("limit", limit);
        return await ReadAlertsAsync(command, ct);
    }

    private static async Task<IReadOnlyList<AlertRecord>> ReadAlertsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var alerts = new List<AlertRecord>();
        while (await reader.ReadAsync(ct))
        {
            alerts.Add(new AlertRecord
            {
                Id = reader.GetInt64(0),
                EventKey = reader.GetString(1),
                Kind = AlertKinds.Parse(reader.GetString(2)),
                Recipient = reader.GetString(3),
                Channel = reader.GetString(4),
                Address = reader.GetNullableString(5),
                DagId = reader.GetNullableString(6),
                RunId = reader.GetNullableString(7),
                TaskId = reader.GetNullableString(8),
                Subject = reader.GetString(9),
                Body = reader.GetString(10),
                PayloadJson = reader.GetString(11),
                Status = Enum.Parse<AlertStatus>(reader.GetString(12), ignoreCase: true),
                Attempts = reader.GetInt32(13),
                LastError = reader.GetNullableString(14),
                CreatedAt = reader.GetTimestamp(15),
                NextAttemptAt = reader.GetTimestamp(16),
                SentAt = reader.GetNullableTimestamp(17),
            });
        }

        return alerts;
    }

    private static string StatusName(AlertStatus status) => status.ToString().ToLowerInvariant();

    // PostgreSQL text cannot hold NUL, and an error message or a log line can.
    private static string Clean(string text) => text.Replace('\0', '\uFFFD');
}
