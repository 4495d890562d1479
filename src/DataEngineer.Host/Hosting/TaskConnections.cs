using DataEngineer.Core.Connections;
using DataEngineer.Postgres.Local;
using DataEngineer.Sdk;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// The connections tasks get (<see cref="ConnectionSources"/>), and, when none is named <c>Warehouse</c>, a
/// <c>warehouse</c> database on the managed local PostgreSQL owned by a <c>warehouse</c> role that is no superuser,
/// started (or attached to) on first need and stopped on dispose if this process started it. The engine's metadata
/// connection is never one of them.
/// </summary>
internal sealed class TaskConnections : IAsyncDisposable
{
    public const string Warehouse = "Warehouse";
    private const string ManagedWarehouseDatabase = "warehouse";

    private LocalPostgres? _managed;

    private TaskConnections(ConnectionRegistry registry) => Registry = registry;

    public ConnectionRegistry Registry { get; private set; }

    /// <summary>Where the managed server keeps its data, when one is used.</summary>
    public string? ManagedDataDirectory => _managed?.DataDirectory;

    /// <summary>Whether this process started the managed server (it stops on dispose).</summary>
    public bool StartedManagedServer => _managed?.OwnsServer == true;

    public static async Task<TaskConnections> ResolveAsync(IConfiguration configuration, CancellationToken ct)
    {
        var sources = ConnectionSources.Read(configuration);
        var resolved = new TaskConnections(sources);
        if (sources.Find(Warehouse) is null)
        {
            resolved._managed = await ManagedPostgres.StartAsync(configuration, Warehouse, ct);
            var connectionString = await resolved._managed.EnsureOwnedDatabaseAsync(ManagedWarehouseDatabase, ct);
            Connection[] managed = [PostgresConnectionStrings.Parse(Warehouse, connectionString)];
            resolved.Registry = new ConnectionRegistry(sources.All.Concat(managed), ConnectionSources.Places);
        }

        return resolved;
    }

    public async ValueTask DisposeAsync()
    {
        if (_managed is not null)
        {
            await _managed.DisposeAsync();
        }
    }
}
