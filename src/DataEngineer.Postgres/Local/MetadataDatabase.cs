using Microsoft.Extensions.Logging;

namespace DataEngineer.Postgres.Local;

/// <summary>
/// The metadata database a process uses: the configured PostgreSQL, or else a managed <see cref="LocalPostgres"/>
/// that lives as long as this object.
/// </summary>
public sealed class MetadataDatabase : IAsyncDisposable
{
    private MetadataDatabase(string connectionString, LocalPostgres? localServer)
    {
        ConnectionString = connectionString;
        LocalServer = localServer;
    }

    /// <summary>The connection string to the metadata database; it carries a password, so never log it.</summary>
    public string ConnectionString { get; }

    /// <summary>The managed local server, or null when a connection string was configured.</summary>
    public LocalPostgres? LocalServer { get; }

    /// <summary>
    /// Uses the configured connection string; without one, starts (or attaches to) the managed local server and
    /// creates the metadata database on it.
    /// </summary>
    /// <exception cref="PostgresUnavailableException">No connection string is configured and no server binaries were found.</exception>
    public static async Task<MetadataDatabase> ResolveAsync(MetadataDatabaseOptions options, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new MetadataDatabase(options.ConnectionString, localServer: null);
        }

        var binDirectory = PostgresBinaries.Find(options.PostgresBinDirectory)
            ?? throw new PostgresUnavailableException(options.PostgresBinDirectory);
        var server = await LocalPostgres.StartAsync(
            new LocalPostgresOptions
            {
                DataDirectory = options.DataDirectory ?? LocalPostgresDefaults.DataDirectory(),
                BinDirectory = binDirectory,
            },
            logger,
            ct);
        try
        {
            await server.EnsureDatabaseAsync(options.DatabaseName, ct);
            // Task code gets a role of its own on this server (the warehouse); it must not even connect to the metadata.
            await server.RestrictDatabaseAsync(options.DatabaseName, ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return new MetadataDatabase(server.ConnectionString(options.DatabaseName), server);
    }

    /// <summary>Stops the managed local server if this process started it.</summary>
    public ValueTask DisposeAsync() => LocalServer?.DisposeAsync() ?? ValueTask.CompletedTask;
}
