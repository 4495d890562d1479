using DataEngineer.Testing;

namespace DataEngineer.Host.Tests;

/// <summary>A fresh warehouse database for one test class, and the settings that point the CLI at it.</summary>
public sealed class CliFixture : IDisposable
{
    private readonly PostgresDatabaseFixture _warehouse = new();

    public CliFixture() => _warehouse.InitializeAsync().GetAwaiter().GetResult();

    public string WarehouseConnectionString => _warehouse.ConnectionString;

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Warehouse"] = _warehouse.ConnectionString,
    };

    public Task<CliResult> RunAsync(params string[] args) => CliHarness.RunAsync(Settings, args);

    public void Dispose() => _warehouse.DisposeAsync().GetAwaiter().GetResult();
}
