using System.Net;

namespace DataEngineer.Postgres.Local;

/// <summary>
/// Clients on another network a local server also accepts, with the superuser password as on loopback: the server
/// listens on <see cref="ListenAddress"/> (an address of this machine) besides 127.0.0.1, and lets clients from
/// <see cref="Network"/> in. Tests use it to reach the server from a network namespace behind a veth pair.
/// </summary>
public sealed record RemoteClients(IPAddress ListenAddress, IPNetwork Network)
{
    /// <summary>The pg_hba.conf line that lets the network's clients in.</summary>
    internal string HbaLine => $"host all all {Network} scram-sha-256";
}
