using DataEngineer.Core.Storage;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>The dataset event store contract against PostgreSQL, each test on a fresh, migrated schema.</summary>
public sealed class PostgresDatasetEventStoreTests(MigratedStores stores) : DatasetEventStoreContract, IClassFixture<MigratedStores>
{
    protected override Task<IMetadataStore> CreateStoreAsync() => stores.CreateAsync();
}
