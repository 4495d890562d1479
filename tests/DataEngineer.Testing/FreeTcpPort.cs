using System.Net;
using System.Net.Sockets;

namespace DataEngineer.Testing;

/// <summary>A loopback port nothing listens on right now, for a process a test starts (never a fixed port: tests of several worktrees share the machine).</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
