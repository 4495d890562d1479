using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// Hears the channel the store notifies in the transaction that queues tasks (<see cref="Notify"/>). The payload is the
/// store's schema and the queue, <c>schema:queue</c> (neither name can hold a colon), so several installations in one
/// database, and workers of other queues, are not woken. PostgreSQL delivers one notification per distinct payload of a
/// transaction, so a write that queues many tasks of one queue wakes its workers once.
/// </summary>
internal sealed class PostgresQueuedTaskListener : IQueuedTaskListener
{
    public const string Channel = "dataengineer_task_queued";

    private NotificationConnection _connection = null!;
    private HashSet<string> _heard = new(StringComparer.Ordinal);

    /// <summary>The statement that announces tasks queued on <paramref name="queues"/> to the listeners of <paramref name="schema"/>'s store.</summary>
    public static NpgsqlBatchCommand Notify(string schema, string[] queues)
    {
        var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', @schema || ':' || queue) FROM unnest(@queues) queue");
        notify.Parameters.AddText("schema", schema);
        notify.Parameters.AddValue("queues", queues);
        return notify;
    }

    public static async Task<PostgresQueuedTaskListener> StartAsync(NpgsqlDataSource dataSource, string schema, IReadOnlySet<string> queues, CancellationToken ct)
    {
        var prefix = schema + ":";
        var listened = queues.ToHashSet(StringComparer.Ordinal);
        var listener = new PostgresQueuedTaskListener();
        listener._connection = await NotificationConnection.ListenAsync(dataSource, Channel, payload =>
        {
            if (payload.StartsWith(prefix, StringComparison.Ordinal) && listened.Contains(payload[prefix.Length..]))
            {
                listener._heard.Add(payload[prefix.Length..]);
            }
        }, ct);
        return listener;
    }

    public async Task<IReadOnlySet<string>> WaitAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        if (!await _connection.WaitAsync(timeout, () => _heard.Count > 0, ct))
        {
            return new HashSet<string>();
        }

        var heard = _heard;
        _heard = new HashSet<string>(StringComparer.Ordinal);
        return heard;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
