using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

/// <summary>The code and trace contract against PostgreSQL: each test gets a fresh, migrated schema in the class's database.</summary>
public sealed class PostgresCodeAndTraceTests(PostgresDatabaseFixture database)
    : CodeAndTraceContract, IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IMetadataStore> CreateStoreAsync()
    {
        _dataSource ??= NpgsqlDataSource.Create(database.ConnectionString);
        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(_dataSource, schema);
        return new PostgresMetadataStore(_dataSource, new PostgresMetadataStoreOptions { Schema = schema });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
