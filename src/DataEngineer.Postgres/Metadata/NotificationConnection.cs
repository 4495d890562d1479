using System.Diagnostics;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// A connection of its own that LISTENs on one channel and hands each notification's payload to the listener that owns it.
/// A notification that arrives between waits waits in the connection for the next one, so none is missed; PostgreSQL
/// delivers a notification at commit (none for a rollback).
/// </summary>
internal sealed class NotificationConnection : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private NotificationConnection(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Listens on <paramref name="channel"/>; <paramref name="heard"/> is called with each payload, inside <see cref="WaitAsync"/>.</summary>
    public static async Task<NotificationConnection> ListenAsync(NpgsqlDataSource dataSource, string channel, Action<string> heard, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            connection.Notification += (_, e) =>
            {
                if (e.Channel == channel)
                {
                    heard(e.Payload);
                }
            };
            await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
            await listen.ExecuteNonQueryAsync(ct);
            return new NotificationConnection(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes notifications until <paramref name="done"/> says so (true) or <paramref name="timeout"/> passes (false).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, Func<bool> done, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while (!done())
        {
            // Whole milliseconds, at least one: Npgsql waits for ever on a timeout of zero.
            var left = (int)Math.Ceiling((timeout - Stopwatch.GetElapsedTime(started)).TotalMilliseconds);
            if (left <= 0)
            {
                return false;
            }

            await _connection.WaitAsync(left, ct);
        }

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
