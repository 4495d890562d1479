namespace DataEngineer.Postgres.Local;

/// <summary>How to run a managed local PostgreSQL server.</summary>
public sealed class LocalPostgresOptions
{
    /// <summary>The cluster's data directory; initialized on first start when it holds no cluster.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The loopback port to listen on; null picks a free one.</summary>
    public int? Port { get; init; }

    /// <summary>Where initdb, pg_ctl and postgres live; null searches as <see cref="PostgresBinaries.Find"/> does.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>
    /// Turns off fsync, synchronous_commit and full_page_writes: a crash can corrupt the cluster.
    /// For throwaway test clusters only.
    /// </summary>
    public bool FastUnsafe { get; init; }

    /// <summary>Clients on another network the server also accepts; null: loopback only.</summary>
    public RemoteClients? RemoteClients { get; init; }

    /// <summary>How long to wait for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
