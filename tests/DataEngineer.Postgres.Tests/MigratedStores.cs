using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

/// <summary>
/// A class fixture for the store contracts: a database of its own on the shared cluster, and a fresh, migrated
/// metadata schema in it for every store a test creates.
/// </summary>
public sealed class MigratedStores : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _database = new();
    private NpgsqlDataSource? _dataSource;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    /// <summary>A store on a new schema, migrated to the latest version.</summary>
    public async Task<IMetadataStore> CreateAsync()
    {
        var dataSource = _dataSource ?? throw new InvalidOperationException("The fixture's database exists only after InitializeAsync.");
        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(dataSource, schema);
        return new PostgresMetadataStore(dataSource, new PostgresMetadataStoreOptions { Schema = schema });
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
