using System.Net;
using System.Net.Sockets;
using DataEngineer.Postgres.Local;

namespace DataEngineer.Postgres.Tests;

public sealed class LocalPostgresPortTests : IDisposable
{
    private readonly ScratchCluster _scratch = new();
    private readonly TcpListener _squatter = new(IPAddress.Loopback, 0);

    public LocalPostgresPortTests() => _squatter.Start();

    private int TakenPort => ((IPEndPoint)_squatter.LocalEndpoint).Port;

    public void Dispose()
    {
        _squatter.Dispose();
        _scratch.Dispose();
    }

    [Fact]
    public async Task StartAsync_FreePortTakenBeforeServerBinds_RetriesOnAnotherPort()
    {
        await using var server = await LocalPostgres.StartAsync(
            new LocalPostgresOptions { DataDirectory = _scratch.DataDirectory, FastUnsafe = true },
            FreeLoopbackPort.Candidates().Prepend(TakenPort),
            _scratch.Logger,
            CancellationToken.None);

        Assert.NotEqual(TakenPort, server.Port);
        Assert.Equal(1, await Sql.ScalarAsync(server.ConnectionString(), "SELECT 1"));
        Assert.Contains(_scratch.LogLines, line => line.Contains($"Port {TakenPort} was taken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_ConfiguredPortTaken_ThrowsWithServerLogTailAndNoPassword()
    {
        var error = await Assert.ThrowsAsync<LocalPostgresException>(() => LocalPostgres.StartAsync(
            new LocalPostgresOptions { DataDirectory = _scratch.DataDirectory, Port = TakenPort, FastUnsafe = true }));

        Assert.Contains($"127.0.0.1:{TakenPort}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Address already in use", error.Message, StringComparison.Ordinal);
        var password = (await File.ReadAllTextAsync(_scratch.DataDirectory + ".password")).Trim();
        Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
    }
}
