using System.Net;
using System.Net.Sockets;

namespace DataEngineer.Postgres.Tests;

public sealed class LocalPostgresDisposeTests : IDisposable
{
    private readonly ScratchCluster _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task DisposeAsync_OwnedServer_StopsPostmasterAndClosesPort()
    {
        var server = await _scratch.StartAsync();
        var pidFile = Path.Combine(server.DataDirectory, "postmaster.pid");
        var pid = int.Parse(File.ReadLines(pidFile).First());

        await server.DisposeAsync();

        Assert.False(File.Exists(pidFile));
        Assert.False(IsAlive(pid));
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, server.Port));
    }

    // A zombie has exited; only its parent's bookkeeping is left.
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && !File.ReadAllText(stat).Contains(") Z ", StringComparison.Ordinal);
    }
}
