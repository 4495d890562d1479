using System.CommandLine;
using System.Net.Sockets;
using DataEngineer.Core.Governance;
using DataEngineer.Host.Hosting;
using DataEngineer.Sdk;
using Npgsql;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>connections test &lt;name&gt;</c>: opens the connection and says what failed. A PostgreSQL connection logs in and
/// runs <c>SELECT version()</c>; any other kind with a host and port is reached over TCP.
/// </summary>
internal static class ConnectionTestCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "The connection's name (case is ignored)." };
        var command = new Command("test", "Open a connection and report whether it works, and if not, what failed.") { name };
        command.SetAction(async (result, ct) =>
        {
            await using var connections = await TaskConnections.ResolveAsync(env.Configuration, ct);
            var connection = connections.Registry.Get(result.GetValue(name)!);
            var (ok, message) = connection.IsPostgres ? await TestPostgresAsync(connection, ct) : await TestTcpAsync(connection, ct);
            var text = new PiiMasker([]).MaskText($"Connection '{connection.Name}' ({connection}) {message}");
            await (ok ? env.Out : env.Error).WriteLineAsync(ok ? text : $"error: {text}");
            return ok ? ExitCodes.Success : ExitCodes.RunFailed;
        });
        return command;
    }

    private static async Task<(bool Ok, string Message)> TestPostgresAsync(Connection connection, CancellationToken ct)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connection.ToConnectionString()) { Timeout = (int)Timeout.TotalSeconds, Pooling = false };
        }
        catch (ArgumentException e)
        {
            return (false, $"has a setting Npgsql does not know: {e.Message}");
        }

        try
        {
            await using var db = new NpgsqlConnection(builder.ConnectionString);
            await db.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT version()", db);
            var version = (string?)await command.ExecuteScalarAsync(ct);
            return (true, $"works: logged in as {builder.Username} to {builder.Host}:{builder.Port}/{builder.Database} ({version?.Split(',')[0]}).");
        }
        catch (PostgresException e)
        {
            return (false, $"failed: the server refused it: {e.MessageText} (SQLSTATE {e.SqlState}).");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or SocketException)
        {
            return (false, $"failed: cannot reach {builder.Host}:{builder.Port}: {(e.InnerException ?? e).Message}");
        }
    }

    private static async Task<(bool Ok, string Message)> TestTcpAsync(Connection connection, CancellationToken ct)
    {
        if (connection.Host is null || connection.Port is null)
        {
            return (false, $"cannot be tested: a {connection.Kind} connection is tested by reaching its host and port over TCP, and it has no {(connection.Host is null ? "host" : "port")}.");
        }

        try
        {
            using var client = new TcpClient();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(Timeout);
            await client.ConnectAsync(connection.Host, connection.Port.Value, limit.Token);
            return (true, $"works: {connection.Host}:{connection.Port} accepts TCP connections (a {connection.Kind} login is not tried).");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return (false, $"failed: cannot reach {connection.Host}:{connection.Port}: {e.Message}");
        }
    }
}
