using DataEngineer.Testing;

namespace DataEngineer.Host.Tests;

/// <summary>A fresh warehouse database for one test class, and the settings that point the CLI at it.</summary>
public sealed class CliFixture : IDisposable
{
    private readonly PostgresDatabaseFixture _warehouse = new();

    public CliFixture() => _warehouse.InitializeAsync().GetAwaiter().GetResult();

    public string WarehouseConnectionString => _warehouse.ConnectionString;

    /// <summary>A compiled-DAG cache of this fixture's own, so executable tests start from a cold cache.</summary>
    public string DagCacheFolder { get; } = Directory.CreateTempSubdirectory("dataengineer-dag-cache-").FullName;

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Warehouse"] = _warehouse.ConnectionString,
    };

    public Task<CliResult> RunAsync(params string[] args) => CliHarness.RunAsync(Settings, args);

    public void Dispose()
    {
        _warehouse.DisposeAsync().GetAwaiter().GetResult();
        Directory.Delete(DagCacheFolder, recursive: true);
    }
}
