using DataEngineer.Postgres.Local;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// The connection strings tasks get: every non-empty <c>ConnectionStrings:*</c> entry, and, when no
/// <c>Warehouse</c> is configured, a <c>warehouse</c> database on the managed local PostgreSQL,
/// started (or attached to) on first need and stopped on dispose if this process started it.
/// </summary>
internal sealed class TaskConnections : IAsyncDisposable
{
    public const string Warehouse = "Warehouse";
    private const string ManagedWarehouseDatabase = "warehouse";

    private LocalPostgres? _managed;

    private TaskConnections(Dictionary<string, string> connections) => Connections = connections;

    public IReadOnlyDictionary<string, string> Connections { get; }

    /// <summary>Where the managed server keeps its data, when one is used.</summary>
    public string? ManagedDataDirectory => _managed?.DataDirectory;

    public static async Task<TaskConnections> ResolveAsync(IConfiguration configuration, CancellationToken ct)
    {
        var connections = configuration.GetSection("ConnectionStrings").GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
        var resolved = new TaskConnections(connections);
        if (!connections.ContainsKey(Warehouse))
        {
            resolved._managed = await ManagedPostgres.StartAsync(configuration, Warehouse, ct);
            await resolved._managed.EnsureDatabaseAsync(ManagedWarehouseDatabase, ct);
            connections[Warehouse] = resolved._managed.ConnectionString(ManagedWarehouseDatabase);
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
