using System.Net;
using System.Net.Sockets;

namespace DataEngineer.Postgres.Local;

/// <summary>Loopback ports nobody listens on at the moment they are picked.</summary>
internal static class FreeLoopbackPort
{
    /// <summary>An endless supply: the one picked may be taken again before the server binds it.</summary>
    public static IEnumerable<int> Candidates()
    {
        while (true)
        {
            yield return Pick();
        }
    }

    private static int Pick()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
