using System.Net;
using System.Net.Sockets;
using DataEngineer.Postgres.Local;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

public sealed class LocalPostgresAttachTests
{
    [Fact]
    public async Task StartAsync_ServerAlreadyRunningOnDirectory_AttachesWithoutOwningIt()
    {
        var running = await PostgresTestCluster.SharedAsync();

        var attached = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = running.DataDirectory });
        await using (attached)
        {
            Assert.False(attached.OwnsServer);
            Assert.Equal(running.Port, attached.Port);
            Assert.Equal(1, await Sql.ScalarAsync(attached.ConnectionString(), "SELECT 1"));
        }

        Assert.True(File.Exists(Path.Combine(running.DataDirectory, "postmaster.pid")));
        Assert.Equal(1, await Sql.ScalarAsync(running.ConnectionString(), "SELECT 1"));
    }

    [Fact]
    public async Task StartAsync_RunningServerNeverAcceptsConnections_TimesOutWithServerLogTail()
    {
        // A postmaster.pid naming a live postmaster (the shared one) but a port nobody listens on.
        var running = await PostgresTestCluster.SharedAsync();
        using var scratch = new PostgresScratchDirectory();
        Directory.CreateDirectory(scratch.DataDirectory);
        var pidLines = File.ReadAllLines(Path.Combine(running.DataDirectory, "postmaster.pid"));
        pidLines[3] = ClosedPort().ToString();
        await File.WriteAllLinesAsync(Path.Combine(scratch.DataDirectory, "postmaster.pid"), pidLines);
        await File.WriteAllTextAsync(scratch.DataDirectory + ".password", "secret-password\n");
        await File.WriteAllTextAsync(Path.Combine(scratch.DataDirectory, "server.log"), "FATAL:  the last thing the server said\n");

        var error = await Assert.ThrowsAsync<LocalPostgresException>(() => LocalPostgres.StartAsync(
            new LocalPostgresOptions { DataDirectory = scratch.DataDirectory, StartTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Contains($"did not accept connections on 127.0.0.1:{pidLines[3]} within 1 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("FATAL:  the last thing the server said", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Sql.ScalarAsync(running.ConnectionString(), "SELECT 1"));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
