using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// Hears the channel the store notifies in the transaction that queues a run (<see cref="Notify"/>). The payload is the
/// store's schema, so several installations in one database do not wake each other's schedulers.
/// </summary>
internal sealed class PostgresQueuedRunListener : IQueuedRunListener
{
    public const string Channel = "dataengineer_run_queued";

    private NotificationConnection _connection = null!;
    private bool _heard;

    /// <summary>The statement that announces a queued run to the listeners of <paramref name="schema"/>'s store.</summary>
    public static NpgsqlBatchCommand Notify(string schema)
    {
        var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', @schema)");
        notify.Parameters.AddText("schema", schema);
        return notify;
    }

    public static async Task<PostgresQueuedRunListener> StartAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        var listener = new PostgresQueuedRunListener();
        listener._connection = await NotificationConnection.ListenAsync(dataSource, Channel, payload => listener._heard |= payload == schema, ct);
        return listener;
    }

    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        if (!await _connection.WaitAsync(timeout, () => _heard, ct))
        {
            return false;
        }

        _heard = false;
        return true;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
