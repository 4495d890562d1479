using System.Diagnostics;
using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// A connection of its own that LISTENs on the channel the store notifies, in the transaction that queues a run
/// (<see cref="Notify"/>). A notification that arrives between waits waits in the connection for the next one, so none
/// is missed. The payload is the store's schema, so several installations in one database do not wake each other's
/// schedulers; PostgreSQL delivers a notification at commit (none for a rollback).
/// </summary>
internal sealed class PostgresQueuedRunListener : IQueuedRunListener
{
    public const string Channel = "dataengineer_run_queued";

    private readonly NpgsqlConnection _connection;
    private readonly string _schema;
    private bool _heard;

    private PostgresQueuedRunListener(NpgsqlConnection connection, string schema)
    {
        _connection = connection;
        _schema = schema;
        _connection.Notification += (_, e) => _heard |= e.Channel == Channel && e.Payload == _schema;
    }

    /// <summary>The statement that announces a queued run to the listeners of <paramref name="schema"/>'s store.</summary>
    public static NpgsqlBatchCommand Notify(string schema)
    {
        var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', @schema)");
        notify.Parameters.AddText("schema", schema);
        return notify;
    }

    public static async Task<PostgresQueuedRunListener> StartAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var listener = new PostgresQueuedRunListener(connection, schema);
            await using var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await listen.ExecuteNonQueryAsync(ct);
            return listener;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        while (!_heard)
        {
            // Whole milliseconds, at least one: Npgsql waits for ever on a timeout of zero.
            var left = (int)Math.Ceiling((timeout - Stopwatch.GetElapsedTime(started)).TotalMilliseconds);
            if (left <= 0)
            {
                return false;
            }

            await _connection.WaitAsync(left, ct);
        }

        _heard = false;
        return true;
    }

    // The pool does not reset connections (MetadataDataSource): stop listening before this one goes back to it.
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", _connection);
                await unlisten.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // A broken connection is not returned to the pool.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
